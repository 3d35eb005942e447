#include "report/internal/charts.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/internal/labels.hpp"

namespace tiaojie::report::internal {
namespace {

// The trend axis labels: W48 for weeks, M11 for months, Q4 for quarters (PeriodKind order).
const char* const k_axis_prefix[] = {"W", "M", "Q"};

constexpr int k_label_width = 92;
constexpr int k_bar_width = 300;
constexpr int k_row = 20;
constexpr const char* k_open_colour = "#7f9fc4";
constexpr const char* k_overdue_colour = "#c0392b";
constexpr const char* k_age_colours[] = {"#cfe3c8", "#f3d98b", "#f0a35e", "#c0392b"};

std::string legend(int x, int y, const char* colour, std::string_view label) {
  return fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
      "<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
      x, y, colour, x + 14, y + 9, escape_html(label));
}

}  // namespace

std::string streets_chart(const std::vector<UnitRow>& streets, Lang lang) {
  const int height = 24 + k_row * static_cast<int>(std::max<std::size_t>(streets.size(), 1));
  const int width = k_label_width + k_bar_width + 110;
  std::int64_t max_open = 1;
  for (const auto& s : streets) max_open = std::max(max_open, s.flows.open_end);
  std::string out = fmt::format(
      "<svg class=\"chart\" id=\"chart-streets\" xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\">",
      width, height);
  out += legend(k_label_width, 2, k_open_colour, text(lang, "open_end"));
  out += legend(k_label_width + 110, 2, k_overdue_colour, text(lang, "overdue_mediation"));
  int y = 20;
  for (const auto& s : streets) {
    const double scale = static_cast<double>(k_bar_width) / static_cast<double>(max_open);
    const double open_w = static_cast<double>(s.flows.open_end) * scale;
    const double overdue_w = static_cast<double>(s.backlog.overdue_mediation) * scale;
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
                       k_label_width - 6, y + 13, escape_html(s.name));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"14\" fill=\"{}\"/>",
                       k_label_width, y + 2, open_w, k_open_colour);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"14\" fill=\"{}\"/>",
                       k_label_width, y + 2, overdue_w, k_overdue_colour);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\">{} / {} ({})</text>",
                       k_label_width + open_w + 4, y + 13, s.backlog.overdue_mediation,
                       s.flows.open_end, percent(s.overdue_ratio()));
    y += k_row;
  }
  return out + "</svg>";
}

std::string trend_chart(const std::vector<TrendPoint>& trend, Lang lang) {
  constexpr int width = 460, height = 230, left = 40, right = 12, top = 24, bottom = 36;
  std::int64_t max_v = 1;
  for (const auto& p : trend) {
    max_v = std::max({max_v, p.flows.open_end, p.flows.new_cases, p.overdue_mediation});
  }
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  const auto x = [&](std::size_t i) {
    return left + (trend.size() > 1
                       ? plot_w * static_cast<double>(i) / static_cast<double>(trend.size() - 1)
                       : 0.0);
  };
  const auto y = [&](std::int64_t v) {
    return top + plot_h - plot_h * static_cast<double>(v) / static_cast<double>(max_v);
  };
  std::string out = fmt::format(
      "<svg class=\"chart\" id=\"chart-trend\" xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\">",
      width, height);
  out += legend(left, 4, k_open_colour, text(lang, "open_end"));
  out += legend(left + 110, 4, k_overdue_colour, text(lang, "overdue_mediation"));
  out += legend(left + 240, 4, "#555", text(lang, "new_cases"));
  for (int g = 0; g <= 4; ++g) {
    const std::int64_t v = max_v * g / 4;
    out += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
        left, width - right, y(v), y(v), left - 4, y(v) + 3, v);
  }
  const auto line = [&](auto value, const char* colour, const char* dash) {
    std::string points;
    for (std::size_t i = 0; i < trend.size(); ++i) {
      points += fmt::format("{:.1f},{:.1f} ", x(i), y(value(trend[i])));
    }
    return fmt::format(
        "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" {} points=\"{}\"/>", colour, dash,
        points);
  };
  out += line([](const TrendPoint& p) { return p.flows.open_end; }, k_open_colour, "");
  out += line([](const TrendPoint& p) { return p.overdue_mediation; }, k_overdue_colour, "");
  out += line([](const TrendPoint& p) { return p.flows.new_cases; }, "#555",
              "stroke-dasharray=\"4 3\"");
  for (std::size_t i = 0; i < trend.size(); ++i) {
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}{:02}</text>", x(i),
        height - bottom + 14, k_axis_prefix[static_cast<int>(trend[i].period.kind)],
        trend[i].period.number);
  }
  return out + "</svg>";
}

std::string ageing_chart(const std::vector<UnitRow>& streets, Lang lang) {
  const int height = 24 + k_row * static_cast<int>(std::max<std::size_t>(streets.size(), 1));
  const int width = k_label_width + k_bar_width + 40;
  std::int64_t max_open = 1;
  for (const auto& s : streets) max_open = std::max(max_open, s.flows.open_end);
  std::string out = fmt::format(
      "<svg class=\"chart\" id=\"chart-ageing\" xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\">",
      width, height);
  const char* keys[] = {"age_0_7", "age_8_15", "age_16_30", "age_over_30"};
  for (int b = 0; b < 4; ++b)
    out += legend(k_label_width + 78 * b, 2, k_age_colours[b], text(lang, keys[b]));
  int y = 20;
  const double scale = static_cast<double>(k_bar_width) / static_cast<double>(max_open);
  for (const auto& s : streets) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
                       k_label_width - 6, y + 13, escape_html(s.name));
    double x = k_label_width;
    for (int b = 0; b < 4; ++b) {
      const double w = static_cast<double>(s.backlog.ageing[b]) * scale;
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"14\" fill=\"{}\"/>",
                         x, y + 2, w, k_age_colours[b]);
      x += w;
    }
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\">{}</text>", x + 4, y + 13,
                       s.flows.open_end);
    y += k_row;
  }
  return out + "</svg>";
}

std::string categories_chart(const std::vector<UnitRow>& categories, Lang lang) {
  const int height = 24 + k_row * static_cast<int>(std::max<std::size_t>(categories.size(), 1));
  const int width = k_label_width + k_bar_width + 70;
  std::int64_t max_v = 1;
  for (const auto& c : categories) max_v = std::max({max_v, c.flows.open_end, c.flows.new_cases});
  std::string out = fmt::format(
      "<svg class=\"chart\" id=\"chart-categories\" xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\">",
      width, height);
  out += legend(k_label_width, 2, k_open_colour, text(lang, "open_end"));
  out += legend(k_label_width + 110, 2, "#555", text(lang, "new_cases"));
  const double scale = static_cast<double>(k_bar_width) / static_cast<double>(max_v);
  int y = 20;
  for (const auto& c : categories) {
    const double open_w = static_cast<double>(c.flows.open_end) * scale;
    const double new_w = static_cast<double>(c.flows.new_cases) * scale;
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
                       k_label_width - 6, y + 13, escape_html(c.name));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"10\" fill=\"{}\"/>",
                       k_label_width, y + 2, open_w, k_open_colour);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"4\" fill=\"#555\"/>",
                       k_label_width, y + 13, new_w);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\">{} / +{}</text>",
                       k_label_width + std::max(open_w, new_w) + 4, y + 13, c.flows.open_end,
                       c.flows.new_cases);
    y += k_row;
  }
  return out + "</svg>";
}

}  // namespace tiaojie::report::internal

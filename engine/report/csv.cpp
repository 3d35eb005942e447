// render_csv (render.hpp): every table of the report, one after another, for Excel.
#include <fmt/format.h>

#include "report/internal/clock_table.hpp"
#include "report/internal/labels.hpp"
#include "report/render.hpp"

namespace tiaojie::report {
namespace {

using internal::text;

// RFC 4180 quoting: only when the field holds a separator, a quote or a line break.
std::string field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void line(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += field(fields[i]);
  }
  out += "\r\n";
}

void table(std::string& out, Lang lang, std::string_view key, const std::vector<UnitRow>& rows) {
  line(out, {std::string(text(lang, key))});
  std::vector<std::string> head{std::string(text(lang, "unit")), "id"};
  for (const auto& c : internal::unit_columns()) head.emplace_back(text(lang, c.key));
  line(out, head);
  for (const auto& r : rows) {
    std::vector<std::string> f{internal::display_name(lang, key, r), r.key};
    for (const auto& c : internal::unit_columns()) f.push_back(c.value(r));
    line(out, f);
  }
  out += "\r\n";
}

}  // namespace

std::string render_csv(const WeeklyReport& rep, Lang lang) {
  std::string out = "\xEF\xBB\xBF";
  line(out, {std::string(text(lang, "title")), format_iso_week(rep.week),
             internal::week_dates(rep.week), format_timestamp(rep.generated_at)});
  out += "\r\n";
  table(out, lang, "summary", {rep.total});
  table(out, lang, "levels", rep.levels);
  table(out, lang, "streets", rep.streets);
  table(out, lang, "bodies", rep.bodies);
  table(out, lang, "categories", rep.categories);
  table(out, lang, "channels", rep.channels);

  line(out, {std::string(text(lang, "trend"))});
  line(out, {std::string(text(lang, "week")), std::string(text(lang, "open_start")),
             std::string(text(lang, "new_cases")), std::string(text(lang, "closed")),
             std::string(text(lang, "open_end")), std::string(text(lang, "overdue_mediation")),
             std::string(text(lang, "overdue_hotline"))});
  for (const auto& p : rep.trend) {
    line(out, {format_iso_week(p.week), std::to_string(p.flows.open_start),
               std::to_string(p.flows.new_cases), std::to_string(p.flows.closed()),
               std::to_string(p.flows.open_end), std::to_string(p.overdue_mediation),
               std::to_string(p.overdue_hotline)});
  }
  out += "\r\n";
  line(out, {std::string(text(lang, "oldest"))});
  line(out, {std::string(text(lang, "case_id")), std::string(text(lang, "body")), "id",
             std::string(text(lang, "category")), std::string(text(lang, "age_days")),
             std::string(text(lang, "due"))});
  for (const auto& c : rep.oldest) {
    line(out,
         {std::to_string(c.case_id), c.body_name, c.body,
          internal::category_label(lang, c.category), std::to_string(c.age_days),
          c.due ? format_date(*c.due) +
                      (c.due_provisional ? fmt::format(" ({})", text(lang, "provisional")) : "")
                : ""});
  }
  if (auto clocks = internal::clock_table(rep.clocks, lang); !clocks.rows.empty()) {
    out += "\r\n";
    line(out, {clocks.title});
    line(out, clocks.head);
    for (const auto& r : clocks.rows) line(out, r);
  }
  return out;
}

}  // namespace tiaojie::report

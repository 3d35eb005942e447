#include "report/render.hpp"

namespace tiaojie::report {

std::optional<Format> parse_format(std::string_view text) {
  if (text == "md" || text == "markdown") return Format::markdown;
  if (text == "csv") return Format::csv;
  if (text == "json") return Format::json;
  if (text == "html") return Format::html;
  return std::nullopt;
}

std::optional<Lang> parse_lang(std::string_view text) {
  if (text == "zh") return Lang::zh;
  if (text == "en") return Lang::en;
  return std::nullopt;
}

std::string_view extension(Format format) {
  switch (format) {
    case Format::markdown:
      return "md";
    case Format::csv:
      return "csv";
    case Format::json:
      return "json";
    case Format::html:
      return "html";
  }
  return "txt";
}

std::string render(const WeeklyReport& report, Format format, Lang lang) {
  switch (format) {
    case Format::markdown:
      return render_markdown(report, lang);
    case Format::csv:
      return render_csv(report, lang);
    case Format::json:
      return render_json(report, lang);
    case Format::html:
      return render_html(report, lang);
  }
  return {};
}

}  // namespace tiaojie::report

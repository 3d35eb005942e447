// Rendering a WeeklyReport: Markdown for a terminal, CSV for Excel (UTF-8 with a BOM), JSON with
// the schema of docs/reports.md, and a self-contained print-friendly HTML page with inline SVG
// charts. Chinese labels by default. The JSON keys are the schema's and never translated.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "report/weekly.hpp"

namespace tiaojie::report {

enum class Format { markdown, csv, json, html };
enum class Lang { zh, en };

// "md" (or "markdown"), "csv", "json", "html"; nullopt for anything else.
[[nodiscard]] std::optional<Format> parse_format(std::string_view text);
// "zh", "en"; nullopt for anything else.
[[nodiscard]] std::optional<Lang> parse_lang(std::string_view text);
// The file extension without a dot: "md", "csv", "json", "html".
[[nodiscard]] std::string_view extension(Format format);

[[nodiscard]] std::string render_markdown(const WeeklyReport& report, Lang lang);
// The beginning of render_markdown, up to and including the table per street: the totals, the
// units with the worst overdue ratio and the largest growth, and the tables per level and per
// street — what tells a manager at a glance which streets fall behind.
[[nodiscard]] std::string render_markdown_first_screen(const WeeklyReport& report, Lang lang);
// Starts with the UTF-8 byte order mark (EF BB BF) so that Excel reads Chinese correctly. One
// table after another, each introduced by a title row and separated by an empty line.
[[nodiscard]] std::string render_csv(const WeeklyReport& report, Lang lang);
// JSON per docs/reports.md (schema "tiaojie.report.weekly/1"); `lang` only picks the names of
// levels, categories and channels in the "label" fields.
[[nodiscard]] std::string render_json(const WeeklyReport& report, Lang lang);
[[nodiscard]] std::string render_html(const WeeklyReport& report, Lang lang);

[[nodiscard]] std::string render(const WeeklyReport& report, Format format, Lang lang);

}  // namespace tiaojie::report

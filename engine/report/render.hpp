// Rendering a WeeklyReport: Markdown for a terminal, CSV for Excel (UTF-8 with a BOM), JSON with
// the schema of docs/reports.md, and a self-contained print-friendly HTML page with inline SVG
// charts. Chinese labels by default. The JSON keys are the schema's and never translated.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
// One CSV file of the report: `name` is the table's key ("summary", "levels", "streets",
// "bodies", "categories", "channels", "trend", "worst_overdue", "largest_growth", "oldest",
// "major", "key_disputes", then "clocks" when any and "handling"); `text` starts with the UTF-8
// byte order mark (EF BB BF) so that Excel reads Chinese correctly, has one header row and CRLF
// line ends.
struct CsvFile {
  std::string name;
  std::string text;
};
// One file per table, in the order above. The unit tables end with a 合计 row and carry the
// 超期预警 flag (是/否) as their last column.
[[nodiscard]] std::vector<CsvFile> render_csv_files(const WeeklyReport& report, Lang lang);
// "report-2026-W48-categories.csv" ("report-2026-11-…", "report-2026-Q4-…"): the name a table's
// file is written under.
[[nodiscard]] std::string csv_file_name(Period period, std::string_view table);
// Every file of render_csv_files one after another, each introduced by a "# <file name>" line
// (one BOM at the start): what `--format csv -o -` prints for a terminal or a pipe.
[[nodiscard]] std::string render_csv(const WeeklyReport& report, Lang lang);
// JSON per docs/reports.md (schema "tiaojie.report.weekly/1"); `lang` only picks the names of
// levels, categories and channels in the "label" fields.
[[nodiscard]] std::string render_json(const WeeklyReport& report, Lang lang);
[[nodiscard]] std::string render_html(const WeeklyReport& report, Lang lang);

[[nodiscard]] std::string render(const WeeklyReport& report, Format format, Lang lang);

}  // namespace tiaojie::report

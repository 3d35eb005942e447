// Writing a period's report files into a folder (the daemon's scheduled reports, design.md §9):
// "<dir>/2026-W47.md" (a month "2026-11.md", a quarter "2026-Q4.md"), ".json", ".html", and one
// CSV file per table
// ("<dir>/report-2026-W47-streets.csv", csv_file_name). Each file is written to a temporary name
// and renamed, so a reader never sees half a report and a crash leaves no partial file behind.
// Thread-safety: no shared state; two writers must not share one folder.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <vector>

#include "model/error.hpp"
#include "report/render.hpp"

namespace tiaojie::report {

// Writes the report in every format of `formats` (all four by default), creating `dir` if needed;
// with the CSV files goes the same tables' workbook (write_xlsx, "report-2026-W47.xlsx").
// Returns the paths written. Errors: io_error naming the file.
[[nodiscard]] Result<std::vector<std::filesystem::path>> write_week_files(
    const std::filesystem::path& dir, const WeeklyReport& report, Lang lang,
    std::span<const Format> formats = {});

// The report's tables as one Excel workbook: a sheet per CSV file of render_csv_files, in the
// same order, named by the table's title (分街道 …), the same cells, numbers stored as numbers
// (a percentage as a fraction shown 0%), the header row bold and frozen. Written to a temporary
// name, then renamed. Errors: io_error naming the file.
[[nodiscard]] Result<std::filesystem::path> write_xlsx(const std::filesystem::path& path,
                                                       const WeeklyReport& report, Lang lang);
// "report-2026-W47.xlsx" ("report-2026-11.xlsx" …).
[[nodiscard]] std::string xlsx_file_name(Period period);

// The latest week with a complete set written in `dir` (its .json file, written last, exists),
// or nullopt when none (or no such folder). Files of other names are ignored.
[[nodiscard]] std::optional<IsoWeek> last_written_week(const std::filesystem::path& dir);
// The same for months ("2026-11.json") or quarters ("2026-Q4.json"): the latest of `kind`.
[[nodiscard]] std::optional<Period> last_written_period(const std::filesystem::path& dir,
                                                        PeriodKind kind);

}  // namespace tiaojie::report

// Writing a week's report files into a folder (the daemon's scheduled reports, design.md §9):
// "<dir>/2026-W47.md", ".json", ".html", and one CSV file per table
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

// Writes the report in every format of `formats` (all four by default), creating `dir` if needed.
// Returns the paths written. Errors: io_error naming the file.
[[nodiscard]] Result<std::vector<std::filesystem::path>> write_week_files(
    const std::filesystem::path& dir, const WeeklyReport& report, Lang lang,
    std::span<const Format> formats = {});

// The latest week with a complete set written in `dir` (its .json file, written last, exists),
// or nullopt when none (or no such folder). Files of other names are ignored.
[[nodiscard]] std::optional<IsoWeek> last_written_week(const std::filesystem::path& dir);

}  // namespace tiaojie::report

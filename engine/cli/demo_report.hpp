// The demo's last step: the weekly backlog report of the demo's week, computed from the store the
// daemon left behind (as `tiaojie report weekly` would, no daemon needed), written in every format
// into a folder, with its first screen for the terminal.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/time.hpp"
#include "report/week.hpp"
#include "report/weekly.hpp"
#include "store/location.hpp"

namespace tiaojie::cli {

struct DemoReport {
  std::string first_screen;  // Markdown: totals, units falling behind, levels, streets
  std::vector<std::filesystem::path> files;  // <out_dir>/<week>.md, .csv, .json, .html
};

// `options`: the configuration's [reports] presentation (district, issuer, thresholds).
// Errors: the store or graph cannot be opened, a file cannot be written, or the report breaks one
// of its own invariants (a bug, reported rather than printed as if it were true).
[[nodiscard]] Result<DemoReport> write_demo_report(const store::StoreLocation& store_at,
                                                   const std::filesystem::path& graph_path,
                                                   const std::filesystem::path& out_dir,
                                                   report::IsoWeek week, Timestamp now,
                                                   report::ReportOptions options);

}  // namespace tiaojie::cli

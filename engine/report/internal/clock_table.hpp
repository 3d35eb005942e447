// The suspended and extended clocks of a report (clocks.hpp) as one table of text cells that every
// format lays out its own way, and as the JSON object of the schema (docs/reports.md "clocks").
// The column labels are labels.cpp's (clock_*), worded for the period: 本月中止 in a monthly
// report.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "report/render.hpp"

namespace tiaojie::report::internal {

struct ClockTable {
  std::string title;
  std::vector<std::string> head;               // unit, id, then the counts
  std::vector<std::vector<std::string>> rows;  // the total first, then the bodies
};

// Empty rows when the period had nothing to count (the formats then print "none" or skip it).
[[nodiscard]] ClockTable clock_table(const ClockSummary& clocks, Lang lang, PeriodKind kind);

// {"total": {…}, "bodies": [{"body", "label", …}]} with the ClockCounts fields.
[[nodiscard]] boost::json::object clocks_json(const ClockSummary& clocks);

}  // namespace tiaojie::report::internal

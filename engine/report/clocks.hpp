// Suspended and extended deadline clocks in a report week (issue 13: "reports show suspended time
// and extensions"). A clock is suspended (`suspend`, e.g. for an appraisal, 鉴定) and resumed, or
// extended within what its rule allows (docs/calendar.md "Suspension and extension"); the report
// counts, per body that held the case at the time and in total:
//  - suspended: suspensions that began in the week; resumed: those that ended in it;
//  - suspended_at_end: open cases whose clock is stopped at the week's end;
//  - suspended_days: calendar days of stopped clocks inside the week, summed over cases (a case
//    stopped all week counts 7), rounded down;
//  - extensions: extensions granted in the week.
// Read from the report steps' flags (input.hpp), so a store written before they were recorded
// shows none. Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/body_graph.hpp"
#include "model/time.hpp"
#include "report/input.hpp"

namespace tiaojie::report {

struct ClockCounts {
  std::int64_t suspended = 0;
  std::int64_t resumed = 0;
  std::int64_t suspended_at_end = 0;
  std::int64_t suspended_days = 0;
  std::int64_t extensions = 0;
  [[nodiscard]] bool empty() const {
    return suspended == 0 && resumed == 0 && suspended_at_end == 0 && suspended_days == 0 &&
           extensions == 0;
  }
  friend bool operator==(const ClockCounts&, const ClockCounts&) = default;
};

struct ClockRow {
  std::string body;  // id
  std::string name;  // from the graph; the id without one
  ClockCounts counts;
};

struct ClockSummary {
  ClockCounts total;
  std::vector<ClockRow> bodies;  // by id; only bodies with something to count
};

// The week [start, end)'s suspensions and extensions in `input`, for the bodies `in_scope` accepts
// (by index into input.bodies).
[[nodiscard]] ClockSummary compute_clocks(const ReportInput& input, const graph::BodyGraph* graph,
                                          Timestamp start, Timestamp end,
                                          const std::vector<bool>& in_scope);

}  // namespace tiaojie::report

// Handling time in working days (办理时长, issue 17: the district's "cutting handling time by 35
// working days"): for each case resolved in the report's period, the working days from its
// receipt to its resolution, less the working days its deadline clock was suspended (鉴定 …).
//
// The count, precisely (docs/reports.md "Handling time" says the same in prose; each rule a test):
//  - Dates are Asia/Shanghai. Working days are those of the Chinese calendar (lifecycle/
//    calendar.hpp): holidays are rest days, make-up Saturdays and Sundays (调休上班) are working.
//  - As the law counts periods (民法典 art. 201), the day of receipt is not counted: handling time
//    = the working days in (receipt date, resolution date]. A case received at 10:00 and resolved
//    at 16:00 the same day took 0 working days; received on a Friday, resolved the next Monday, 1.
//  - A suspension from date S to date R (the `suspended` and `resumed` events; R = the resolution
//    date while still suspended) subtracts the working days in (S, R], as the deadline does
//    (lifecycle::suspended_units). The result is never below 0.
//  - Counted: each resolution (status resolved, 调解成功) in the period, at the body that resolved
//    it (the lead until then). Not counted: failed and withdrawn cases (not 调解成功) and cases
//    still open — they have no handling time yet.
//  - Per body, level (社区级/街道级/区级) and street (街道) of the resolving body and in total:
//    the number of cases, the mean (one decimal), the median and the P90 (nearest rank, whole
//    days), for the period and the one before it (the change).
//  - A year with no calendar file is counted Monday–Friday and the summary marked provisional.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "graph/body_graph.hpp"
#include "lifecycle/calendar.hpp"
#include "model/time.hpp"
#include "report/input.hpp"

namespace tiaojie::report {

struct ReportScope;

// A stretch during which the case's deadline clock was stopped.
struct Suspension {
  Timestamp since{};
  Timestamp until{};
};

// The handling time of one case, by the rules above. Errors: not_found for a date in a year the
// calendar has no data for (a calendar without the provisional fallback).
[[nodiscard]] Result<std::int64_t> handling_working_days(const lifecycle::WorkingCalendar& calendar,
                                                         Timestamp received, Timestamp resolved,
                                                         std::span<const Suspension> suspended);

struct HandlingStats {
  std::int64_t cases = 0;
  std::optional<double> mean;  // working days; absent when no case
  std::optional<std::int64_t> median;
  std::optional<std::int64_t> p90;
  friend bool operator==(const HandlingStats&, const HandlingStats&) = default;
};

struct HandlingRow {
  std::string key;   // body id, level id, street name; "all" for the total
  std::string name;  // the body's name from the graph; otherwise the key
  HandlingStats current;
  HandlingStats previous;  // the period before (same length of kind: week, month, quarter)
};

struct HandlingSummary {
  bool provisional = false;  // some count ran through a year with no calendar file
  HandlingRow total;
  // Only rows with a resolution in either period. Levels: community, street, district, unknown;
  // streets in the graph's order, then 区级; bodies by id.
  std::vector<HandlingRow> levels;
  std::vector<HandlingRow> streets;
  std::vector<HandlingRow> bodies;
};

// The handling times of the cases resolved in [start, end) and in [previous_start, start), for
// the bodies in `scope` (body_in_scope). `calendar` null: Monday–Friday, marked provisional.
[[nodiscard]] HandlingSummary compute_handling(const ReportInput& input,
                                               const graph::BodyGraph* graph,
                                               const ReportScope& scope,
                                               const lifecycle::WorkingCalendar* calendar,
                                               Timestamp previous_start, Timestamp start,
                                               Timestamp end);

}  // namespace tiaojie::report

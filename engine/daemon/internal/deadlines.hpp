// Where the engine asks the lifecycle about deadlines (design.md §7): the due date of a new case,
// and, for an open case, which events are due now (due soon, overdue, supervision notice,
// escalation, the channel's reply deadline) and when it next needs a look. The arithmetic and the
// policy are the lifecycle's (working-day calendar, deadline_policy.hpp, reply_deadline.hpp); this
// file adapts the engine's compact OpenCaseInfo to them.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/internal/engine_impl.hpp"
#include "daemon/internal/snapshots.hpp"

namespace tiaojie::daemon::internal {

// A deadline counted from its start date. The daemon's calendar has the provisional fallback, so
// a year without a calendar file gives a date marked provisional, never none.
struct ComputedDue {
  std::optional<CivilDate> due;  // none only for a period the arithmetic refuses (logged)
  int provisional_year = 0;      // non-zero: counted across this year, which has no calendar file
};

// The last day of `period` counted from `start` (the date of its start event), lengthened by
// `extra_units` (suspended time and extensions, lifecycle::period_end).
[[nodiscard]] ComputedDue compute_due(const lifecycle::WorkingCalendar& calendar,
                                      const Deadline& period, CivilDate start, int extra_units = 0);

// The office hours of `body` in `graph`; the default hours (08:30–12:00, 14:00–17:30) for a body
// the graph does not hold (none yet, or removed by a reload).
[[nodiscard]] OfficeHours body_hours(const graph::BodyGraph& graph, const BodyId& body);

struct DeadlineStep {
  std::vector<lifecycle::Event> events;  // due now, in order
  std::optional<Timestamp> next_wake;    // when to look again; nullopt: nothing pending
};

// How long a case whose deadline the calendar cannot decide (a year without its file) waits before
// it is looked at again.
inline constexpr std::chrono::hours k_deadline_retry{1};

// Both clocks of an open case at `now`. Idempotent: the same info and time give no new events
// once the earlier ones are recorded in `info`. When the calendar cannot decide the deadline
// (logged), no deadline events and next_wake = now + k_deadline_retry.
[[nodiscard]] DeadlineStep deadline_step(std::int64_t case_id, const OpenCaseInfo& info,
                                         Timestamp now, const Snapshots& snap,
                                         const DueSoonPolicy& policy);

}  // namespace tiaojie::daemon::internal

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

// The due date of a case received at `received_at`, or nullopt when the calendar cannot say (a
// year without calendar data: logged).
[[nodiscard]] std::optional<CivilDate> deadline_date(const lifecycle::WorkingCalendar& calendar,
                                                     const Deadline& deadline, Timestamp received_at);

struct DeadlineStep {
  std::vector<lifecycle::Event> events;  // due now, in order
  std::optional<Timestamp> next_wake;    // when to look again; nullopt: nothing pending
};

// How long a case whose deadline the calendar cannot decide (a year without its file) waits before
// it is looked at again.
inline constexpr std::chrono::hours k_deadline_retry{1};

// Both clocks of an open case at `now`. Idempotent: the same info and time give no new events
// once the earlier ones are recorded in `info`. When the calendar cannot decide the deadline (logged),
// no deadline events and next_wake = now + k_deadline_retry.
[[nodiscard]] DeadlineStep deadline_step(std::int64_t case_id, const OpenCaseInfo& info, Timestamp now,
                                         const Snapshots& snap, const DueSoonPolicy& policy);

}  // namespace tiaojie::daemon::internal

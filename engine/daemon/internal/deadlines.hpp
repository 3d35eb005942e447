// Where the engine asks the lifecycle about deadlines: the due date of a new case, when an open
// case next needs a look, and which events are due for it now (due soon, overdue, escalation,
// supervision notice). The arithmetic and the policy are the lifecycle's (working-day calendar,
// design.md §7); this file only adapts the engine's compact OpenCaseInfo to it.
#pragma once

#include <optional>
#include <vector>

#include "daemon/internal/engine_impl.hpp"
#include "graph/body_graph.hpp"

namespace tiaojie::daemon::internal {

// The deadline date of a case received at `received_at`, or nullopt when none applies.
[[nodiscard]] std::optional<CivilDate> deadline_date(const Deadline& deadline, Timestamp received_at);

// When the case next needs a deadline look, or nullopt when nothing is pending.
[[nodiscard]] std::optional<Timestamp> next_deadline_wakeup(const OpenCaseInfo& info, int due_soon_days);

// The events due for the case at `now`; marks in `info` what they record (so that a second look
// before they are committed does not repeat them).
[[nodiscard]] std::vector<lifecycle::Event> deadline_events(std::int64_t case_id, OpenCaseInfo& info,
                                                            Timestamp now, int due_soon_days,
                                                            const graph::BodyGraph& graph);

}  // namespace tiaojie::daemon::internal

// The deadline policy (design.md §7): what the engine does as a case's deadline approaches and
// passes. Pure: the daemon calls check_deadline when a timer fires (and for every open case at
// start), appends the events it returns, and re-arms its timer for `next_wake`.
//
// For an open case with a due date D:
//  * due soon: from the start (00:00) of the working day `due_soon_working_days` working days
//    before D, one `due_soon` event addressed to the body;
//  * overdue: from the end of D (overdue_at(D)), one `overdue` event; then a supervision notice
//    (督办函) addressed to the body and its `escalates_to` parent; then an `escalated` event moving
//    the case (same case id) to the parent with a new due date `escalation_working_days` working
//    days after the day it became overdue. A body with no parent (the district top) gets the
//    notice alone and keeps the case. A case still `received` (no body yet) gets the `overdue`
//    event alone: there is nobody to notify, and intake's own timer handles it.
// Each warning is emitted once per due date (CaseState::due_soon_sent / overdue_sent), so calling
// check_deadline again with the same state and time returns nothing new: it is idempotent, and a
// daemon restarted after a crash cannot send a notice twice once the first was stored.
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "lifecycle/case_state.hpp"
#include "lifecycle/deadline.hpp"

namespace tiaojie::lifecycle {

struct DeadlinePolicy {
  // Working days before the due date on which the due-soon warning is sent. Default: 2.
  int due_soon_working_days = 2;
  // Working days the parent body gets after an overdue escalation, counted from the day the case
  // became overdue. Default: 5.
  int escalation_working_days = 5;
};

// The `escalates_to` parent of a body, or nullopt at the top. Supplied by the caller from the
// current body graph snapshot.
using ParentOf = std::function<std::optional<BodyId>(const BodyId&)>;

struct DeadlineCheck {
  std::vector<Event> events;           // to append, in order (case_id = the state's id)
  std::optional<Timestamp> next_wake;  // when to check again; nullopt: no deadline pending
};

// The events due at `now` for `state`, and when to look again. Events carry at = now and
// actor = "system". Errors: not_found when the calendar lacks a year it needs.
[[nodiscard]] Result<DeadlineCheck> check_deadline(const CaseState& state,
                                                   const WorkingCalendar& calendar,
                                                   const DeadlinePolicy& policy, Timestamp now,
                                                   const ParentOf& parent_of);

// When the due-soon warning for `due` is due: the start of the working day
// policy.due_soon_working_days before it. Errors: not_found (calendar).
[[nodiscard]] Result<Timestamp> due_soon_at(const WorkingCalendar& calendar,
                                            const DeadlinePolicy& policy, CivilDate due);

}  // namespace tiaojie::lifecycle

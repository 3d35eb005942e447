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
// With the body's office hours (`hours`, the daemon always passes them): the case becomes overdue
// at close of business on D (民法典 art. 203) instead of 24:00, and the warnings above are
// delivered only while the body is open (office_hours.hpp): one raised outside its hours (a
// due-soon warning at 00:00, an overdue at the 17:30 close, any notice on a holiday) is returned
// as next_wake = the body's next opening and emitted then. The escalation's new due date counts
// from the day it is delivered: the parent's period starts when it receives the case. Without
// office hours (null), overdue_at(D) and delivery at any time.
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
#include "lifecycle/office_hours.hpp"

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
// actor = "system". `hours`: the office hours of the case's body, or null for none (above); not
// retained. An `escalated` event carries the provisional year when its new due date was counted
// across a year without a calendar file. Errors: not_found when the calendar lacks a year it needs.
[[nodiscard]] Result<DeadlineCheck> check_deadline(const CaseState& state,
                                                   const WorkingCalendar& calendar,
                                                   const DeadlinePolicy& policy, Timestamp now,
                                                   const ParentOf& parent_of,
                                                   const OfficeHours* hours = nullptr);

// The instant a case due on `due` becomes overdue: close of business with `hours`, else the
// midnight after `due`. Errors: not_found (calendar).
[[nodiscard]] Result<Timestamp> overdue_instant(const WorkingCalendar& calendar,
                                                const OfficeHours* hours, CivilDate due);

// When the due-soon warning for `due` is due: the start of the working day
// policy.due_soon_working_days before it. Errors: not_found (calendar).
[[nodiscard]] Result<Timestamp> due_soon_at(const WorkingCalendar& calendar,
                                            const DeadlinePolicy& policy, CivilDate due);

}  // namespace tiaojie::lifecycle

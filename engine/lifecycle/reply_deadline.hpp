// The channel's reply deadline: a second clock beside the mediation deadline (issue 6).
//
// A 12345 work order carries the hotline's own deadline for an answer (办理时限), an instant
// set by the hotline's service rules, independent of the statutory mediation deadline that the
// rules and the working-day calendar give the case (deadline_policy.hpp). Both run at once: a
// labour case may have 15 days to mediate but 3 days to reply to the hotline.
//
// For an open case with a reply deadline R (CaseState::reply_due):
//  * reply due soon: from R − policy.due_soon_before, one `reply_due_soon` event;
//  * reply overdue: from R (the instant itself), one `reply_overdue` event.
// Nothing escalates on this clock: the hotline supervises its own work orders; the events tell the
// body and the operators (subscribers, `get`, reports) that the answer is late.
// Each event is emitted once per deadline (reply_due_soon_sent / reply_overdue_sent), so calling
// check_reply_deadline again with the same state and time returns nothing new.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "lifecycle/case_state.hpp"

namespace tiaojie::lifecycle {

struct ReplyPolicy {
  // How long before the reply deadline the warning is sent. Default: 24 hours (12345 deadlines
  // are counted in days, often one to five working days).
  std::chrono::seconds due_soon_before{std::chrono::hours{24}};
};

struct ReplyCheck {
  std::vector<Event> events;           // to append, in order (case_id = the state's id)
  std::optional<Timestamp> next_wake;  // when to check again; nullopt: nothing pending
};

// The reply-clock events due at `now` for `state` (at = now, actor = "system", body = the case's
// body), and when to look again. A closed or finished case, or one without reply_due, gets none.
[[nodiscard]] ReplyCheck check_reply_deadline(const CaseState& state, const ReplyPolicy& policy,
                                              Timestamp now);

}  // namespace tiaojie::lifecycle

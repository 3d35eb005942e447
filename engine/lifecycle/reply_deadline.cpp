#include "lifecycle/reply_deadline.hpp"

namespace tiaojie::lifecycle {

ReplyCheck check_reply_deadline(const CaseState& state, const ReplyPolicy& policy, Timestamp now) {
  ReplyCheck out;
  if (!state.reply_due || !is_open(state.status)) return out;
  const Timestamp due = *state.reply_due;
  const Timestamp warn_at = due - policy.due_soon_before;
  auto event = [&](EventData data) {
    return Event{state.id, now, std::string(k_system_actor), state.body, std::move(data)};
  };
  bool soon_sent = state.reply_due_soon_sent;
  // A case that arrives already past its warning time but before the deadline still gets the
  // warning; one that arrives after the deadline gets only the overdue.
  if (!soon_sent && now >= warn_at && now < due) {
    out.events.push_back(event(ReplyDueSoon{due}));
    soon_sent = true;
  }
  if (!state.reply_overdue_sent && now >= due) {
    out.events.push_back(event(ReplyOverdue{due}));
    return out;  // nothing further on this clock
  }
  if (state.reply_overdue_sent) return out;
  out.next_wake = soon_sent || now >= warn_at ? due : warn_at;
  return out;
}

}  // namespace tiaojie::lifecycle

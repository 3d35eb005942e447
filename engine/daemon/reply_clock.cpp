#include "daemon/internal/reply_clock.hpp"

#include "lifecycle/reply_deadline.hpp"

namespace tiaojie::daemon::internal {
namespace {

// The part of a case's state the reply policy reads.
lifecycle::CaseState reply_state(std::int64_t case_id, const OpenCaseInfo& info) {
  lifecycle::CaseState s;
  s.id = lifecycle::CaseId{case_id};
  s.status = info.status;
  s.body = info.body;
  s.reply_due = info.reply_due;
  s.reply_due_soon_sent = info.reply_due_soon_sent;
  s.reply_overdue_sent = info.reply_overdue_sent;
  return s;
}

}  // namespace

std::optional<Timestamp> earliest(std::optional<Timestamp> a, std::optional<Timestamp> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

std::optional<Timestamp> next_reply_wakeup(const OpenCaseInfo& info) {
  if (!info.reply_due || info.reply_overdue_sent) return std::nullopt;
  const lifecycle::ReplyPolicy policy;
  return info.reply_due_soon_sent ? *info.reply_due : *info.reply_due - policy.due_soon_before;
}

std::vector<lifecycle::Event> reply_events(std::int64_t case_id, OpenCaseInfo& info, Timestamp now) {
  if (!info.reply_due) return {};
  auto check = lifecycle::check_reply_deadline(reply_state(case_id, info), lifecycle::ReplyPolicy{}, now);
  for (const auto& e : check.events) {
    if (e.kind() == lifecycle::EventKind::reply_due_soon) info.reply_due_soon_sent = true;
    if (e.kind() == lifecycle::EventKind::reply_overdue) info.reply_overdue_sent = true;
  }
  return std::move(check.events);
}

}  // namespace tiaojie::daemon::internal

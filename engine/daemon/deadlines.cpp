#include "daemon/internal/deadlines.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <mutex>

#include "lifecycle/deadline.hpp"
#include "lifecycle/deadline_policy.hpp"
#include "lifecycle/reply_deadline.hpp"

namespace tiaojie::daemon::internal {
namespace {

// How many cases a cause of "no due date" has hit so far. A missing calendar year hits every case
// whose deadline runs into that year: the warning goes out for the first case and then every
// 10,000th, not once per case, so the log stays readable and the intake is not slowed by it.
std::uint64_t count_cause(const std::string& cause) {
  static std::mutex mu;
  static std::map<std::string, std::uint64_t> seen;
  std::lock_guard lock(mu);
  return ++seen[cause];
}

}  // namespace

std::optional<CivilDate> deadline_date(const lifecycle::WorkingCalendar& calendar, const Deadline& deadline,
                                       Timestamp received_at) {
  auto due = lifecycle::due_date(calendar, received_at, deadline);
  if (!due) {
    const std::string cause = due.error().to_string();
    const auto n = count_cause(cause);
    if (n == 1 || n % 10000 == 0) {
      spdlog::warn("no due date for a case received {}: {} ({} case{} so far)", format_timestamp(received_at), cause,
                   n, n == 1 ? "" : "s");
    }
    return std::nullopt;
  }
  return *due;
}

OpenCaseInfo open_case_info(const lifecycle::CaseState& state) {
  OpenCaseInfo info;
  info.body = state.body;
  info.status = state.status;
  info.due = state.due;
  info.due_soon_sent = state.due_soon_sent;
  info.overdue_sent = state.overdue_sent;
  info.reply_due = state.reply_due;
  info.reply_due_soon_sent = state.reply_due_soon_sent;
  info.reply_overdue_sent = state.reply_overdue_sent;
  if (state.classification) {
    info.category = state.classification->category;
    info.level = state.classification->level;
  }
  return info;
}

lifecycle::CaseState deadline_state(std::int64_t case_id, const OpenCaseInfo& info) {
  // The lifecycle's policies read only these fields of the state.
  lifecycle::CaseState state;
  state.id = lifecycle::CaseId{case_id};
  state.status = info.status;
  state.body = info.body;
  state.due = info.due;
  state.due_soon_sent = info.due_soon_sent;
  state.overdue_sent = info.overdue_sent;
  state.reply_due = info.reply_due;
  state.reply_due_soon_sent = info.reply_due_soon_sent;
  state.reply_overdue_sent = info.reply_overdue_sent;
  return state;
}

DeadlineStep deadline_step(std::int64_t case_id, const OpenCaseInfo& info, Timestamp now, const Snapshots& snap,
                           const DueSoonPolicy& policy) {
  const lifecycle::CaseState state = deadline_state(case_id, info);

  const auto& graph = *snap.graph;
  lifecycle::ParentOf parent_of = [&graph](const BodyId& body) -> std::optional<BodyId> {
    auto idx = graph.find(body.value);
    if (!idx) return std::nullopt;
    auto parents = graph.targets(*idx, graph::EdgeKind::escalates_to);
    if (parents.empty()) return std::nullopt;
    return graph.body(parents.front()).id;
  };
  DeadlineStep step;
  lifecycle::DeadlinePolicy dp{policy.days_before, policy.escalation_working_days};
  auto check = lifecycle::check_deadline(state, *snap.calendar, dp, now, parent_of);
  if (check) {
    step.events = std::move(check->events);
    step.next_wake = check->next_wake;
  } else {
    // A year without its calendar file (config/calendar/<year>.toml): nothing can be decided, not
    // even `overdue`. Look again in an hour rather than never, so that adding the file (the watch
    // reloads it) lets the case's warnings go out without a restart.
    spdlog::warn("deadline of case {}: {}; retrying in an hour", case_id, check.error().to_string());
    step.next_wake = now + k_deadline_retry;
  }
  lifecycle::ReplyPolicy rp{std::chrono::duration_cast<std::chrono::seconds>(policy.reply_before)};
  auto reply = lifecycle::check_reply_deadline(state, rp, now);
  for (auto& e : reply.events) step.events.push_back(std::move(e));
  if (reply.next_wake && (!step.next_wake || *reply.next_wake < *step.next_wake)) step.next_wake = reply.next_wake;
  return step;
}

}  // namespace tiaojie::daemon::internal

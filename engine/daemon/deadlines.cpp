#include "daemon/internal/deadlines.hpp"

#include <spdlog/spdlog.h>

#include "lifecycle/deadline.hpp"
#include "lifecycle/deadline_policy.hpp"
#include "lifecycle/reply_deadline.hpp"

namespace tiaojie::daemon::internal {

ComputedDue compute_due(const lifecycle::WorkingCalendar& calendar, const Deadline& period,
                        CivilDate start, int extra_units) {
  auto due = lifecycle::period_end(calendar, start, period, extra_units);
  if (!due) {
    // Only a period the rules cannot produce (a negative count) or a strict calendar gets here.
    spdlog::warn("no due date for a period starting {}: {}", format_date(start),
                 due.error().to_string());
    return {};
  }
  return {*due, lifecycle::missing_year(calendar, start, *due).value_or(0)};
}

OfficeHours body_hours(const graph::BodyGraph& graph, const BodyId& body) {
  if (auto idx = graph.find(body.value)) return graph.body(*idx).office_hours;
  return OfficeHours{};
}

OpenCaseInfo open_case_info(const lifecycle::CaseState& state) {
  OpenCaseInfo info;
  info.body = state.body;
  info.status = state.status;
  info.due = state.due;
  info.due_provisional_year = state.due_provisional_year;
  info.period = state.clock_period;
  info.clock_start = state.clock_start;
  info.suspended_since = state.suspended_since;
  info.suspended_units = state.suspended_units;
  info.extended_units = state.extended_units;
  info.extensions = state.extensions;
  info.due_soon_sent = state.due_soon_sent;
  info.overdue_sent = state.overdue_sent;
  info.reply_due = state.reply_due;
  info.reply_due_soon_sent = state.reply_due_soon_sent;
  info.reply_overdue_sent = state.reply_overdue_sent;
  if (state.classification) {
    info.rule = state.classification->deadline;
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
  state.suspended_since = info.suspended_since;
  state.due_soon_sent = info.due_soon_sent;
  state.overdue_sent = info.overdue_sent;
  state.reply_due = info.reply_due;
  state.reply_due_soon_sent = info.reply_due_soon_sent;
  state.reply_overdue_sent = info.reply_overdue_sent;
  return state;
}

DeadlineStep deadline_step(std::int64_t case_id, const OpenCaseInfo& info, Timestamp now,
                           const Snapshots& snap, const DueSoonPolicy& policy) {
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
  const OfficeHours hours = body_hours(graph, info.body);
  auto check = lifecycle::check_deadline(state, *snap.calendar, dp, now, parent_of, &hours);
  if (check) {
    step.events = std::move(check->events);
    step.next_wake = check->next_wake;
  } else {
    // A year without its calendar file (config/calendar/<year>.toml): nothing can be decided, not
    // even `overdue`. Look again in an hour rather than never, so that adding the file (the watch
    // reloads it) lets the case's warnings go out without a restart.
    spdlog::warn("deadline of case {}: {}; retrying in an hour", case_id,
                 check.error().to_string());
    step.next_wake = now + k_deadline_retry;
  }
  lifecycle::ReplyPolicy rp{std::chrono::duration_cast<std::chrono::seconds>(policy.reply_before)};
  auto reply = lifecycle::check_reply_deadline(state, rp, now);
  for (auto& e : reply.events) step.events.push_back(std::move(e));
  if (reply.next_wake && (!step.next_wake || *reply.next_wake < *step.next_wake))
    step.next_wake = reply.next_wake;
  return step;
}

}  // namespace tiaojie::daemon::internal

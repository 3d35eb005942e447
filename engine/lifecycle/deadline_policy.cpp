#include "lifecycle/deadline_policy.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tiaojie::lifecycle {

Result<Timestamp> due_soon_at(const WorkingCalendar& cal, const DeadlinePolicy& policy,
                              CivilDate due) {
  auto day = subtract_working_days(cal, due, policy.due_soon_working_days);
  if (!day) return std::unexpected(day.error());
  return shanghai_midnight(*day);
}

Result<DeadlineCheck> check_deadline(const CaseState& state, const WorkingCalendar& cal,
                                     const DeadlinePolicy& policy, Timestamp now,
                                     const ParentOf& parent_of) {
  DeadlineCheck out;
  // A suspended clock (e.g. appraisal time) raises nothing until it runs again.
  if (!is_open(state.status) || !state.due || state.suspended_since) return out;
  const CivilDate due = *state.due;
  auto system_event = [&](BodyId body, EventData data) {
    return Event{state.id, now, std::string(k_system_actor), std::move(body), std::move(data)};
  };

  if (now >= overdue_at(due)) {
    if (!state.overdue_sent) {
      out.events.push_back(system_event(state.body, Overdue{due}));
      if (!state.body.value.empty() && state.status != Status::received) {
        std::optional<BodyId> parent = parent_of ? parent_of(state.body) : std::nullopt;
        std::vector<BodyId> addressees{state.body};
        if (parent) addressees.push_back(*parent);
        out.events.push_back(system_event(
            state.body,
            SupervisionNotice{
                addressees,
                fmt::format("overdue: due {} at {}", format_date(due), state.body.value), due}));
        if (parent) {
          auto new_due = add_working_days(cal, shanghai_date(now), policy.escalation_working_days);
          if (!new_due) return std::unexpected(new_due.error());
          out.events.push_back(system_event(
              *parent,
              Escalated{*parent, fmt::format("overdue at {}", state.body.value), *new_due}));
        }
      }
    }
  } else {
    auto soon = due_soon_at(cal, policy, due);
    if (!soon) return std::unexpected(soon.error());
    if (now >= *soon && !state.due_soon_sent) {
      out.events.push_back(system_event(state.body, DueSoon{due}));
    }
  }

  // Where the case stands after these events decides the next wake-up.
  CaseState after = state;
  for (const auto& e : out.events) {
    auto next = apply(std::move(after), e);
    if (!next)
      return std::unexpected(
          internal_error("deadline policy built an illegal event: " + next.error().message));
    after = std::move(*next);
  }
  if (after.due && !after.overdue_sent) {
    auto soon = due_soon_at(cal, policy, *after.due);
    if (!soon) return std::unexpected(soon.error());
    // A warning whose time has come but was not sent (a new due date set just now) is due at once.
    out.next_wake = after.due_soon_sent ? overdue_at(*after.due) : std::max(*soon, now);
  }
  return out;
}

}  // namespace tiaojie::lifecycle

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

Result<Timestamp> overdue_instant(const WorkingCalendar& cal, const OfficeHours* hours,
                                  CivilDate due) {
  if (!hours) return overdue_at(due);
  return close_of_business(cal, *hours, due);
}

Result<DeadlineCheck> check_deadline(const CaseState& state, const WorkingCalendar& cal,
                                     const DeadlinePolicy& policy, Timestamp now,
                                     const ParentOf& parent_of, const OfficeHours* hours) {
  DeadlineCheck out;
  // A suspended clock (e.g. appraisal time) raises nothing until it runs again.
  if (!is_open(state.status) || !state.due || state.suspended_since) return out;
  const CivilDate due = *state.due;
  auto system_event = [&](BodyId body, EventData data) {
    return Event{state.id, now, std::string(k_system_actor), std::move(body), std::move(data)};
  };
  auto overdue_from = overdue_instant(cal, hours, due);
  if (!overdue_from) return std::unexpected(overdue_from.error());
  auto soon = due_soon_at(cal, policy, due);
  if (!soon) return std::unexpected(soon.error());

  // A notice is due now; outside the body's hours it waits for the next opening.
  const bool overdue_due = now >= *overdue_from && !state.overdue_sent;
  const bool soon_due = !overdue_due && now < *overdue_from && now >= *soon && !state.due_soon_sent;
  if ((overdue_due || soon_due) && hours) {
    auto open_at = next_opening(cal, *hours, now);
    if (!open_at) return std::unexpected(open_at.error());
    if (*open_at > now) {
      out.next_wake = *open_at;
      return out;
    }
  }

  if (overdue_due) {
    out.events.push_back(system_event(state.body, Overdue{due}));
    if (!state.body.value.empty() && state.status != Status::received) {
      std::optional<BodyId> parent = parent_of ? parent_of(state.body) : std::nullopt;
      std::vector<BodyId> addressees{state.body};
      if (parent) addressees.push_back(*parent);
      out.events.push_back(system_event(
          state.body,
          SupervisionNotice{
              addressees, fmt::format("overdue: due {} at {}", format_date(due), state.body.value),
              due}));
      if (parent) {
        const CivilDate from = shanghai_date(now);
        auto new_due = add_working_days(cal, from, policy.escalation_working_days);
        if (!new_due) return std::unexpected(new_due.error());
        Escalated escalated{*parent, fmt::format("overdue at {}", state.body.value), *new_due};
        // Counted like a rule's period so that a calendar change recounts it (a year without its
        // file gives a provisional date, docs/calendar.md).
        escalated.working_days = policy.escalation_working_days;
        escalated.provisional_year = missing_year(cal, from, *new_due).value_or(0);
        out.events.push_back(system_event(*parent, std::move(escalated)));
      }
    }
  } else if (soon_due) {
    out.events.push_back(system_event(state.body, DueSoon{due}));
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
    auto next_soon = due_soon_at(cal, policy, *after.due);
    if (!next_soon) return std::unexpected(next_soon.error());
    auto next_overdue = overdue_instant(cal, hours, *after.due);
    if (!next_overdue) return std::unexpected(next_overdue.error());
    // A warning whose time has come but was not sent (a new due date set just now) is due at once.
    out.next_wake = after.due_soon_sent ? *next_overdue : std::max(*next_soon, now);
  }
  return out;
}

}  // namespace tiaojie::lifecycle

#include "lifecycle/case_state.hpp"

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <type_traits>

#include "lifecycle/deadline.hpp"

namespace tiaojie::lifecycle {
namespace {

constexpr std::array<std::string_view, 8> k_status_names = {"received",     "assigned", "accepted",
                                                            "in_mediation", "resolved", "failed",
                                                            "withdrawn",    "closed"};

// The transition table: for each event kind, the states it may happen in. Kept as data so the
// header's diagram, is_legal and the table-driven test all read the same thing.
using S = Status;
bool legal_from(EventKind kind, Status s) {
  const bool open = is_open(s);
  const bool finished = s == S::resolved || s == S::failed || s == S::withdrawn;
  switch (kind) {
    case EventKind::submitted:
      return false;
    case EventKind::classified:
      return s == S::received;
    case EventKind::assigned:
      return s == S::received;
    case EventKind::accepted:
      return s == S::assigned;
    case EventKind::mediation_started:
      return s == S::accepted;
    case EventKind::resolved:
      return s == S::in_mediation;
    case EventKind::failed:
      return s == S::accepted || s == S::in_mediation;
    case EventKind::withdrawn:
      return open;
    case EventKind::transferred:
    case EventKind::escalated:
      return open && s != S::received;
    case EventKind::due_soon:
    case EventKind::overdue:
    case EventKind::supervision_notice:
    case EventKind::reply_due_soon:
    case EventKind::reply_overdue:
    case EventKind::deadline_changed:
    case EventKind::suspended:
    case EventKind::resumed:
    case EventKind::extended:
      return open;
    case EventKind::closed:
      return finished;
    case EventKind::reopened:
      return finished || s == S::closed;
    case EventKind::feedback:  // apply() also asks for a resolution (not a failure) before it
      return s == S::resolved || s == S::closed;
  }
  return false;
}

Error malformed(std::string_view kind, std::string_view why) {
  return invalid_input(fmt::format("malformed {} event: {}", kind, why));
}

}  // namespace

std::string_view to_string(Status v) { return k_status_names.at(static_cast<std::size_t>(v)); }

std::optional<Status> parse_status(std::string_view text) {
  for (std::size_t i = 0; i < k_status_names.size(); ++i) {
    if (k_status_names[i] == text) return static_cast<Status>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> status_names() { return k_status_names; }

bool is_open(Status s) {
  return s == S::received || s == S::assigned || s == S::accepted || s == S::in_mediation;
}

bool is_legal(Status status, EventKind kind) { return legal_from(kind, status); }

Status next_status(Status s, EventKind kind) {
  switch (kind) {
    case EventKind::assigned:
    case EventKind::transferred:
    case EventKind::escalated:
    case EventKind::reopened:
      return S::assigned;
    case EventKind::accepted:
      return S::accepted;
    case EventKind::mediation_started:
      return S::in_mediation;
    case EventKind::resolved:
      return S::resolved;
    case EventKind::failed:
      return S::failed;
    case EventKind::withdrawn:
      return S::withdrawn;
    case EventKind::closed:
      return S::closed;
    default:
      return s;
  }
}

Result<CaseState> start(const Event& event) {
  const auto* submitted = std::get_if<Submitted>(&event.data);
  if (submitted == nullptr) {
    return std::unexpected(conflict(
        fmt::format("a case must start with a submitted event, not {}", to_string(event.kind()))));
  }
  if (submitted->channel.empty()) return std::unexpected(malformed("submitted", "empty channel"));
  if (submitted->external_id.empty()) {
    return std::unexpected(malformed("submitted", "empty external_id"));
  }
  CaseState state;
  state.id = event.case_id;
  state.channel = submitted->channel;
  state.external_id = submitted->external_id;
  state.received_at = submitted->received_at;
  state.reply_due = submitted->reply_due;
  state.repeat_of = submitted->repeat_of;
  state.status = Status::received;
  state.updated_at = event.at;
  state.events = 1;
  return state;
}

Result<void> check_warning(const CaseState& state, const EventData& data) {
  auto check = [&](std::string_view kind, const auto& due, const auto& current, bool sent,
                   auto format) -> Result<void> {
    if (!current || *current != due) {
      return std::unexpected(conflict(
          fmt::format("case {}: {} for {}, but its deadline is now {}", state.id.value, kind,
                      format(due), current ? format(*current) : std::string("none"))));
    }
    if (sent) {
      return std::unexpected(conflict(
          fmt::format("case {}: {} for {} was already sent", state.id.value, kind, format(due))));
    }
    return ok;
  };
  const auto date = [](CivilDate d) { return format_date(d); };
  const auto time = [](Timestamp t) { return format_timestamp(t); };
  if (const auto* w = std::get_if<DueSoon>(&data))
    return check("due_soon", w->due, state.due, state.due_soon_sent, date);
  if (const auto* w = std::get_if<Overdue>(&data))
    return check("overdue", w->due, state.due, state.overdue_sent, date);
  if (const auto* w = std::get_if<ReplyDueSoon>(&data))
    return check("reply_due_soon", w->due, state.reply_due, state.reply_due_soon_sent, time);
  if (const auto* w = std::get_if<ReplyOverdue>(&data))
    return check("reply_overdue", w->due, state.reply_due, state.reply_overdue_sent, time);
  return ok;
}

Result<CaseState> apply(CaseState state, const Event& event) {
  const EventKind kind = event.kind();
  if (!is_legal(state.status, kind)) {
    return std::unexpected(conflict(fmt::format("case {} is {}: {} is not allowed", state.id.value,
                                                to_string(state.status), to_string(kind))));
  }
  // A new deadline resets the warnings sent for the old one.
  auto set_due = [&state](const std::optional<CivilDate>& due) {
    if (!due) return;
    state.due = due;
    state.due_soon_sent = false;
    state.overdue_sent = false;
    state.due_provisional_year = 0;
  };
  auto move_to = [&](const BodyId& target, std::string_view what) -> Result<void> {
    if (target.value.empty()) return std::unexpected(malformed(what, "no target body"));
    if (target == state.body) {
      return std::unexpected(malformed(what, "target is the body that already has the case"));
    }
    state.body = target;
    return ok;
  };

  Result<void> checked = ok;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, Classified>) {
          state.classification = d.classification;
          set_due(d.due);
          if (d.due) state.due_provisional_year = d.provisional_year;
          // Even with no due date (stored before provisional deadlines): the start is known.
          const Deadline& rule = d.classification.deadline;
          if (rule.from == DeadlineStart::received) {
            state.clock_period = rule;
            state.clock_start = shanghai_date(state.received_at);
          } else if (auto routing = routing_period(rule)) {
            state.clock_period = routing;
            state.clock_start = shanghai_date(state.received_at);
          }
        } else if constexpr (std::is_same_v<T, Accepted> || std::is_same_v<T, MediationStarted>) {
          // The rule's clock starts at this event (the caller computed the due date from its day).
          if (d.due) {
            set_due(d.due);
            state.due_provisional_year = d.provisional_year;
            if (state.classification) state.clock_period = state.classification->deadline;
            state.clock_start = shanghai_date(event.at);
          }
        } else if constexpr (std::is_same_v<T, Suspended>) {
          if (state.suspended_since) {
            checked = std::unexpected(
                conflict(fmt::format("case {}: its deadline is already suspended (since {})",
                                     state.id.value, format_date(*state.suspended_since))));
            return;
          }
          if (!state.due) {
            checked = std::unexpected(conflict(
                fmt::format("case {}: no deadline is running to suspend", state.id.value)));
            return;
          }
          state.suspended_since = shanghai_date(event.at);
        } else if constexpr (std::is_same_v<T, Resumed>) {
          if (!state.suspended_since) {
            checked = std::unexpected(conflict(
                fmt::format("case {}: its deadline is running, not suspended", state.id.value)));
            return;
          }
          state.suspended_since.reset();
          state.suspended_units += d.suspended_units;
          // A moved date gets its warnings again; those sent for an unchanged one stand.
          if (d.due && d.due != state.due) set_due(d.due);
          state.due_provisional_year = d.provisional_year;
        } else if constexpr (std::is_same_v<T, Extended>) {
          if (d.units <= 0) {
            checked =
                std::unexpected(malformed("extended", "an extension must add at least one day"));
            return;
          }
          if (d.due && d.due != state.due) set_due(d.due);
          state.due_provisional_year = d.provisional_year;
          state.extended_units += d.units;
          ++state.extensions;
        } else if constexpr (std::is_same_v<T, DeadlineChanged>) {
          // The same clock counted again: warnings already sent stand unless the date moved.
          if (d.due != state.due) {
            state.due = d.due;
            state.due_soon_sent = false;
            state.overdue_sent = false;
          }
          state.due_provisional_year = d.provisional_year;
        } else if constexpr (std::is_same_v<T, Assigned>) {
          if (d.assignment.lead.value.empty()) {
            checked = std::unexpected(malformed("assigned", "no lead body"));
            return;
          }
          state.assignment = d.assignment;
          state.body = d.assignment.lead;
        } else if constexpr (std::is_same_v<T, Resolved>) {
          state.resolution = d;
          state.failure.reset();
        } else if constexpr (std::is_same_v<T, Failed>) {
          state.failure = d;
          state.resolution.reset();
        } else if constexpr (std::is_same_v<T, Transferred>) {
          checked = move_to(d.target, "transferred");
          ++state.transfers;
          set_due(d.due);
        } else if constexpr (std::is_same_v<T, Escalated>) {
          checked = move_to(d.target, "escalated");
          ++state.escalations;
          if (d.due) {  // the parent's period is not the rule's
            state.clock_period.reset();
            state.clock_start.reset();
            if (d.working_days > 0) {  // counted again when the calendar changes
              state.clock_period = Deadline{.days = d.working_days, .count = DayCount::working};
              state.clock_start = shanghai_date(event.at);
            }
          }
          set_due(d.due);
          if (d.due) state.due_provisional_year = d.provisional_year;
        } else if constexpr (std::is_same_v<T, DueSoon>) {
          if (state.due == d.due) state.due_soon_sent = true;
        } else if constexpr (std::is_same_v<T, Overdue>) {
          if (state.due == d.due) state.overdue_sent = true;
        } else if constexpr (std::is_same_v<T, ReplyDueSoon>) {
          if (state.reply_due == d.due) state.reply_due_soon_sent = true;
        } else if constexpr (std::is_same_v<T, ReplyOverdue>) {
          if (state.reply_due == d.due) state.reply_overdue_sent = true;
        } else if constexpr (std::is_same_v<T, SupervisionNotice>) {
          if (d.addressees.empty()) {
            checked = std::unexpected(malformed("supervision_notice", "no addressee"));
            return;
          }
          ++state.supervision_notices;
        } else if constexpr (std::is_same_v<T, FeedbackGiven>) {
          if (!state.resolution) {
            checked = std::unexpected(conflict(fmt::format(
                "case {} was not resolved: feedback is recorded after a resolution only",
                state.id.value)));
            return;
          }
          state.feedback = d;
          ++state.feedbacks;
        } else if constexpr (std::is_same_v<T, Reopened>) {
          if (!event.body.value.empty()) state.body = event.body;
          if (state.body.value.empty()) {
            checked = std::unexpected(malformed("reopened", "no body to reopen the case with"));
            return;
          }
          ++state.reopens;
          state.resolution.reset();
          state.failure.reset();
          if (d.due) {
            state.clock_period.reset();
            state.clock_start.reset();
          }
          set_due(d.due);
        }
      },
      event.data);
  if (!checked) return std::unexpected(checked.error());

  state.status = next_status(state.status, kind);
  state.updated_at = event.at;
  ++state.events;
  return state;
}

Result<CaseState> fold(std::span<const Event> events) {
  if (events.empty()) return std::unexpected(invalid_input("a case needs at least one event"));
  auto state = start(events[0]);
  if (!state) {
    state.error().where = "event 0";
    return state;
  }
  for (std::size_t i = 1; i < events.size(); ++i) {
    state = apply(std::move(*state), events[i]);
    if (!state) {
      state.error().where = fmt::format("event {}", i);
      return state;
    }
  }
  return state;
}

}  // namespace tiaojie::lifecycle

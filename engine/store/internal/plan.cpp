#include "store/internal/plan.hpp"

#include <fmt/format.h>

#include "store/internal/prepared.hpp"

namespace tiaojie::store::internal {
namespace {

using lifecycle::Submitted;

std::string key_of(std::string_view channel, std::string_view external_id) {
  // A separator that cannot occur in a channel id keeps keys distinct.
  return fmt::format("{}\x1f{}", channel, external_id);
}

// lifecycle::fold with the new case's id in the state from its first event on (the events' own
// case_id is still 0), so that a refusal names the case as before.
Result<CaseState> fold_new(CaseId id, std::span<const Event> events) {
  auto state = lifecycle::start(events.front());
  if (!state) {
    state.error().where = "event 0";
    return state;
  }
  state->id = id;
  for (std::size_t k = 1; k < events.size(); ++k) {
    state = lifecycle::apply(std::move(*state), events[k]);
    if (!state) {
      state.error().where = fmt::format("event {}", k);
      return state;
    }
  }
  return state;
}

// The change's prepared encodings, when prepare() ran on these very events.
const PreparedChange* usable(const PreparedChange* prepared, std::span<const Event> events) {
  if (prepared == nullptr || prepared->event_data.size() != events.size()) return nullptr;
  return prepared;
}

}  // namespace

Result<Plan> plan_batch(std::span<const Change> batch, CaseId next_case_id,
                        const Lookups& lookups) {
  Plan plan;
  plan.next_case_id = next_case_id;
  plan.outcomes.reserve(batch.size());
  std::map<std::string, CaseId> batch_keys;  // keys of new cases accepted earlier in this batch

  // The state of a case as this batch has left it so far.
  auto current = [&](CaseId id) -> Result<std::optional<KnownCase>> {
    if (auto it = plan.touched.find(id); it != plan.touched.end()) {
      return KnownCase{plan.after(it->second), 0};
    }
    return lookups.load(id);
  };

  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Change& change = batch[i];
    if (const auto* nc = std::get_if<NewCase>(&change)) {
      const auto key = key_of(nc->dispute.channel, nc->dispute.external_id);
      std::optional<CaseId> existing;
      if (auto it = batch_keys.find(key); it != batch_keys.end()) {
        existing = it->second;
      } else {
        auto found = lookups.find_key(nc->dispute.channel, nc->dispute.external_id);
        if (!found) return std::unexpected(found.error());
        existing = *found;
      }
      if (existing) {
        auto known = current(*existing);
        if (!known) return std::unexpected(known.error());
        if (!*known) {
          return std::unexpected(internal_error(
              fmt::format("idempotency key points at missing case {}", existing->value)));
        }
        plan.outcomes.emplace_back(Committed{*existing, true, (*known)->state, (*known)->last_seq});
        continue;
      }
      if (nc->events.empty()) {
        plan.outcomes.emplace_back(std::unexpected(invalid_input("a new case needs events")));
        continue;
      }
      const auto* sub = std::get_if<Submitted>(&nc->events.front().data);
      if (sub != nullptr &&
          (sub->channel != nc->dispute.channel || sub->external_id != nc->dispute.external_id)) {
        plan.outcomes.emplace_back(std::unexpected(invalid_input(
            "the submitted event's channel and external_id differ from the dispute's")));
        continue;
      }
      PlannedWrite write{i, plan.next_case_id, nc, nc->events,
                         usable(nc->prepared.get(), nc->events)};
      Result<CaseState> state = CaseState{};
      if (write.prepared != nullptr && write.prepared->state) {
        // Folded by store::prepare: taken, not copied (the change is not read again).
        state = std::move(*nc->prepared->state);
        nc->prepared->state.reset();
        state->id = write.case_id;
        write.prepared_rows = true;
      } else {
        state = fold_new(write.case_id, write.events);
      }
      if (!state) {
        plan.outcomes.emplace_back(std::unexpected(state.error()));
        continue;
      }
      batch_keys.emplace(key, write.case_id);
      plan.touched[write.case_id] = Touched{std::nullopt, plan.outcomes.size(),
                                            write.prepared_rows ? write.prepared : nullptr};
      plan.outcomes.emplace_back(Committed{write.case_id, false, std::move(*state), 0});
      plan.writes.push_back(write);
      plan.next_case_id.value += 1;
      continue;
    }

    const auto& ce = std::get<CaseEvents>(change);
    auto known = current(ce.case_id);
    if (!known) return std::unexpected(known.error());
    if (!*known) {
      plan.outcomes.emplace_back(
          std::unexpected(not_found(fmt::format("no case {}", ce.case_id.value))));
      continue;
    }
    if (ce.events.empty()) {
      plan.outcomes.emplace_back(std::unexpected(invalid_input("no events to append")));
      continue;
    }
    PlannedWrite write{i, ce.case_id, nullptr, ce.events, usable(ce.prepared.get(), ce.events)};
    Result<CaseState> state = (*known)->state;
    for (std::size_t k = 0; k < write.events.size() && state; ++k) {
      // A warning another daemon already sent (lifecycle::check_warning) is refused here, where
      // the case was read under the commit's lock.
      if (auto checked = lifecycle::check_warning(*state, write.events[k].data); !checked) {
        state = std::unexpected(checked.error());
      } else {
        state = lifecycle::apply(std::move(*state), write.events[k]);
      }
      if (!state) state.error().where = fmt::format("event {}", k);
    }
    if (!state) {
      plan.outcomes.emplace_back(std::unexpected(state.error()));
      continue;
    }
    const std::size_t index = plan.outcomes.size();
    if (auto it = plan.touched.find(ce.case_id); it != plan.touched.end()) {
      it->second.outcome = index;  // `before` stays the state before the batch
      it->second.rows = nullptr;   // the prepared rows are those of an earlier state
    } else {
      plan.touched.emplace(ce.case_id, Touched{std::move((*known)->state), index});
    }
    plan.outcomes.emplace_back(Committed{ce.case_id, false, std::move(*state), 0});
    plan.writes.push_back(write);
  }
  return plan;
}

std::optional<BodyId> load_body(const CaseState& state) {
  if (!lifecycle::is_open(state.status) || state.body.value.empty()) return std::nullopt;
  return state.body;
}

std::vector<NoticeRow> notice_rows(const StoredEvent& se) {
  return notice_rows(se.seq, se.event.case_id, se.event);
}

std::vector<NoticeRow> notice_rows(std::int64_t seq, CaseId id, const Event& event) {
  std::vector<NoticeRow> rows;
  const auto* n = std::get_if<lifecycle::SupervisionNotice>(&event.data);
  if (n == nullptr) return rows;
  for (const auto& a : n->addressees)
    rows.push_back(NoticeRow{seq, id, event.at, a, n->due, n->reason});
  return rows;
}

std::vector<std::pair<BodyId, std::string>> assignment_rows(const CaseState& state) {
  std::vector<std::pair<BodyId, std::string>> rows;
  if (state.body.value.empty()) return rows;
  rows.emplace_back(state.body, "lead");
  if (state.assignment) {
    for (const auto& p : state.assignment->partners) {
      if (p != state.body) rows.emplace_back(p, "partner");
    }
  }
  return rows;
}

CaseRow case_row(const CaseState& s, std::int64_t last_seq) {
  CaseRow row;
  row.channel = s.channel;
  row.external_id = s.external_id;
  row.status = lifecycle::to_string(s.status);
  row.body = s.body.value;
  if (s.classification) {
    row.category = s.classification->category;
    row.priority = to_string(s.classification->priority);
  }
  row.received_at = s.received_at.time_since_epoch().count();
  row.due = s.due ? format_date(*s.due) : "";
  row.updated_at = s.updated_at.time_since_epoch().count();
  row.events = s.events;
  row.last_seq = last_seq;
  return row;
}

std::string case_row_text(const CaseRow& r) {
  return fmt::format(
      "channel={} external_id={} status={} body={} category={} priority={} received_at={} due={} "
      "updated_at={} events={} last_seq={}",
      r.channel, r.external_id, r.status, r.body, r.category, r.priority, r.received_at, r.due,
      r.updated_at, r.events, r.last_seq);
}

}  // namespace tiaojie::store::internal

namespace tiaojie::store::internal {

void fill_last_seqs(Plan& plan, std::span<const std::int64_t> write_last_seq) {
  std::map<CaseId, std::int64_t> case_last;
  for (std::size_t i = 0; i < plan.writes.size(); ++i) {
    auto& outcome = plan.outcomes[plan.writes[i].change_index];
    outcome->last_seq = write_last_seq[i];
    case_last[plan.writes[i].case_id] = write_last_seq[i];
  }
  for (auto& outcome : plan.outcomes) {
    if (outcome && outcome->duplicate) {
      if (auto it = case_last.find(outcome->case_id); it != case_last.end()) {
        outcome->last_seq = it->second;
      }
    }
  }
}

}  // namespace tiaojie::store::internal

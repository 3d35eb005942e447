// store::prepare (store.hpp): the part of a commit that depends on the change alone, computed by
// the caller's thread so that the store's one thread only looks up, binds and steps.
#include <type_traits>

#include "lifecycle/event_json.hpp"
#include "store/internal/prepared.hpp"
#include "store/internal/report_rows.hpp"

namespace tiaojie::store {
namespace {

// A new case's state and rows, folded as plan_batch and write_report_cases fold them; nothing
// when the events do not fold (commit() then refuses the change with the lifecycle's error).
void prepare_new_case(const NewCase& nc, PreparedChange& p) {
  std::optional<CaseState> state;
  ReportCase view;
  internal::DecisionRow decision;
  for (const auto& e : nc.events) {
    auto next = state ? lifecycle::apply(std::move(*state), e) : lifecycle::start(e);
    if (!next) return;
    state = std::move(*next);
    add_report_event(view, e, *state);
    internal::note_decision(decision, e.data, static_cast<std::int64_t>(state->repeat_of.size()));
  }
  if (!state) return;
  p.row = internal::case_row(*state, 0);
  p.assignments = internal::assignment_rows(*state);
  p.decision = std::move(decision);
  p.steps = internal::encode_steps(view.steps);
  p.view = std::move(view);
  p.state = std::move(state);
}

}  // namespace

void prepare(Change& change) {
  auto p = std::make_shared<PreparedChange>();
  std::visit(
      [&p](auto& c) {
        p->event_data.reserve(c.events.size());
        for (const auto& e : c.events)
          p->event_data.push_back(lifecycle::event_data_to_json_text(e.data));
        if constexpr (std::is_same_v<std::decay_t<decltype(c)>, NewCase>) prepare_new_case(c, *p);
        c.prepared = std::move(p);
      },
      change);
}

}  // namespace tiaojie::store

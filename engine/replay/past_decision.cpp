#include "replay/past_decision.hpp"

#include <fmt/format.h>

#include "model/dispute_json.hpp"

namespace tiaojie::replay {
namespace {

// Equal decisions, wherever the rule files sat: RuleRef::file names the folder the rules were
// loaded from, which differs between the daemon's rules/ and the store.
bool same_decision(Classification a, Classification b) {
  for (auto* c : {&a, &b}) {
    for (auto* ref :
         {&c->category_rule, &c->priority_rule, &c->mode_rule, &c->level_rule, &c->deadline_rule}) {
      *ref = RuleRef(ref->table(), ref->rule_id(), {}, ref->line());
    }
  }
  return a == b;
}

}  // namespace

Result<PastDecision> explain_past_decision(store::Store& store, store::CaseId id,
                                           const rules::RuleSet& current) {
  auto record = store.get_case(id);
  if (!record) return std::unexpected(record.error());
  PastDecision past;
  past.state = std::move(record->state);
  if (!past.state.classification) {
    return std::unexpected(not_found(fmt::format("case {} was never classified", id.value)));
  }
  const std::string& version = past.state.classification->rules_version;
  auto files = store.get_rule_set(version);
  if (!files) {
    if (files.error().code != ErrorCode::not_found) return std::unexpected(files.error());
    return std::unexpected(not_found(fmt::format(
        "rule-set version {} decided case {} but is not in the store: it cannot be re-run "
        "(the engine stores each version when it loads it; this store predates that or was "
        "copied without its rule_sets)",
        version.empty() ? "(none recorded)" : version, id.value)));
  }
  auto loaded = rules::load_rule_set_from_files(*files, fmt::format("store:{}", version));
  if (!loaded) return std::unexpected(loaded.error());
  past.then_rules = loaded->rules;

  // The dispute as received: its window is the second it was received in.
  std::optional<std::string> json;
  const Timestamp at = past.state.received_at;
  auto r =
      store.for_each_dispute(at, at + std::chrono::seconds{1}, [&](const store::StoredDispute& d) {
        if (d.case_id != id) return true;
        json = d.json;
        return false;
      });
  if (!r) return std::unexpected(r.error());
  if (!json) {
    return std::unexpected(internal_error(fmt::format("case {} has no stored dispute", id.value)));
  }
  auto dispute = parse_dispute(*json);
  if (!dispute) {
    auto e = dispute.error();
    e.message = fmt::format("stored dispute of case {}: {}", id.value, e.message);
    return std::unexpected(std::move(e));
  }
  past.dispute = std::move(*dispute);
  // What the rules saw beside the dispute: the repeat links found at submit.
  past.dispute.repeat_count = static_cast<std::int64_t>(past.state.repeat_of.size());
  past.then = rules::explain(*past.then_rules, past.dispute);
  past.now = rules::explain(current, past.dispute);
  past.reproduces_record = same_decision(past.then.classification, *past.state.classification);
  return past;
}

}  // namespace tiaojie::replay

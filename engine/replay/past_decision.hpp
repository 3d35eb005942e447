// Explaining a past decision (`tiaojie explain --case ID`): the case's dispute as received,
// classified again by the rule-set version that decided it (its files kept in the store) and by
// the current rules, side by side.
// Thread-safety: not thread-safe (it reads a Store, which is not either).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "model/dispute.hpp"
#include "model/error.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"
#include "store/store.hpp"

namespace tiaojie::replay {

struct PastDecision {
  store::CaseState state;  // the case now (status, body, recorded decision)
  Dispute dispute;         // as received
  std::shared_ptr<const rules::RuleSet> then_rules;  // rebuilt from the store's files
  rules::Explanation then;                           // the decision re-run under those rules
  rules::Explanation now;                            // under the current rules
  // The re-run under the old rules gives the classification that was recorded (it should,
  // since classification is pure; false points at a rules engine change between releases).
  bool reproduces_record = false;
};

// Re-runs case `id`'s decision under its recorded rule-set version and under `current`.
// Errors: not_found when there is no such case, when the case was never classified, or when the
// rule-set version that decided it is not in the store (the message names the version and the
// case); invalid_input when the stored files no longer load (with the rule file's place) or the
// stored dispute no longer parses; io_error from the store.
[[nodiscard]] Result<PastDecision> explain_past_decision(store::Store& store, store::CaseId id,
                                                         const rules::RuleSet& current);

}  // namespace tiaojie::replay

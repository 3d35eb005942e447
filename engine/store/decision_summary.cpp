// Store::for_each_decision_summary's default: the complete rows of for_each_decision, so a
// backend without a cheaper partial read gives the same answers.
#include "store/store.hpp"

namespace tiaojie::store {

Result<void> Store::for_each_decision_summary(
    Timestamp from, Timestamp to,
    const std::function<bool(const StoredDecision&, const CompleteDecision&)>& visit) {
  const CompleteDecision complete = []() -> Result<void> { return ok; };
  return for_each_decision(from, to,
                           [&](const StoredDecision& row) { return visit(row, complete); });
}

}  // namespace tiaojie::store

// Static questions about pairs of rules, answered from their conditions alone (no disputes):
// can both match one dispute (overlap, for `unique` tables), and does every dispute matching one
// also match the other (implication, for shadow warnings in `first` tables).
#pragma once

#include "rules/rule_set.hpp"

namespace tiaojie::rules::internal {

// True when some dispute satisfies both `a` and `b`. Exact for the condition language: keyword
// conditions conflict only when a keyword one rule requires contains (as a substring) a keyword
// the other forbids, or every keywords_any choice does; sets conflict when disjoint; ranges when
// they do not intersect; injuries when they differ.
[[nodiscard]] bool can_overlap(const Conditions& a, const Conditions& b);

// True when every dispute satisfying `b` also satisfies `a` (so `a`, ranked earlier, shadows
// `b`). Sound, not complete: a true answer is always right; some implications through keyword
// combinations are not seen.
[[nodiscard]] bool implies(const Conditions& b, const Conditions& a);

}  // namespace tiaojie::rules::internal

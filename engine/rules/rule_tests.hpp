// Running the inline [[test]] cases of a rule set (`tiaojie rules test`).
#pragma once

#include <string>
#include <vector>

#include "rules/rule_set.hpp"

namespace tiaojie::rules {

// The result of one [[test]] case.
struct RuleTestResult {
  const RuleTestCase* test = nullptr;  // points into the RuleSet, which must outlive this
  bool passed = false;
  // One line per expectation that failed: "category: expected labour, got other (decided by …)".
  std::vector<std::string> failures;
};

// Classifies every test's dispute with `rules` and compares the outcome with its expectations.
// Results are in file order (the order of RuleSet::tests()).
[[nodiscard]] std::vector<RuleTestResult> run_rule_tests(const RuleSet& rules);

}  // namespace tiaojie::rules

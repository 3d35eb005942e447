// A rule-set report's diagnostics as the lines a user reads, by severity, for assertions.
#pragma once

#include <string>
#include <vector>

#include "rules/rule_set.hpp"

namespace tiaojie::test {

inline std::vector<std::string> diagnostic_lines(const rules::RuleSetReport& r,
                                                 rules::Diagnostic::Severity s) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) {
    if (d.severity == s) out.push_back(d.to_string());
  }
  return out;
}
inline std::vector<std::string> errors(const rules::RuleSetReport& r) {
  return diagnostic_lines(r, rules::Diagnostic::Severity::error);
}
inline std::vector<std::string> warnings(const rules::RuleSetReport& r) {
  return diagnostic_lines(r, rules::Diagnostic::Severity::warning);
}

}  // namespace tiaojie::test

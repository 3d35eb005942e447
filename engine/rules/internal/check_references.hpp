// The checks of a rule set against its References (rules/references.hpp): unknown streets and
// communities, categories the graph does not route, declared categories no rule reads.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "rules/references.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::rules::internal {

// What the files name, with where (gathered by the loader from every file's FileContent).
struct Uses {
  std::vector<std::pair<std::string, SourcePos>> streets;
  std::vector<std::pair<std::string, SourcePos>> communities;
  // Categories a rule or [defaults] can decide (then.category, defaults.category).
  std::vector<std::pair<std::string, SourcePos>> decided;
};

// Appends an error per unknown reference. `tables` supply the declared categories rules read.
void check_references(const References& refs, const Uses& uses,
                      const std::vector<RuleTable>& tables, std::vector<Diagnostic>& out);

}  // namespace tiaojie::rules::internal

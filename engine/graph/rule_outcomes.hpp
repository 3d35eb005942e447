// Cross-check between a rule set and the body graph: a rule outcome that names a level and/or
// mode (or a category) that no body of the graph offers could never be assigned as decided.
// The rules concept converts its outcomes into RouteDemand values, so that the graph does not
// depend on the rules library. Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "graph/body_graph.hpp"
#include "graph/load.hpp"

namespace tiaojie::graph {

// What one rule outcome asks of the graph. Absent fields: the outcome does not decide them.
struct RouteDemand {
  std::string where;  // the rule's "file:line:column"
  std::string rule;   // "labour.group_wage", for the message
  std::optional<std::string> category;
  std::optional<Level> level;
  std::optional<Mode> mode;
};

// Diagnostics for demands that cannot be met as asked. Errors: an unknown category; a mode no
// body leads; a level at which no body leads anything. Warning: bodies lead the mode, but none at
// the rule's level (assignment will climb). Empty when every demand is offered as asked.
[[nodiscard]] std::vector<Diagnostic> check_rule_outcomes(const BodyGraph& graph,
                                                          std::span<const RouteDemand> demands);

}  // namespace tiaojie::graph

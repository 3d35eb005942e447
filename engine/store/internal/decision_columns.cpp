#include "store/internal/decision_columns.hpp"

namespace tiaojie::store::internal {

std::string decision_columns(std::string_view table, bool rule_keys) {
  std::string out;
  for (const char* column :
       {"rules_version", "category", "priority", "mode", "level", "deadline_days", "deadline_count",
        "category_rule", "priority_rule", "mode_rule", "level_rule", "deadline_rule", "lead",
        "graph_version", "repeat_count"}) {
    if (!rule_keys && std::string_view(column).ends_with("_rule")) continue;
    if (!out.empty()) out += ", ";
    out += table;
    out += column;
  }
  return out;
}

}  // namespace tiaojie::store::internal

#include "adapters/rule_references.hpp"

#include <fmt/format.h>

namespace tiaojie::adapters {

rules::References rule_references(std::shared_ptr<const graph::BodyGraph> graph,
                                  std::string graph_name, const FormatMap& formats) {
  rules::References refs;
  if (graph) {
    refs.graph_name = std::move(graph_name);
    refs.routed_categories =
        std::vector<std::string>(graph->categories().begin(), graph->categories().end());
    refs.is_street = [graph](std::string_view s) {
      return graph->locate(s, std::nullopt) != graph::k_none;
    };
    refs.is_community = [graph](std::string_view c) {
      return graph->locate(std::nullopt, c) != graph::k_none;
    };
  }
  for (const auto& [id, format] : formats) {
    for (auto& [value, where] : declared_category_values(format)) {
      refs.declared_categories.push_back({std::move(value), std::move(where)});
    }
  }
  return refs;
}

}  // namespace tiaojie::adapters

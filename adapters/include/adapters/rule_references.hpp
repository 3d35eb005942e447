// The References the rules are checked against (rules/references.hpp), from the body graph and
// the channel formats: its streets and communities, the categories it routes, and every
// declared_category a format can emit. `tiaojie rules check`, `serve --check-config` and every
// reload build them here, so that all three apply the same checks.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "adapters/format.hpp"
#include "graph/body_graph.hpp"
#include "rules/references.hpp"

namespace tiaojie::adapters {

using FormatMap = std::map<std::string, Format, std::less<>>;

// `graph` may be null (then streets, communities and routed categories are not checked); the
// References keep it alive. `formats` may be empty. `graph_name` names the graph in messages
// ("config/bodies").
[[nodiscard]] rules::References rule_references(std::shared_ptr<const graph::BodyGraph> graph,
                                                std::string graph_name, const FormatMap& formats);

}  // namespace tiaojie::adapters

// Internal: the load-time checks that need the whole graph built (design.md §6): escalation that
// goes down or out of its jurisdiction, escalation cycles, bodies that never reach a district body,
// categories a region cannot route, and a few warnings.
#pragma once

#include "graph/body_graph.hpp"
#include "graph/internal/raw.hpp"

namespace tiaojie::graph::internal {

void check_graph_structure(const BodyGraph& graph, Diagnostics& diag);

}  // namespace tiaojie::graph::internal

// The body graph's jurisdictions as the gazetteer's place names, so that address resolution and
// assignment agree on what streets and communities exist (a community added to the graph is
// recognised in addresses without touching the gazetteer file).
#pragma once

#include "adapters/gazetteer.hpp"
#include "graph/body_graph.hpp"
#include "model/error.hpp"

namespace tiaojie::adapters {

// `base` with its streets and communities replaced by the graph's street and community regions
// (streets by their bare names, "凤阳街道" → "凤阳"); its roads, other districts and threshold
// kept. Errors (invalid_input, where = "graph <name>"): the graph has no street region, or a road
// of the gazetteer names a street the graph does not have.
[[nodiscard]] Result<Gazetteer> with_graph_places(Gazetteer base, const graph::BodyGraph& graph);

}  // namespace tiaojie::adapters

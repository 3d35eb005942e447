#include "adapters/graph_places.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "graph/location.hpp"

namespace tiaojie::adapters {

Result<Gazetteer> with_graph_places(Gazetteer base, const graph::BodyGraph& graph) {
  std::vector<std::string> streets;
  std::vector<Gazetteer::Community> communities;
  for (graph::RegionIndex r = 0; r < graph.region_count(); ++r) {
    const auto& region = graph.region(r);
    if (region.level == graph::RegionLevel::street) {
      streets.emplace_back(graph::street_key(region.name));
    } else if (region.level == graph::RegionLevel::community && region.parent != graph::k_none) {
      communities.push_back(
          {region.name, std::string(graph::street_key(graph.region(region.parent).name))});
    }
  }
  std::string where = fmt::format("graph {}", graph.name());
  if (streets.empty())
    return std::unexpected(invalid_input("the graph has no street jurisdictions", where));
  for (const auto& road : base.roads) {
    for (const auto& s : road.streets) {
      if (std::find(streets.begin(), streets.end(), s) == streets.end()) {
        return std::unexpected(invalid_input(
            fmt::format("gazetteer road {} names street {}, which the graph does not have",
                        road.name, s),
            where));
      }
    }
  }
  std::stable_sort(communities.begin(), communities.end(),
                   [](const auto& a, const auto& b) { return a.name.size() > b.name.size(); });
  base.streets = std::move(streets);
  base.communities = std::move(communities);
  return base;
}

}  // namespace tiaojie::adapters

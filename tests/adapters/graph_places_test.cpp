#include "adapters/graph_places.hpp"

#include <doctest/doctest.h>

#include "adapters_fixture.hpp"
#include "graph/load.hpp"

using namespace tiaojie;
using namespace tiaojie::adapters;

TEST_CASE(
    "the shipped graph's jurisdictions replace the gazetteer's place names and agree with them") {
  auto graph = graph::load_graph(test::source_dir() / "config" / "bodies");
  REQUIRE_MESSAGE(graph.has_value(), graph.error().to_string());
  auto g = with_graph_places(test::shipped_gazetteer(), **graph);
  REQUIRE_MESSAGE(g.has_value(), g.error().to_string());
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK(sorted(g->streets) == sorted(test::shipped_gazetteer().streets));
  CHECK(g->communities.size() == test::shipped_gazetteer().communities.size());
  CHECK(g->roads.size() == test::shipped_gazetteer().roads.size());
  auto m = resolve_location(*g, "", "", "海珠区青凤社区某小区");
  CHECK(m.street == "江南中");
  CHECK(m.community == "青凤社区");
  m = resolve_location(*g, "", "", "海珠区凤阳街第12社区");
  CHECK(m.community == "凤阳街第12社区");
  // Every resolved location is one the graph can place.
  CHECK((*graph)->locate(m.street, m.community) != graph::k_none);
}

TEST_CASE("a gazetteer road naming a street the graph lacks is refused") {
  auto graph = graph::load_graph(test::source_dir() / "config" / "bodies");
  REQUIRE(graph);
  auto base = test::shipped_gazetteer();
  base.streets.push_back("石牌");
  base.roads.push_back({"天河路", {"石牌"}, 0.7, false});
  auto g = with_graph_places(base, **graph);
  REQUIRE_FALSE(g);
  CHECK(g.error().message.find("天河路 names street 石牌") != std::string::npos);
}

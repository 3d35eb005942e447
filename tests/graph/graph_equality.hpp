// Checks that two body graphs are the same graph: every field of every body, region and edge, and
// the same assignment for a dispute in every community and street under every outcome (the
// snapshot tests compare a graph read from TOML with one read from its snapshot).
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "graph/assign.hpp"
#include "graph/body_graph.hpp"

namespace tiaojie::test {

inline void check_same_graph(const graph::BodyGraph& a, const graph::BodyGraph& b) {
  namespace tg = tiaojie::graph;
  REQUIRE(a.body_count() == b.body_count());
  REQUIRE(a.region_count() == b.region_count());
  CHECK(a.name() == b.name());
  CHECK(a.version() == b.version());
  CHECK(a.intake() == b.intake());
  CHECK(std::vector<std::string>(a.categories().begin(), a.categories().end()) ==
        std::vector<std::string>(b.categories().begin(), b.categories().end()));
  CHECK(std::vector<std::string>(a.files().begin(), a.files().end()) ==
        std::vector<std::string>(b.files().begin(), b.files().end()));
  for (tg::BodyIndex i = 0; i < a.body_count(); ++i) {
    const auto& x = a.body(i);
    const auto& y = b.body(i);
    INFO(x.id.value);
    CHECK(x.id == y.id);
    CHECK(x.name == y.name);
    CHECK(x.kind == y.kind);
    CHECK(x.level == y.level);
    CHECK(x.region == y.region);
    CHECK(x.capacity == y.capacity);
    CHECK(x.competences == y.competences);
    CHECK(x.leads == y.leads);
    CHECK(x.joins == y.joins);
    CHECK(x.office_hours == y.office_hours);
    CHECK(a.where(x.pos) == b.where(y.pos));
    for (auto kind :
         {tg::EdgeKind::escalates_to, tg::EdgeKind::refers_to, tg::EdgeKind::partners_with}) {
      CHECK(a.targets(i, kind) == b.targets(i, kind));
    }
    CHECK(b.find(x.id.value) == i);
  }
  for (tg::RegionIndex r = 0; r < a.region_count(); ++r) {
    CHECK(a.region_path(r) == b.region_path(r));
    CHECK(a.region(r).level == b.region(r).level);
    CHECK(std::vector<tg::BodyIndex>(a.bodies_in(r).begin(), a.bodies_in(r).end()) ==
          std::vector<tg::BodyIndex>(b.bodies_in(r).begin(), b.bodies_in(r).end()));
  }
}

// Every community (named in full and short) and every street alone, under every category the
// graph routes and every mode and level, on an empty load and with every body one case from full.
inline void check_same_assignments(const graph::BodyGraph& a, const graph::BodyGraph& b) {
  namespace tg = tiaojie::graph;
  std::vector<std::uint32_t> nearly_full(a.body_count());
  for (tg::BodyIndex i = 0; i < a.body_count(); ++i) nearly_full[i] = a.body(i).capacity - 1;
  std::size_t compared = 0;
  for (tg::RegionIndex r = 0; r < a.region_count(); ++r) {
    const auto& region = a.region(r);
    if (region.level != tg::RegionLevel::community && region.level != tg::RegionLevel::street) {
      continue;
    }
    Dispute d;
    if (region.level == tg::RegionLevel::street) {
      d.street = region.name;
    } else {
      d.community = region.name;
      if (region.parent != tg::k_none) d.street = a.region(region.parent).name;
    }
    for (const auto& category : a.categories()) {
      for (auto mode :
           {Mode::people, Mode::joint_police, Mode::joint_labour, Mode::medical_committee}) {
        for (auto level : {Level::community, Level::street, Level::district}) {
          Classification c;
          c.category = category;
          c.mode = mode;
          c.level = level;
          for (const auto& open : {std::vector<std::uint32_t>{}, nearly_full}) {
            CHECK(tg::assign(a, {open}, d, c) == tg::assign(b, {open}, d, c));
            ++compared;
          }
        }
      }
    }
  }
  CHECK(compared > 0);
}

}  // namespace tiaojie::test

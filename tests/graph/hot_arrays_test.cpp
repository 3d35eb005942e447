// The hot arrays beside the Boost.Graph (HotBody, HotRegion, the CSR edges, the id and path
// buffers) say what the vertices and regions say, and assignment over them gives what the
// assignment over the vertices gave before them (assign_reference.hpp), on generated graphs.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

#include "graph/assign.hpp"
#include "graph/assign_reference.hpp"
#include "graph/body_graph.hpp"
#include "graph/graph_equality.hpp"
#include "graph/internal/snapshot_format.hpp"
#include "graph/load.hpp"
#include "graph/mini_graph.hpp"
#include "support/paths.hpp"

namespace tg = tiaojie::graph;

namespace {

constexpr const char* k_categories[] = {"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"};

// A national-shaped graph with irregular bodies: per county a committee (refers to its labour
// centre) and a labour centre (partners with the committee); per street a committee, a judicial
// office and a police room (partners with the judicial office), sometimes none of the three; per
// community one to three committees with random ids (so their id order is not their declaration
// order), capacities and competences, escalating to the street committee and sometimes the
// judicial office too, and sometimes referring to the judicial office. Deterministic for a seed.
std::string generated_graph(unsigned seed, int counties, int streets, int communities) {
  std::mt19937 rng(seed);
  std::string out = fmt::format(R"(
[graph]
name = "generated {}"
categories = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"]
intake = "p1.k1.committee"

[kind.county]
level = "district"
capacity = 5
competences = ["c0", "c1", "c2", "c3", "c4", "c5", "c7"]
leads = ["people", "joint_police", "medical_committee"]
joins = ["joint_labour"]

[kind.labour]
level = "district"
capacity = 3
competences = ["c6"]
leads = ["joint_labour", "people"]

[kind.street]
level = "street"
capacity = 3
competences = ["c0", "c1", "c2", "c3", "c4", "c5"]
leads = ["people"]

[kind.judicial]
level = "street"
capacity = 2
competences = ["c0", "c7"]
leads = ["people"]
joins = ["joint_police"]

[kind.police]
level = "street"
capacity = 2
competences = ["c7"]
leads = ["joint_police", "people"]

[kind.community]
level = "community"
capacity = 2
competences = ["c0", "c1", "c2"]
leads = ["people"]
)",
                                seed);
  auto body = [&](const std::string& id, const std::string& kind, const std::string& where,
                  const std::string& extra) {
    out += fmt::format(
        "\n[[body]]\nid = \"{}\"\nname = \"{} 委员会\"\nkind = \"{}\"\n"
        "jurisdiction = \"{}\"\n{}",
        id, id, kind, where, extra);
  };
  for (int p = 1; p <= 2; ++p) {
    for (int k = 1; k <= counties; ++k) {
      const auto county_id = fmt::format("p{}.k{}", p, k);
      const auto county = fmt::format("省{}/省{}县{}", p, p, k);
      body(county_id + ".committee", "county", county,
           fmt::format("refers_to = [\"{}.labour\"]\n", county_id));
      body(county_id + ".labour", "labour", county,
           fmt::format("partners_with = [\"{}.committee\"]\n", county_id));
      for (int s = 1; s <= streets; ++s) {
        const auto street_id = fmt::format("{}.s{}", county_id, s);
        const auto street = fmt::format("{}/省{}县{}街{}街道", county, p, k, s);
        // One street in seven has no bodies of its own: its communities climb to the county.
        const bool bare = rng() % 7 == 0;
        std::string up = county_id + ".committee";
        if (!bare) {
          body(street_id + ".committee", "street", street,
               fmt::format(
                   "escalates_to = \"{}.committee\"\n{}", county_id,
                   rng() % 2 ? fmt::format("refers_to = [\"{}.police\"]\n", street_id) : ""));
          body(street_id + ".judicial", "judicial", street,
               fmt::format("escalates_to = \"{}.committee\"\n", county_id));
          body(street_id + ".police", "police", street,
               fmt::format("escalates_to = \"{}.committee\"\npartners_with = [\"{}.judicial\"]\n",
                           county_id, street_id));
          up = street_id + ".committee";
        }
        const int n = 1 + static_cast<int>(rng() % static_cast<unsigned>(communities));
        for (int c = 1; c <= n; ++c) {
          const auto community = fmt::format("{}/第{}社区", street, c);
          const int committees = 1 + static_cast<int>(rng() % 3);
          for (int j = 0; j < committees; ++j) {
            std::string extra = fmt::format(
                "escalates_to = [\"{}\"{}]\n", up,
                !bare && rng() % 4 == 0 ? fmt::format(", \"{}.judicial\"", street_id) : "");
            if (rng() % 2) extra += fmt::format("capacity = {}\n", 1 + rng() % 4);
            if (rng() % 3 == 0) {
              const auto first = rng() % 8;
              extra += fmt::format("competences = [\"{}\", \"{}\"]\n", k_categories[first],
                                   k_categories[(first + 1 + rng() % 7) % 8]);
            }
            if (!bare && rng() % 3 == 0) {
              extra += fmt::format("refers_to = [\"{}.judicial\"]\n", street_id);
            }
            if (rng() % 5 == 0) extra += "leads = [\"people\", \"joint_police\"]\n";
            // A random part first, so that id order is not declaration order; then a unique one.
            body(fmt::format("{}.x{:04}.{}.{}", street_id, rng() % 10000, c, j), "community",
                 community, extra);
          }
        }
      }
    }
  }
  return out;
}

const tg::CheckedGraph& generated() {
  static const auto g = [] {
    auto checked = tg::check_graph_sources(
        std::vector<tg::GraphSource>{{"generated.toml", generated_graph(19, 3, 5, 8)}});
    for (const auto& d : checked.diagnostics) {
      if (d.severity == tg::Diagnostic::Severity::error) FAIL(d.to_string());
    }
    return checked;
  }();
  REQUIRE(g.ok());
  return g;
}

// Every derived array against the vertices and regions it was derived from.
void check_hot_arrays(const tg::BodyGraph& g) {
  const auto& adj = g.adjacency();
  for (tg::BodyIndex b = 0; b < g.body_count(); ++b) {
    const auto& body = g.body(b);
    const auto& hot = g.hot(b);
    INFO(body.id.value);
    CHECK(g.id_of(b) == body.id.value);
    CHECK(hot.competences == body.competences);
    CHECK(hot.capacity == body.capacity);
    CHECK(hot.leads == body.leads);
    CHECK(hot.joins == body.joins);
    for (auto kind :
         {tg::EdgeKind::escalates_to, tg::EdgeKind::refers_to, tg::EdgeKind::partners_with}) {
      std::vector<tg::BodyIndex> expected;
      for (auto [it, end] = boost::out_edges(b, adj); it != end; ++it) {
        if (adj[*it].kind == kind)
          expected.push_back(static_cast<tg::BodyIndex>(boost::target(*it, adj)));
      }
      const auto csr = g.edges_of(b, kind);
      CHECK(std::vector<tg::BodyIndex>(csr.begin(), csr.end()) == expected);
    }
  }
  for (tg::RegionIndex r = 0; r < g.region_count(); ++r) {
    const auto& region = g.region(r);
    std::string path = region.name;
    for (auto p = region.parent; p != tg::k_none; p = g.region(p).parent) {
      path = g.region(p).name + "/" + path;
    }
    CHECK(g.path_of(r) == path);
    CHECK(g.hot_region(r).parent == region.parent);
    CHECK(g.hot_region(r).level == region.level);
    std::vector<tg::BodyIndex> expected;
    for (tg::BodyIndex b = 0; b < g.body_count(); ++b) {
      if (g.body(b).region == r) expected.push_back(b);
    }
    std::sort(expected.begin(), expected.end(),
              [&](auto a, auto b) { return g.body(a).id < g.body(b).id; });
    const auto in = g.bodies_in(r);
    CHECK(std::vector<tg::BodyIndex>(in.begin(), in.end()) == expected);
  }
}

// Disputes in every written form (street and community, community alone, street alone, unknown
// places, an address flagged for review) under random outcomes and loads, against the reference.
void check_against_reference(const tg::BodyGraph& g, unsigned seed, std::size_t n) {
  tiaojie::test::ReferenceAssigner reference(g);
  std::mt19937 rng(seed);
  std::vector<tg::RegionIndex> places;
  for (tg::RegionIndex r = 0; r < g.region_count(); ++r) {
    if (g.region(r).level != tg::RegionLevel::above) places.push_back(r);
  }
  const tiaojie::Mode modes[] = {tiaojie::Mode::people, tiaojie::Mode::joint_police,
                                 tiaojie::Mode::joint_labour, tiaojie::Mode::medical_committee,
                                 tiaojie::Mode::petition};
  const char* extra_categories[] = {"unrouted", ""};
  std::vector<std::uint32_t> open(g.body_count());
  std::size_t routed = 0, climbed = 0, with_partners = 0, referred = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 50 == 0) {  // a new load every 50 disputes: empty, light, heavy, or all full
      const unsigned full_one_in = 2 + rng() % 6;
      for (tg::BodyIndex b = 0; b < g.body_count(); ++b) {
        const auto cap = g.body(b).capacity;
        open[b] = i == 0 ? 0 : rng() % full_one_in == 0 ? cap : rng() % cap;
      }
    }
    tiaojie::Dispute d;
    const auto r = places[rng() % places.size()];
    const auto& region = g.region(r);
    const auto form = rng() % 8;
    if (region.level == tg::RegionLevel::community) {
      const auto& street = g.region(region.parent).name;
      if (form != 0) d.street = form == 1 ? street.substr(0, street.size() - 3) : street;
      d.community = form == 2 ? "第" + std::to_string(rng() % 9) + "社区" : region.name;
    } else if (region.level == tg::RegionLevel::street) {
      d.street = region.name;
    } else {
      d.street = form < 4 ? "无此街道" : "  ";
      d.community = form % 2 ? std::optional<std::string>("第1社区") : std::nullopt;
    }
    if (rng() % 40 == 0) d.location_review = "two streets";
    tiaojie::Classification c;
    const auto pick = rng() % (g.categories().size() + 1);
    c.category = pick < g.categories().size() ? g.categories()[pick]
                                              : std::string(extra_categories[rng() % 2]);
    c.mode = modes[rng() % std::size(modes)];
    c.level = static_cast<tiaojie::Level>(rng() % 3);
    const auto got = tg::assign(g, {open}, d, c);
    const auto want = reference.assign({open}, d, c);
    INFO(i, " ", d.street.value_or("-"), " ", d.community.value_or("-"), " ", c.category);
    CHECK(got == want);
    routed += !got.needs_review;
    const auto lead = g.find(got.lead.value);
    climbed += !got.needs_review && lead && g.body(*lead).level > c.level;
    with_partners += !got.partners.empty();
    for (const auto& step : got.path)
      referred += step.verdict.find("referred by") != std::string::npos;
  }
  // The generated disputes reach every branch the assignment has.
  CHECK(routed > n / 4);
  CHECK(climbed > 0);
  CHECK(with_partners > 0);
  CHECK(referred > 0);
}

}  // namespace

TEST_CASE("the hot arrays say what the vertices and regions say") {
  check_hot_arrays(*generated().graph);
  const auto mini =
      tg::check_graph_sources(tiaojie::test::one_file(tiaojie::test::mini_graph_text()));
  REQUIRE(mini.ok());
  check_hot_arrays(*mini.graph);
  const auto haizhu = tg::check_graph(tiaojie::test::source_dir() / "config" / "bodies");
  REQUIRE(haizhu.ok());
  check_hot_arrays(*haizhu.graph);
  // Haizhu has an id too long for a HotBody's line: the checks above covered both places an id
  // can be read from.
  std::size_t long_ids = 0;
  for (tg::BodyIndex b = 0; b < haizhu.graph->body_count(); ++b) {
    long_ids += haizhu.graph->body(b).id.value.size() > tg::HotBody::k_inline_id;
  }
  CHECK(long_ids > 0);
  CHECK(long_ids < haizhu.graph->body_count());
}

TEST_CASE("assignment over the hot arrays gives what the assignment over the vertices gave") {
  check_against_reference(*generated().graph, 4, 20000);
  const auto haizhu = tg::check_graph(tiaojie::test::source_dir() / "config" / "bodies");
  REQUIRE(haizhu.ok());
  check_against_reference(*haizhu.graph, 5, 5000);
}

TEST_CASE("a generated graph read back from its snapshot has the same hot arrays and assignments") {
  using tg::internal::SnapshotCodec;
  const auto& original = generated();
  const std::vector<std::string> files(original.graph->files().begin(),
                                       original.graph->files().end());
  auto decoded =
      SnapshotCodec::decode(SnapshotCodec::encode(original), original.graph->version(), files);
  REQUIRE_MESSAGE(decoded.has_value(), decoded.error().to_string());
  tiaojie::test::check_same_graph(*original.graph, *decoded->graph);
  check_hot_arrays(*decoded->graph);
  check_against_reference(*decoded->graph, 4, 5000);
  tiaojie::test::check_same_assignments(*original.graph, *decoded->graph);
}

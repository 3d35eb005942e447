#include "graph/assign.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>

#include "graph/load.hpp"
#include "graph/mini_graph.hpp"
#include "support/paths.hpp"

namespace tg = tiaojie::graph;
using tiaojie::Classification;
using tiaojie::Dispute;
using tiaojie::Level;
using tiaojie::Mode;

namespace {

std::shared_ptr<const tg::BodyGraph> mini() {
  static auto g = [] {
    auto r = tg::load_graph_sources(tiaojie::test::one_file(tiaojie::test::mini_graph_text()));
    REQUIRE(r.has_value());
    return *r;
  }();
  return g;
}

std::shared_ptr<const tg::BodyGraph> haizhu() {
  static auto g = [] {
    auto r = tg::load_graph(tiaojie::test::source_dir() / "config" / "bodies");
    if (!r) FAIL(r.error().to_string());
    return *r;
  }();
  return g;
}

Dispute at(std::optional<std::string> street, std::optional<std::string> community) {
  Dispute d;
  d.external_id = "t";
  d.channel = "walk_in";
  d.description = "test";
  d.street = std::move(street);
  d.community = std::move(community);
  return d;
}

Classification decided(std::string category, Mode mode, Level level) {
  Classification c;
  c.category = std::move(category);
  c.mode = mode;
  c.level = level;
  return c;
}

// Open cases by body id, turned into the dense view the daemon would keep.
std::vector<std::uint32_t> loads(const tg::BodyGraph& g,
                                 const std::map<std::string, std::uint32_t>& open) {
  std::vector<std::uint32_t> v(g.body_count(), 0);
  for (const auto& [id, n] : open) {
    auto b = g.find(id);
    REQUIRE_MESSAGE(b.has_value(), id);
    v[*b] = n;
  }
  return v;
}

std::vector<std::string> ids(const std::vector<tiaojie::BodyId>& bodies) {
  std::vector<std::string> out;
  for (const auto& b : bodies) out.push_back(b.value);
  return out;
}

std::vector<std::string> path_ids(const tiaojie::Assignment& a) {
  std::vector<std::string> out;
  for (const auto& s : a.path) out.push_back(s.body.value);
  return out;
}

struct Case {
  const char* name;
  std::optional<std::string> street;
  std::optional<std::string> community;
  const char* category;
  Mode mode;
  Level level;
  std::map<std::string, std::uint32_t> open;
  const char* lead;
  std::vector<std::string> partners;
  bool needs_review;
  std::vector<std::string> path;  // empty: not checked
};

}  // namespace

TEST_CASE("assignment on the mini graph follows the table") {
  const std::vector<Case> cases = {
      {"a neighbour dispute stays in its community",
       "甲",
       "一社区",
       "neighbour",
       Mode::people,
       Level::community,
       {},
       "a1",
       {},
       false,
       {"a1"}},
      {"a full community climbs to its street committee",
       "甲街道",
       "一社区",
       "neighbour",
       Mode::people,
       Level::community,
       {{"a1", 2}},
       "a.committee",
       {},
       false,
       {"a1", "a.committee"}},
      {"full community and street climb to the district",
       "甲街",
       "一社区",
       "neighbour",
       Mode::people,
       Level::community,
       {{"a1", 2}, {"a.committee", 3}},
       "d.committee",
       {},
       false,
       {"a1", "a.committee", "d.committee"}},
      {"everything full up the chain goes to intake for review",
       "甲",
       "一社区",
       "neighbour",
       Mode::people,
       Level::community,
       {{"a1", 2}, {"a.committee", 3}, {"d.committee", 10}},
       "d.centre",
       {},
       true,
       {"a1", "a.committee", "d.committee", "d.centre"}},
      {"a joint labour case at district level goes to the labour centre with partners",
       "乙",
       "三社区",
       "labour",
       Mode::joint_labour,
       Level::district,
       {},
       "d.labour",
       {"d.committee"},
       false,
       {"d.centre", "d.committee", "d.labour", "d.medical"}},
      {"joint labour asked at community level climbs and is referred to the labour centre",
       "甲",
       "二社区",
       "labour",
       Mode::joint_labour,
       Level::community,
       {},
       "d.labour",
       {"d.committee"},
       false,
       {"a2", "a.committee", "d.committee", "d.labour"}},
      {"a joint police case picks the police room with the judicial office as partner",
       "甲",
       {},
       "public_security",
       Mode::joint_police,
       Level::street,
       {},
       "a.police",
       {"a.judicial"},
       false,
       {"a.committee", "a.judicial", "a.police"}},
      {"a street committee refers public security to its police room",
       "乙",
       "三社区",
       "public_security",
       Mode::people,
       Level::community,
       {},
       "b.police",
       {},
       false,
       {"b3", "b.committee", "b.police"}},
      {"a category no community handles climbs to the specialist",
       "甲",
       "一社区",
       "medical",
       Mode::medical_committee,
       Level::community,
       {},
       "d.medical",
       {},
       false,
       {"a1", "a.committee", "d.committee", "d.medical"}},
      {"an unknown street goes to intake for review",
       "不存在街",
       "一社区",
       "neighbour",
       Mode::people,
       Level::community,
       {},
       "d.centre",
       {},
       true,
       {"d.centre"}},
      {"no location at all goes to intake for review",
       {},
       {},
       "neighbour",
       Mode::people,
       Level::community,
       {},
       "d.centre",
       {},
       true,
       {"d.centre"}},
      {"an unknown category goes to intake for review",
       "甲",
       "一社区",
       "astrology",
       Mode::people,
       Level::community,
       {},
       "d.centre",
       {},
       true,
       {}},
      {"a tie in load is broken by id",
       "甲",
       {},
       "neighbour",
       Mode::people,
       Level::street,
       {},
       "a.committee",
       {},
       false,
       {"a.committee", "a.judicial", "a.police"}},
      {"equal ratios still tie and go by id",
       "甲",
       {},
       "neighbour",
       Mode::people,
       Level::street,
       {{"a.committee", 1}, {"a.judicial", 1}},
       "a.committee",
       {},
       false,
       {}},
      {"the least loaded wins over the smaller id",
       "甲",
       {},
       "neighbour",
       Mode::people,
       Level::street,
       {{"a.committee", 2}, {"a.judicial", 1}},
       "a.judicial",
       {},
       false,
       {}},
      {"a known street with an unknown community starts at the street",
       "甲",
       "九十九社区",
       "neighbour",
       Mode::people,
       Level::community,
       {},
       "a.committee",
       {},
       false,
       {}},
      {"a community alone is found by its name",
       {},
       "二社区",
       "neighbour",
       Mode::people,
       Level::community,
       {},
       "a2",
       {},
       false,
       {"a2"}},
  };
  auto g = mini();
  for (const auto& c : cases) {
    std::string name = c.name;
    CAPTURE(name);
    auto open = loads(*g, c.open);
    auto a = tg::assign(*g, tg::LoadView{open}, at(c.street, c.community),
                        decided(c.category, c.mode, c.level));
    CHECK(a.lead.value == c.lead);
    CHECK(ids(a.partners) == c.partners);
    CHECK(a.needs_review == c.needs_review);
    CHECK(a.review_reason.empty() == !c.needs_review);
    if (!c.path.empty()) CHECK(path_ids(a) == c.path);
    REQUIRE_FALSE(a.path.empty());
    CHECK(a.graph_version == g->version());
  }
}

TEST_CASE("the path says why each body was passed over") {
  auto g = mini();
  auto open = loads(*g, {{"a1", 2}});
  auto a = tg::assign(*g, tg::LoadView{open}, at("甲", "一社区"),
                      decided("public_security", Mode::joint_police, Level::community));
  REQUIRE(a.path.size() == 3);
  CHECK(a.path[0].verdict == "not competent for public_security");
  CHECK(a.path[1].verdict == "not competent for public_security");
  CHECK(a.path[2].verdict == "chosen (0/3 open); referred by a.committee");
  CHECK(a.location == "D/甲街道/一社区");

  auto full = tg::assign(*g, tg::LoadView{open}, at("甲", "一社区"),
                         decided("neighbour", Mode::people, Level::community));
  CHECK(full.path[0].verdict == "at capacity (2/2)");
  auto tie = tg::assign(*g, tg::LoadView{}, at("甲", {}),
                        decided("neighbour", Mode::people, Level::street));
  CHECK(tie.path[1].verdict == "same load, larger id (0/3) than a.committee");
  CHECK(tie.path[2].verdict == "not competent for neighbour");
}

TEST_CASE("in Haizhu a neighbour dispute in 青凤社区 goes to its committee, then to 江南中街") {
  auto g = haizhu();
  auto neighbour = decided("neighbour", Mode::people, Level::community);
  for (auto street : {"江南中", "江南中街", "江南中街道"}) {
    auto a = tg::assign(*g, tg::LoadView{}, at(street, "青凤社区"), neighbour);
    CHECK(a.lead.value == "hz.community.jiangnanzhong.qingfeng");
    CHECK_FALSE(a.needs_review);
  }
  auto qingfeng = g->find("hz.community.jiangnanzhong.qingfeng");
  REQUIRE(qingfeng);
  std::vector<std::uint32_t> open(g->body_count(), 0);
  open[*qingfeng] = g->body(*qingfeng).capacity;
  auto a = tg::assign(*g, tg::LoadView{open}, at("江南中", "青凤"), neighbour);
  CHECK(a.lead.value == "hz.street.jiangnanzhong.committee");
  CHECK(path_ids(a) == std::vector<std::string>{"hz.community.jiangnanzhong.qingfeng",
                                                "hz.street.jiangnanzhong.committee"});
}

TEST_CASE("in Haizhu the 32-worker wage case goes to the district labour joint centre") {
  auto g = haizhu();
  auto d = at("凤阳", "凤阳街第3社区");
  d.parties = 32;
  d.amount_claimed = 400000;
  for (auto level : {Level::district, Level::street, Level::community}) {
    auto a = tg::assign(*g, tg::LoadView{}, d, decided("labour", Mode::joint_labour, level));
    CAPTURE(tiaojie::to_string(level));
    CHECK(a.lead.value == "hz.district.labour");
    CHECK(ids(a.partners) ==
          std::vector<std::string>{"hz.district.committee", "hz.district.court"});
    CHECK(a.location == "海珠区/凤阳街道/凤阳街第3社区");
  }
}

TEST_CASE("every corpus community of Haizhu is found in every written form") {
  auto g = haizhu();
  for (auto street : {"赤岗", "新港", "昌岗", "江南中", "滨江", "素社", "海幢", "南华西", "龙凤",
                      "沙园", "南石头", "凤阳", "瑞宝", "江海", "南洲", "琶洲", "华洲", "官洲"}) {
    for (int n = 1; n <= 18; ++n) {
      std::string s = street;
      auto community = s + "街第" + std::to_string(n) + "社区";
      auto r = g->locate(s + "街道", community);
      REQUIRE(r != tg::k_none);
      CHECK(g->region(r).name == community);
      CHECK(g->locate(s, "第" + std::to_string(n) + "社区") == r);
      CHECK(g->locate({}, community) == r);
    }
  }
}

// Property: whatever the place, category, mode, level and load, the lead is competent for the
// category and leads the mode, or the assignment is flagged for review.
TEST_CASE("every lead is competent and leads the mode, or the case is flagged") {
  std::mt19937 rng(20261125);
  const std::vector<std::optional<std::string>> streets = {"江南中", "凤阳街", "官洲街道", "不存在",
                                                           std::nullopt};
  const std::vector<std::optional<std::string>> communities = {
      "青凤社区", "第3社区", "凤阳街第18社区", "无名社区", std::nullopt};
  std::vector<std::string> categories;
  auto g = haizhu();
  for (const auto& c : g->categories()) categories.push_back(c);
  categories.push_back("astrology");
  const auto modes = tiaojie::mode_names();
  const auto levels = tiaojie::level_names();
  std::size_t flagged = 0, total = 0;
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::uint32_t> open(g->body_count());
    for (std::size_t b = 0; b < open.size(); ++b) {
      open[b] = std::uniform_int_distribution<std::uint32_t>(
          0, g->body(static_cast<tg::BodyIndex>(b)).capacity)(rng);
    }
    auto pick = [&](std::size_t n) {
      return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    auto c = decided(categories[pick(categories.size())],
                     *tiaojie::parse_mode(modes[pick(modes.size())]),
                     *tiaojie::parse_level(levels[pick(levels.size())]));
    auto a =
        tg::assign(*g, tg::LoadView{open},
                   at(streets[pick(streets.size())], communities[pick(communities.size())]), c);
    ++total;
    auto lead = g->find(a.lead.value);
    REQUIRE(lead);
    if (a.needs_review) {
      ++flagged;
      CHECK(*lead == g->intake());
      continue;
    }
    const auto& body = g->body(*lead);
    auto category = g->category_index(c.category);
    REQUIRE(category);
    CHECK(((body.competences >> *category) & 1) == 1);
    CHECK((body.leads & tg::mode_bit(c.mode)) != 0);
    CHECK(open[*lead] < body.capacity);
    for (const auto& p : a.partners)
      CHECK((g->body(*g->find(p.value)).joins & tg::mode_bit(c.mode)) != 0);
  }
  CHECK(flagged < total);
}

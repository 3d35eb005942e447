// The shipped rules and the shipped graph together: what `tiaojie explain` shows for the
// design's sample disputes, and that every rule outcome names a level/mode the graph offers.
#include <doctest/doctest.h>

#include "graph/assign.hpp"
#include "graph/load.hpp"
#include "graph/rule_outcomes.hpp"
#include "model/dispute_json.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"
#include "support/disputes.hpp"
#include "support/paths.hpp"

namespace tg = tiaojie::graph;

namespace {

struct Shipped {
  std::shared_ptr<const tiaojie::rules::RuleSet> rules;
  std::shared_ptr<const tg::BodyGraph> graph;
};

const Shipped& shipped() {
  static Shipped s = [] {
    auto rules = tiaojie::rules::load_rule_set(tiaojie::test::source_dir() / "rules");
    if (!rules) FAIL(rules.error().to_string());
    auto graph = tg::load_graph(tiaojie::test::source_dir() / "config" / "bodies");
    if (!graph) FAIL(graph.error().to_string());
    return Shipped{rules->rules, *graph};
  }();
  return s;
}

tiaojie::Assignment route(const std::string& json, const std::vector<std::uint32_t>& open = {}) {
  auto d = tiaojie::parse_dispute(json);
  REQUIRE(d.has_value());
  auto c = tiaojie::rules::classify(*shipped().rules, *d);
  return tg::assign(*shipped().graph, tg::LoadView{open}, *d, c);
}

}  // namespace

TEST_CASE("the design's 32-worker wage case goes to the district labour joint centre") {
  auto a = route(R"({"external_id":"12345-20261124-000123","channel":"hotline_12345",
    "received_at":"2026-11-24T09:30:00+08:00","description":"凤阳街某工地拖欠三十多名工人工资约四十万元……",
    "parties":32,"amount_claimed":400000,"injuries":false,"street":"凤阳","community":"凤阳街第3社区"})");
  CHECK(a.lead.value == "hz.district.labour");
  CHECK_FALSE(a.needs_review);
  CHECK(a.partners.size() == 2);
  CHECK(a.path.size() >= 2);
}

TEST_CASE("a neighbour dispute in 青凤社区 stays there, and goes to 江南中街 when it is full") {
  const std::string json =
      R"({"external_id":"n1","channel":"walk_in","description":"楼上漏水，邻里纠纷",
    "street":"江南中街","community":"青凤社区"})";
  CHECK(route(json).lead.value == "hz.community.jiangnanzhong.qingfeng");
  const auto& g = *shipped().graph;
  std::vector<std::uint32_t> open(g.body_count(), 0);
  auto qingfeng = *g.find("hz.community.jiangnanzhong.qingfeng");
  open[qingfeng] = g.body(qingfeng).capacity;
  CHECK(route(json, open).lead.value == "hz.street.jiangnanzhong.committee");
}

TEST_CASE("every shipped rule outcome names a level and mode the shipped graph offers") {
  std::vector<tg::RouteDemand> demands;
  for (const auto& c : shipped().rules->categories()) {
    demands.push_back({c.pos.to_string(), c.id, c.id, std::nullopt, std::nullopt});
  }
  for (const auto& table : shipped().rules->tables()) {
    for (const auto& rule : table.rules) {
      demands.push_back(
          {rule.pos.to_string(), rule.id, rule.then.category, rule.then.level, rule.then.mode});
    }
  }
  auto diagnostics = tg::check_rule_outcomes(*shipped().graph, demands);
  for (const auto& d : diagnostics) INFO(d.to_string());
  CHECK(diagnostics.empty());
}

TEST_CASE("the generated disputes are routed without review and to competent bodies") {
  auto lines = tiaojie::test::generated_disputes(2000, 11);
  std::size_t review = 0;
  for (const auto& line : lines) {
    auto a = route(line);
    if (a.needs_review) ++review;
    CHECK(!a.location.empty());
  }
  CHECK(review == 0);
}

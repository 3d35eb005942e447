// A fixture store for replay tests: a dozen disputes across Haizhu communities, decided and
// stored as the daemon would (submitted, classified, assigned) under a small rule set, and the
// same rule set with exactly one keyword added to one rule.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "graph/assign.hpp"
#include "graph/load.hpp"
#include "model/dispute_json.hpp"
#include "replay/replay.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"
#include "store/store.hpp"
#include "support/paths.hpp"

namespace tiaojie::test {

// Replay over March 2026, listing the `top` cases that changed most.
inline replay::ReplayOptions march(std::size_t top = 20) {
  return {*parse_timestamp("2026-03-01T00:00:00+08:00"),
          *parse_timestamp("2026-04-01T00:00:00+08:00"), top};
}

inline const char* k_categories_toml = R"(
[[category]]
id = "neighbour"
zh = "邻里纠纷"
en = "Neighbour"

[[category]]
id = "property_mgmt"
zh = "物业纠纷"
en = "Property management"

[[category]]
id = "labour"
zh = "劳动争议"
en = "Labour"

[[category]]
id = "other"
zh = "其他纠纷"
en = "Other"
)";

// `property_keywords` is the keyword list of category.property.fees: the one edit the tests make.
inline std::string category_toml(const std::string& property_keywords,
                                 const std::string& water_leak_level = "community") {
  return R"(
[table]
name = "category"
order = 10

[[rule]]
id = "labour.wages"
priority = 80
when.keywords_any = ["拖欠工资", "欠薪"]
then = { category = "labour", level = "street" }

[[rule]]
id = "property.fees"
priority = 70
when.keywords_any = )" +
         property_keywords + R"(
then = { category = "property_mgmt", level = "community" }

[[rule]]
id = "neighbour.water_leak"
priority = 60
when.keywords_any = ["漏水", "渗水"]
then = { category = "neighbour", level = ")" +
         water_leak_level + R"(" }

[[rule]]
id = "neighbour.noise"
priority = 60
when.keywords_any = ["噪音", "吵闹"]
then = { category = "neighbour", level = "community" }
)";
}

inline const char* k_priority_toml = R"(
[table]
name = "priority"
order = 20

[[rule]]
id = "risk"
priority = 100
when.keywords_any = ["持刀"]
then = { priority = "urgent" }
)";

inline const std::string k_old_keywords = R"(["物业费", "物业公司"])";
inline const std::string k_new_keywords = R"(["物业费", "物业公司", "物业维修"])";

inline std::map<std::string, std::string> rule_files(
    const std::string& property_keywords, const std::string& water_leak_level = "community") {
  return {{"categories.toml", k_categories_toml},
          {"category.toml", category_toml(property_keywords, water_leak_level)},
          {"priority.toml", k_priority_toml}};
}

inline std::shared_ptr<const rules::RuleSet> load_rules(
    const std::map<std::string, std::string>& files) {
  auto loaded = rules::load_rule_set_from_files(files, "rules");
  if (!loaded) FAIL(loaded.error().to_string());
  return loaded->rules;
}

inline std::shared_ptr<const graph::BodyGraph> haizhu_graph() {
  static auto g = [] {
    auto r = graph::load_graph(source_dir() / "config" / "bodies");
    if (!r) FAIL(r.error().to_string());
    return *r;
  }();
  return g;
}

struct FixtureCase {
  const char* description;
  const char* community;  // in 凤阳街道
};

// The stored disputes, in case id order (1-based). Cases 3, 7 and 9 mention 物业维修.
inline const std::vector<FixtureCase> k_fixture_cases = {
    {"楼上漏水，天花板发霉", "凤阳街第1社区"},          // 1 neighbour.water_leak
    {"物业费上涨，业主不满", "凤阳街第2社区"},          // 2 property.fees
    {"楼上漏水，物业维修不及时", "凤阳街第3社区"},      // 3 water_leak → property.fees
    {"工地拖欠工资，物业维修工讨薪", "凤阳街第4社区"},  // 4 labour.wages (outranks)
    {"邻居噪音扰民", "凤阳街第5社区"},                  // 5 neighbour.noise
    {"持刀威胁邻居，噪音", "凤阳街第6社区"},            // 6 noise + risk
    {"夜间噪音，物业维修施工", "凤阳街第7社区"},        // 7 noise → property.fees
    {"物业公司乱收费", "凤阳街第8社区"},                // 8 property.fees
    {"小区物业维修基金去向不明", "凤阳街第9社区"},      // 9 (default) → property.fees
    {"卫生间渗水到楼下", "凤阳街第10社区"},             // 10 water_leak
    {"买卖二手车纠纷", "凤阳街第11社区"},               // 11 (default)
    {"渗水，持刀", "凤阳街第12社区"},                   // 12 water_leak + risk
};

inline std::string fmt_day(int day) {
  return "2026-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T10:00:00+08:00";
}

// A repeat table (重复信访): `min_count` earlier cases or more raise the level by one.
inline std::string repeat_toml(int min_count) {
  return R"(
[table]
name = "repeat"
order = 35

[[rule]]
id = "raise"
priority = 100
when.repeat_count_min = )" +
         std::to_string(min_count) + R"(
then = { raise_level = 1 }
)";
}

// Decides every fixture case under `rules` and the Haizhu graph and stores it with its rule set.
// Each case is received on 2026-03-(id) at 10:00 +08:00. `repeats`: case id → how many earlier
// cases (1, 2, …) it repeats, as the daemon links them before it classifies (the rules see the
// count, the submitted event records the links).
inline void record_fixture(store::Store& s, const rules::RuleSet& rules, bool keep_rule_set = true,
                           const std::map<int, int>& repeats = {}) {
  const auto& g = *haizhu_graph();
  std::vector<std::uint32_t> load(g.body_count(), 0);
  int n = 0;
  for (const auto& fc : k_fixture_cases) {
    ++n;
    Dispute d;
    d.external_id = "F-" + std::to_string(n);
    d.channel = "walk_in";
    d.received_at = *parse_timestamp(fmt_day(n));
    d.description = fc.description;
    d.street = "凤阳街道";
    d.community = fc.community;
    d.claimant = Party{"李四", "13900000000", "440105198001011234"};
    std::vector<lifecycle::RepeatLink> links;
    if (auto r = repeats.find(n); r != repeats.end()) {
      for (int earlier = 1; earlier <= r->second; ++earlier)
        links.push_back({lifecycle::CaseId{earlier}, lifecycle::RepeatReason::same_party});
    }
    d.repeat_count = static_cast<std::int64_t>(links.size());
    const auto c = rules::classify(rules, d);
    const auto a = graph::assign(g, graph::LoadView{load}, d, c);
    if (auto b = g.find(a.lead.value)) ++load[*b];
    const Timestamp at = *d.received_at;
    std::vector<lifecycle::Event> events{
        {{},
         at,
         "channel:walk_in",
         {},
         lifecycle::Submitted{d.channel, d.external_id, at, std::nullopt, links}},
        {{}, at, "system", {}, lifecycle::Classified{c, std::nullopt}},
        {{}, at, "system", a.lead, lifecycle::Assigned{a}},
    };
    std::vector<store::Change> batch{store::NewCase{d, dispute_to_json_text(d), std::move(events)}};
    auto r = s.commit(batch);
    REQUIRE(r.has_value());
    REQUIRE((*r)[0].has_value());
  }
  if (keep_rule_set) {
    store::RuleSetFiles files;
    for (const auto& f : rules.files()) files[f.name] = f.contents;
    REQUIRE(s.put_rule_set(rules.version().view(), files).has_value());
  }
}

}  // namespace tiaojie::test

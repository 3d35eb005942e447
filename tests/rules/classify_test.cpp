#include "rules/classify.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "rules/rule_tests.hpp"

using namespace tiaojie;
using namespace tiaojie::rules;

namespace {

// The categories these tests use, declared once (an undeclared category is an error).
std::shared_ptr<const RuleSet> load(std::map<std::string, std::string> files) {
  std::string declared;
  for (const char* id : {"labour", "medical", "neighbour", "family", "traffic", "other"}) {
    declared += fmt::format("[[category]]\nid = \"{}\"\n", id);
  }
  files.emplace("zz_categories.toml", declared);
  auto loaded = load_rule_set_from_files(files, "r");
  if (!loaded) FAIL(loaded.error().to_string());
  return loaded->rules;
}

Dispute dispute(std::string description) {
  Dispute d;
  d.external_id = "t";
  d.channel = "walk_in";
  d.description = std::move(description);
  return d;
}

// One table whose rule `hit` has the given conditions; "miss" otherwise.
std::string decided(const std::string& when, const Dispute& d) {
  auto rules =
      load({{"t.toml", "[[rule]]\nid = \"hit\"\n" + when + "\nthen.level = \"district\"\n"}});
  return classify(*rules, d).level_rule.rule_id().empty() ? "miss" : "hit";
}

}  // namespace

TEST_CASE("each condition kind decides whether a rule matches") {
  auto d = dispute("某工地拖欠工资，老板跑路");
  d.parties = 12;
  d.amount_claimed = 40000;
  d.street = "凤阳街道";
  d.community = "凤阳街第3社区";
  d.declared_category = "labour";

  CHECK(decided("when.keywords_any = [\"欠薪\", \"拖欠工资\"]", d) == "hit");
  CHECK(decided("when.keywords_any = [\"欠薪\", \"讨薪\"]", d) == "miss");
  CHECK(decided("when.keywords_all = [\"拖欠\", \"跑路\"]", d) == "hit");
  CHECK(decided("when.keywords_all = [\"拖欠\", \"医院\"]", d) == "miss");
  CHECK(decided("when.keywords_any = [\"工资\"]\nwhen.keywords_none = [\"医院\"]", d) == "hit");
  CHECK(decided("when.keywords_any = [\"工资\"]\nwhen.keywords_none = [\"跑路\"]", d) == "miss");
  CHECK(decided("when.channels = [\"walk_in\", \"online\"]", d) == "hit");
  CHECK(decided("when.channels = [\"hotline_12345\"]", d) == "miss");
  CHECK(decided("when.parties_min = 10", d) == "hit");
  CHECK(decided("when.parties_min = 13", d) == "miss");
  CHECK(decided("when.parties_max = 12", d) == "hit");
  CHECK(decided("when.parties_max = 11", d) == "miss");
  CHECK(decided("when.amount_min = 40000", d) == "hit");
  CHECK(decided("when.amount_min = 40000.5", d) == "miss");
  CHECK(decided("when.amount_below = 40000.5", d) == "hit");
  CHECK(decided("when.amount_below = 40000", d) == "miss");
  CHECK(decided("when.injuries = false", d) == "hit");
  CHECK(decided("when.injuries = true", d) == "miss");
  CHECK(decided("when.streets = [\"凤阳\"]", d) == "hit");
  CHECK(decided("when.streets = [\"赤岗街\"]", d) == "miss");
  CHECK(decided("when.communities = [\"凤阳街第3社区\"]", d) == "hit");
  CHECK(decided("when.communities = [\"青凤社区\"]", d) == "miss");
  CHECK(decided("when.declared_categories = [\"labour\"]", d) == "hit");
  CHECK(decided("when.declared_categories = [\"medical\"]", d) == "miss");
  CHECK(decided("when.categories = [\"other\"]", d) == "hit");  // the default category
  CHECK(decided("when.categories = [\"labour\"]", d) == "miss");
  CHECK(decided("", d) == "hit");  // no condition: matches everything
}

TEST_CASE("absent numbers fail numeric conditions") {
  auto d = dispute("工资");
  CHECK(decided("when.parties_min = 0", d) == "miss");
  CHECK(decided("when.amount_below = 1e9", d) == "miss");
}

TEST_CASE("a first table picks the highest priority, then the earlier rule in the file") {
  auto rules = load({{"t.toml", R"(
[[rule]]
id = "a"
priority = 1
when.keywords_any = ["工资"]
then.level = "street"
[[rule]]
id = "b"
priority = 5
when.keywords_any = ["拖欠"]
then.level = "district"
[[rule]]
id = "c"
priority = 5
when.keywords_any = ["工资"]
then.level = "community"
)"}});
  auto c = classify(*rules, dispute("拖欠工资"));
  CHECK(c.level_rule.rule_id() == "b");
  CHECK(c.level == Level::district);
  CHECK(classify(*rules, dispute("工资")).level_rule.rule_id() == "c");

  auto ex = explain(*rules, dispute("拖欠工资"));
  REQUIRE(ex.tables.size() == 1);
  CHECK(ex.tables[0].winner.rule_id() == "b");
  REQUIRE(ex.tables[0].also_matched.size() == 2);
  CHECK(ex.tables[0].also_matched[0].rule_id() == "c");
  CHECK(ex.tables[0].also_matched[1].rule_id() == "a");
  CHECK(ex.keywords == std::vector<std::string>{"拖欠", "工资"});

  auto decision = decide(*rules, dispute("拖欠工资"));
  CHECK(decision.table_count == 1);
  CHECK(rules->tables()[0].rules[static_cast<std::size_t>(decision.winner[0])].id == "b");
}

TEST_CASE("outcomes combine across tables in table order, later tables building on earlier ones") {
  auto rules = load({
      {"a_category.toml", R"(
[table]
order = 10
[[rule]]
id = "wages"
when.keywords_any = ["欠薪"]
then.category = "labour"
then.level = "street"
then.priority = "normal"
)"},
      {"b_escalation.toml", R"(
[table]
order = 20
[[rule]]
id = "group"
when.parties_min = 10
then.raise_level = 1
then.raise_priority = 1
then.tags = ["group"]
)"},
      {"c_deadline.toml", R"(
[table]
order = 30
hit = "unique"
[[rule]]
id = "labour"
when.categories = ["labour"]
then.deadline_days = 15
)"},
      {"defaults.toml", "[defaults]\ncategory = \"other\"\ndeadline_days = 30\n"},
  });
  auto d = dispute("老板欠薪");
  d.parties = 32;
  auto c = classify(*rules, d);
  CHECK(c.category == "labour");
  CHECK(c.level == Level::district);
  CHECK(c.priority == Priority::high);
  CHECK(c.deadline == Deadline{15, DayCount::calendar});
  CHECK(c.tags == std::vector<std::string>{"group"});
  CHECK(c.category_rule.table() == "a_category");
  CHECK(c.level_rule.rule_id() == "group");
  CHECK(c.deadline_rule == RuleRef{"c_deadline", "labour", "r/c_deadline.toml", 5});
  CHECK(c.mode_rule.empty());
  CHECK(c.rules_version == rules->version());

  auto plain = classify(*rules, dispute("噪音"));
  CHECK(plain.category == "other");
  CHECK(plain.deadline == Deadline{30, DayCount::calendar});
  CHECK(plain.category_rule.empty());
  CHECK(plain.tags.empty());
}

TEST_CASE("raising a level or priority stops at the top") {
  auto rules =
      load({{"t.toml", "[[rule]]\nid = \"up\"\nthen.raise_level = 2\nthen.raise_priority = 3\n"},
            {"d.toml", "[defaults]\nlevel = \"street\"\npriority = \"high\"\n"}});
  auto c = classify(*rules, dispute("x"));
  CHECK(c.level == Level::district);
  CHECK(c.priority == Priority::urgent);
}

TEST_CASE("inline tests report every failed expectation") {
  auto rules = load({{"t.toml", R"(
[[rule]]
id = "wages"
when.keywords_any = ["欠薪"]
then.category = "labour"
then.tags = ["wages"]

[[test]]
name = "passes"
dispute = { description = "老板欠薪" }
expect = { category = "labour", rule = "wages", tags = ["wages"] }

[[test]]
name = "fails"
dispute = { description = "邻居噪音" }
expect = { category = "labour", rule = "wages", level = "street" }

[[test]]
name = "no rule"
dispute = { description = "邻居噪音" }
expect = { rule = "", tags = [] }
)"}});
  auto results = run_rule_tests(*rules);
  REQUIRE(results.size() == 3);
  CHECK(results[0].passed);
  CHECK_FALSE(results[1].passed);
  REQUIRE(results[1].failures.size() == 3);
  CHECK(results[1].failures[0] == "category: expected labour, got other (decided by default)");
  CHECK(results[1].failures[1] == "level: expected street, got community (decided by default)");
  CHECK(results[1].failures[2] == "rule: expected table 't' to pick 'wages', it picked no rule");
  CHECK(results[2].passed);
}

TEST_CASE("classification does not depend on keywords of other tables being present") {
  // Many keywords across tables share one automaton; each rule sees only its own.
  auto rules =
      load({{"a.toml",
             "[[rule]]\nid = \"x\"\nwhen.keywords_all = [\"医院\", \"手术\"]\nthen.category = "
             "\"medical\"\n"},
            {"b.toml",
             "[[rule]]\nid = \"y\"\nwhen.keywords_any = [\"手术费\"]\nthen.level = \"street\"\n"}});
  auto c = classify(*rules, dispute("在医院做手术后纠纷"));
  CHECK(c.category == "medical");
  CHECK(c.level == Level::community);
  auto fee = classify(*rules, dispute("在医院做手术费用纠纷"));
  CHECK(fee.category == "medical");
  CHECK(fee.level == Level::street);
}

// The rule references share their text with the rule set: two decisions by one rule point at one
// buffer, and a classification still reads its references once a hot reload has
// dropped the rule set that made it (ASan and TSan builds would see a dangling text).
TEST_CASE("a classification's rule references share the rule set's text and outlive it") {
  auto rules = load({{"t.toml",
                      "[[rule]]\nid = \"wages\"\nwhen.keywords_any = [\"工资\"]\n"
                      "then.category = \"labour\"\n"}});
  const auto a = classify(*rules, dispute("拖欠工资"));
  const auto b = classify(*rules, dispute("工资未付"));
  REQUIRE(a.category_rule.rule_id() == "wages");
  CHECK(a.category_rule.rule_id().c_str() == b.category_rule.rule_id().c_str());
  CHECK(a.rules_version.c_str() == b.rules_version.c_str());
  const std::string version = rules->version();
  rules.reset();
  CHECK(a.category_rule.table() == "t");
  CHECK(a.category_rule.rule_id() == "wages");
  CHECK(a.category_rule.file().ends_with("t.toml"));
  CHECK(a.category_rule.line() == 1);
  CHECK(a.rules_version == version);
  CHECK(a == b);  // equal by text, whichever buffers they hold
}

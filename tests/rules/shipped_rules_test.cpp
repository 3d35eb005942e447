// The rules shipped in rules/: they load without errors or warnings, their inline tests pass,
// and they decide the sample dispute of design.md §3 as the issue asks.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "model/dispute_json.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"
#include "rules/rule_tests.hpp"
#include "support/paths.hpp"

using namespace tiaojie;
using namespace tiaojie::rules;

namespace {

std::shared_ptr<const RuleSet> shipped() {
  static auto loaded = load_rule_set(test::source_dir() / "rules");
  if (!loaded) FAIL(loaded.error().to_string());
  return loaded->rules;
}

}  // namespace

TEST_CASE("the shipped rules load with no error and no warning") {
  auto report = check_rule_set(test::source_dir() / "rules");
  for (const auto& d : report.diagnostics) MESSAGE(d.to_string());
  CHECK(report.diagnostics.empty());
  REQUIRE(report.rules);
  CHECK(report.rules->rule_count() >= 120);
}

TEST_CASE("the shipped rules declare exactly the fixed category ids") {
  std::vector<std::string> ids;
  for (const auto& c : shipped()->categories()) {
    ids.push_back(c.id);
    CHECK_FALSE(c.label_zh.empty());
    CHECK_FALSE(c.label_en.empty());
  }
  CHECK(ids == std::vector<std::string>{"family", "neighbour", "housing", "contract", "business",
                                        "damages", "labour", "medical", "traffic",
                                        "land_demolition", "environment", "property_mgmt",
                                        "consumer", "public_security", "other"});
}

TEST_CASE("every shipped category is decided by some rule of the category table") {
  const auto& table = shipped()->tables()[0];
  REQUIRE(table.name == "category");
  for (const auto& c : shipped()->categories()) {
    bool decided = std::any_of(table.rules.begin(), table.rules.end(), [&](const Rule& r) {
      return r.then.category == c.id && !r.when.keywords_any.empty();
    });
    CHECK_MESSAGE(decided, c.id);
  }
}

TEST_CASE("every shipped rule file has inline tests, and they all pass") {
  std::set<std::string> files_with_tests;
  for (const auto& t : shipped()->tests()) files_with_tests.insert(t.pos.file);
  CHECK(files_with_tests.size() == shipped()->files().size());
  for (const auto& r : run_rule_tests(*shipped())) {
    std::string why;
    for (const auto& f : r.failures) why += "\n  " + f;
    const std::string context = r.test->pos.to_string() + " " + r.test->name + why;
    CHECK_MESSAGE(r.passed, context);
  }
}

TEST_CASE("the sample of design.md §3 is labour, group, district, 15 days, naming its rules") {
  auto d = parse_dispute(R"({
    "external_id": "12345-20261124-000123", "channel": "hotline_12345",
    "received_at": "2026-11-24T09:30:00+08:00",
    "description": "凤阳街某工地拖欠三十多名工人工资约四十万元……",
    "parties": 32, "amount_claimed": 400000, "injuries": false,
    "street": "凤阳", "community": "凤阳街第3社区",
    "claimant": {"name": "…", "phone": "…", "id_number": "…"}, "respondent": {"name": "…"},
    "declared_category": null})");
  REQUIRE(d);
  auto c = classify(*shipped(), *d);
  CHECK(c.category == "labour");
  CHECK(c.tags == std::vector<std::string>{"group"});
  CHECK(c.level == Level::district);
  CHECK(c.deadline == Deadline{15, DayCount::calendar});
  CHECK(c.mode == Mode::joint_labour);
  CHECK(c.category_rule.table() == "category");
  CHECK(c.category_rule.rule_id() == "labour.wage_arrears");
  CHECK(c.level_rule.rule_id() == "escalation.group");
  CHECK(c.deadline_rule.rule_id() == "deadline.labour");
  CHECK(c.rules_version == shipped()->version());
}

TEST_CASE("a complaint about a broken lift is property management, decided the same way twice") {
  auto rules = shipped();
  auto d = parse_dispute(
      R"({"external_id":"x","channel":"walk_in","description":"某小区业主反映电梯故障多次投诉无果"})");
  REQUIRE(d);
  auto c = classify(*rules, *d);
  CHECK(c == classify(*rules, *d));
  CHECK(c.category == "property_mgmt");
  CHECK(c.priority == Priority::high);  // 多次投诉: reported again and again
}

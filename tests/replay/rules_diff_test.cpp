#include "replay/rules_diff.hpp"

#include <doctest/doctest.h>

#include "replay/replay_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::replay;

TEST_CASE("identical rule sets have no differences") {
  auto a = test::load_rules(test::rule_files(test::k_old_keywords));
  auto b = test::load_rules(test::rule_files(test::k_old_keywords));
  auto d = diff_rule_sets(*a, *b);
  CHECK(d.empty());
  CHECK(format_diff_text(d) == "no differences\n");
}

TEST_CASE("one added keyword is one changed field of one rule") {
  auto a = test::load_rules(test::rule_files(test::k_old_keywords));
  auto b = test::load_rules(test::rule_files(test::k_new_keywords));
  auto d = diff_rule_sets(*a, *b);
  CHECK(d.rules_added.empty());
  CHECK(d.rules_removed.empty());
  CHECK(d.tables_changed.empty());
  REQUIRE(d.rules_changed.size() == 1);
  const auto& rc = d.rules_changed[0];
  CHECK(rc.after.table == "category");
  CHECK(rc.after.id == "property.fees");
  CHECK(rc.after.pos.file == "rules/category.toml");
  REQUIRE(rc.fields.size() == 1);
  CHECK(rc.fields[0].field == "when.keywords_any");
  CHECK(rc.fields[0].added == std::vector<std::string>{"物业维修"});
  CHECK(rc.fields[0].removed.empty());
  const auto text = format_diff_text(d);
  CHECK(text.find("~ rule category.property.fees (rules/category.toml:") != std::string::npos);
  CHECK(text.find("when.keywords_any: +\"物业维修\"") != std::string::npos);
}

TEST_CASE("added and removed rules, outcome changes, and table order and hit policy changes") {
  auto a = test::load_rules(test::rule_files(test::k_old_keywords));
  auto files = test::rule_files(test::k_old_keywords, "street");
  // Drop neighbour.noise, add a rule, make the priority table unique and run it earlier.
  auto& cat = files["category.toml"];
  cat = cat.substr(0, cat.find("[[rule]]\nid = \"neighbour.noise\""));
  cat +=
      "[[rule]]\nid = \"family.divorce\"\npriority = 75\nwhen.keywords_any = [\"离婚\"]\n"
      "then = { category = \"other\" }\n";
  auto& pri = files["priority.toml"];
  pri.replace(pri.find("order = 20"), 10, "order = 5\nhit = \"unique\"");
  auto b = test::load_rules(files);

  auto d = diff_rule_sets(*a, *b);
  REQUIRE(d.rules_added.size() == 1);
  CHECK(d.rules_added[0].id == "family.divorce");
  REQUIRE(d.rules_removed.size() == 1);
  CHECK(d.rules_removed[0].id == "neighbour.noise");
  REQUIRE(d.rules_changed.size() == 1);
  CHECK(d.rules_changed[0].after.id == "neighbour.water_leak");
  REQUIRE(d.rules_changed[0].fields.size() == 1);
  CHECK(d.rules_changed[0].fields[0].field == "then.level");
  CHECK(d.rules_changed[0].fields[0].before == "community");
  CHECK(d.rules_changed[0].fields[0].after == "street");
  REQUIRE(d.tables_changed.size() == 1);
  CHECK(d.tables_changed[0].table == "priority");
  REQUIRE(d.tables_changed[0].fields.size() == 2);
  CHECK(d.tables_changed[0].fields[0].field == "hit");
  CHECK(d.tables_changed[0].fields[1].field == "order");
  CHECK(d.tables_changed[0].fields[1].after == "5");
}

TEST_CASE("a new priority that reorders a table shows as a rule order change") {
  auto a = test::load_rules(test::rule_files(test::k_old_keywords));
  auto files = test::rule_files(test::k_old_keywords);
  auto& cat = files["category.toml"];
  cat.replace(cat.find("priority = 60"), 13, "priority = 90");  // water_leak now runs first
  auto b = test::load_rules(files);
  auto d = diff_rule_sets(*a, *b);
  REQUIRE(d.tables_changed.size() == 1);
  REQUIRE(d.tables_changed[0].fields.size() == 1);
  CHECK(d.tables_changed[0].fields[0].field == "rule order");
  REQUIRE(d.rules_changed.size() == 1);
  CHECK(d.rules_changed[0].fields[0].field == "priority");
}

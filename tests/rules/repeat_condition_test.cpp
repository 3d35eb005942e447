// The repeat_count condition (重复信访, docs/rules.md): its errors at the value, its matching on
// the count the engine passes in (Dispute::repeat_count), and the overlap and shadow analyses.
#include <doctest/doctest.h>

#include "rules/classify.hpp"
#include "rules/rule_set.hpp"

using namespace tiaojie;
using namespace tiaojie::rules;

namespace {

const char* k_repeat_categories = R"(
[[category]]
id = "neighbour"
zh = "邻里纠纷"
en = "Neighbour"

[[category]]
id = "other"
zh = "其他"
en = "Other"
)";

RuleSetReport check_repeat_table(std::string table) {
  std::map<std::string, std::string> files{{"categories.toml", k_repeat_categories},
                                           {"repeat.toml", std::move(table)}};
  return check_rule_set_files(files, "rules");
}

std::vector<std::string> diagnostics(const RuleSetReport& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.to_string());
  return out;
}

}  // namespace

TEST_CASE("a repeat_count bound that is not a whole number from 0 is an error at its value") {
  auto r = check_repeat_table(R"([[rule]]
id = "x"
when.repeat_count_min = "two"
then.level = "street"
[[rule]]
id = "y"
when.repeat_count_max = -1
then.level = "street"
)");
  auto d = diagnostics(r);
  REQUIRE(d.size() == 2);
  CHECK(d[0] ==
        "rules/repeat.toml:3:25: error: 'repeat_count_min' must be an integer, not a string");
  CHECK(d[1] ==
        "rules/repeat.toml:7:25: error: 'repeat_count_max' must be between 0 and 1000000, got -1");
  CHECK_FALSE(
      check_repeat_table("[[rule]]\nid = \"z\"\nwhen.repeat_counts = 2\nthen.level = \"street\"\n")
          .diagnostics.empty());
}

TEST_CASE("the third time goes up a level: repeat_count is read from the dispute, 0 by default") {
  auto r = check_repeat_table(R"([table]
name = "repeat"
[[rule]]
id = "third"
priority = 2
when.repeat_count_min = 2
then = { raise_level = 1, tags = ["repeat"] }
[[rule]]
id = "second"
priority = 1
when.repeat_count_min = 1
when.repeat_count_max = 1
then = { tags = ["repeat"] }
)");
  REQUIRE_MESSAGE(!r.has_errors(), diagnostics(r).front());
  Dispute d;
  d.external_id = "x";
  d.channel = "walk_in";
  d.description = "邻居漏水";
  CHECK(classify(*r.rules, d).level == Level::community);
  CHECK(classify(*r.rules, d).tags.empty());
  d.repeat_count = 1;
  CHECK(classify(*r.rules, d).level_rule.empty());
  CHECK(classify(*r.rules, d).tags == std::vector<std::string>{"repeat"});
  d.repeat_count = 2;
  CHECK(classify(*r.rules, d).level == Level::street);
  CHECK(classify(*r.rules, d).level_rule.rule_id() == "third");
  d.repeat_count = 7;
  CHECK(classify(*r.rules, d).level == Level::street);
}

TEST_CASE("a repeat_count rule under a wider one of higher priority is shadowed") {
  auto r = check_repeat_table(R"([[rule]]
id = "any_repeat"
priority = 2
when.repeat_count_min = 1
then.level = "street"
[[rule]]
id = "third"
priority = 1
when.repeat_count_min = 2
then.level = "district"
)");
  auto d = diagnostics(r);
  REQUIRE(d.size() == 1);
  CHECK(d[0].starts_with(
      "rules/repeat.toml:6:1: warning: rule 'third' is shadowed by rule 'any_repeat'"));
}

TEST_CASE("disjoint repeat_count ranges do not overlap in a unique table") {
  auto r = check_repeat_table(R"([table]
hit = "unique"
[[rule]]
id = "first_time"
when.repeat_count_max = 0
then.level = "community"
[[rule]]
id = "again"
when.repeat_count_min = 1
then.level = "street"
)");
  CHECK(diagnostics(r).empty());
}

#include <doctest/doctest.h>

#include <algorithm>

#include "rules/diagnostics.hpp"
#include "rules/rule_set.hpp"

using namespace tiaojie;
using namespace tiaojie::rules;
using tiaojie::test::diagnostic_lines;
using tiaojie::test::errors;
using tiaojie::test::warnings;

namespace {

const char* k_loader_categories = R"(
[[category]]
id = "labour"
zh = "劳动争议"
en = "Labour"

[[category]]
id = "other"
zh = "其他"
en = "Other"
)";

RuleSetReport check(std::map<std::string, std::string> files) {
  files.emplace("categories.toml", k_loader_categories);
  return check_rule_set_files(files, "rules");
}

}  // namespace

TEST_CASE("a valid table loads with its rules in priority order and no diagnostics") {
  auto r = check({{"category.toml", R"(
[table]
hit = "first"

[[rule]]
id = "low"
priority = 1
when.keywords_any = ["工资"]
then.category = "labour"

[[rule]]
id = "high"
priority = 9
when.keywords_any = ["欠薪"]
then.category = "labour"
)"}});
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.rules);
  const auto& t = r.rules->tables()[0];
  CHECK(t.name == "category");
  CHECK(t.rules[0].id == "high");
  CHECK(t.rules[1].id == "low");
  CHECK(t.rules[1].pos.to_string() == "rules/category.toml:5:1");
  CHECK(r.rules->keyword_count() == 2);
}

TEST_CASE("a TOML syntax error is reported at its file:line:column") {
  auto r = check({{"bad.toml", "[[rule]]\nid = \"x\"\nwhen.keywords_any = [\"工资\"\n"}});
  REQUIRE(errors(r).size() == 1);
  CHECK(errors(r)[0] ==
        "rules/bad.toml:3:27: error: Error while parsing array: encountered end-of-file");
  CHECK_FALSE(r.rules);
}

TEST_CASE("a misspelt field is an error at the key, naming the known fields") {
  auto r = check(
      {{"t.toml",
        "[[rule]]\nid = \"x\"\nwhen.keyword_any = [\"工资\"]\nthen.category = \"labour\"\n"}});
  REQUIRE(errors(r).size() == 1);
  CHECK(errors(r)[0].starts_with(
      "rules/t.toml:3:6: error: unknown field 'keyword_any' in 'when' (known: keywords_any"));
}

TEST_CASE("unknown top-level and outcome fields are errors") {
  auto r = check({{"t.toml", "colour = 1\n[[rule]]\nid = \"x\"\nthen.categroy = \"labour\"\n"}});
  auto e = errors(r);
  REQUIRE(e.size() == 2);  // no "decides nothing" on top of the field error
  CHECK(e[0].starts_with("rules/t.toml:1:1: error: unknown field 'colour' in a rule file"));
  CHECK(e[1].starts_with("rules/t.toml:4:6: error: unknown field 'categroy' in 'then'"));
}

TEST_CASE("a value of the wrong type or out of its set is an error at the value") {
  auto r = check({{"t.toml", R"([[rule]]
id = "x"
when.parties_min = "ten"
then.level = "province"
then.deadline_days = 15
then.deadline_count = "weekdays"
)"}});
  auto e = errors(r);
  REQUIRE(e.size() == 3);
  CHECK(e[0] == "rules/t.toml:3:20: error: 'parties_min' must be an integer, not a string");
  CHECK(e[1] ==
        "rules/t.toml:4:14: error: 'level' must be one of community, street, district, got "
        "\"province\"");
  CHECK(e[2] ==
        "rules/t.toml:6:23: error: 'deadline_count' must be one of calendar, working, months, got "
        "\"weekdays\"");
}

TEST_CASE("duplicate rule ids and a missing id are errors") {
  auto r = check({{"t.toml", R"([[rule]]
id = "x"
then.level = "street"

[[rule]]
id = "x"
then.level = "district"

[[rule]]
then.level = "district"
)"}});
  auto e = errors(r);
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "rules/t.toml:5:1: error: duplicate rule id 'x' (first at rules/t.toml:1:1)");
  CHECK(e[1] == "rules/t.toml:9:1: error: rule has no 'id'");
}

TEST_CASE("an unknown category is an error where it is used: a misspelt id must not go live") {
  auto r = check({{"t.toml", "[[rule]]\nid = \"x\"\nthen.category = \"labor\"\n"}});
  REQUIRE(errors(r).size() == 1);
  CHECK(errors(r)[0] ==
        "rules/t.toml:3:17: error: unknown category 'labor': no [[category]] declares it");
  CHECK(!r.rules);
}

TEST_CASE("a rule shadowed by an earlier, more general rule is a warning") {
  auto r = check({{"t.toml", R"([[rule]]
id = "wages"
priority = 10
when.keywords_any = ["工资"]
then.category = "labour"

[[rule]]
id = "wages_group"
priority = 5
when.keywords_any = ["拖欠工资"]
when.parties_min = 10
then.category = "labour"

[[rule]]
id = "group_first"
priority = 20
when.keywords_any = ["欠薪"]
when.parties_min = 10
then.category = "labour"

[[rule]]
id = "arrears"
priority = 1
when.keywords_any = ["欠薪"]
then.category = "labour"
)"}});
  auto w = warnings(r);
  REQUIRE(w.size() == 1);  // "arrears" is not shadowed: "group_first" needs parties >= 10
  CHECK(
      w[0].starts_with("rules/t.toml:7:1: warning: rule 'wages_group' is shadowed by rule 'wages' "
                       "(rules/t.toml:1:1)"));
}

TEST_CASE("overlapping rules in a unique table are an error naming both") {
  auto r = check({{"level.toml", R"([table]
hit = "unique"

[[rule]]
id = "small"
when.amount_below = 10000
then.level = "community"

[[rule]]
id = "medium"
when.amount_min = 10000
when.amount_below = 100000
then.level = "street"

[[rule]]
id = "large"
when.amount_min = 50000
then.level = "district"
)"}});
  auto e = errors(r);
  REQUIRE(e.size() == 1);
  CHECK(e[0] ==
        "rules/level.toml:15:1: error: rule 'large' overlaps rule 'medium' (rules/level.toml:9:1) "
        "in unique "
        "table 'level': some dispute can match both");
}

TEST_CASE("rules of a unique table that exclude each other load") {
  auto r = check({{"mode.toml", R"([table]
hit = "unique"
[[rule]]
id = "hurt"
when.injuries = true
then.mode = "joint_police"
[[rule]]
id = "labour"
when.injuries = false
when.categories = ["labour"]
then.mode = "joint_labour"
[[rule]]
id = "wages_not_medical"
when.injuries = false
when.categories = ["other"]
when.keywords_all = ["工资"]
when.keywords_none = ["医院"]
then.mode = "people"
[[rule]]
id = "medical"
when.keywords_all = ["医院工资"]
when.keywords_none = ["医院"]
then.mode = "medical_committee"
)"}});
  CHECK(errors(r).empty());
}

TEST_CASE("two [defaults] and duplicate categories are errors") {
  auto r = check({{"a.toml", "[defaults]\nlevel = \"street\"\n"},
                  {"b.toml", "[defaults]\nlevel = \"district\"\n[[category]]\nid = \"labour\"\n"}});
  auto e = errors(r);
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "rules/b.toml:1:1: error: a second [defaults] (the first is at rules/a.toml:1:1)");
  CHECK(
      e[1] ==
      "rules/categories.toml:2:1: error: duplicate category 'labour' (first at rules/b.toml:3:1)");
}

TEST_CASE("load_rule_set_from_files returns the first error with every error listed") {
  std::map<std::string, std::string> files = {{"t.toml", "[[rule]]\nid = 3\nthen.level = 1\n"}};
  auto loaded = load_rule_set_from_files(files, "rules");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().code == ErrorCode::invalid_input);
  CHECK(loaded.error().where == "rules/t.toml:2:6");
  CHECK(loaded.error().message ==
        "'id' must be a string, not an integer\nrules/t.toml:3:14: error: 'level' must be a "
        "string, not an integer");
}

TEST_CASE("the version is a stable hash of file names and contents, and the files are kept") {
  std::map<std::string, std::string> files = {
      {"t.toml", "[[rule]]\nid = \"x\"\nthen.level = \"street\"\n"}};
  auto a = load_rule_set_from_files(files);
  auto b = load_rule_set_from_files(files);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->rules->version() == b->rules->version());
  CHECK(a->rules->version().size() == 16);
  files["t.toml"] += "# a comment changes the version\n";
  auto c = load_rule_set_from_files(files);
  REQUIRE(c);
  CHECK(c->rules->version() != a->rules->version());
  REQUIRE(a->rules->files().size() == 1);
  CHECK(a->rules->files()[0].name == "t.toml");
  // Rebuilding from the kept files gives the same rule set version.
  std::map<std::string, std::string> kept;
  for (const auto& f : a->rules->files()) kept.emplace(f.name, f.contents);
  CHECK(load_rule_set_from_files(kept)->rules->version() == a->rules->version());
}

TEST_CASE("a missing folder is an io_error") {
  auto loaded = load_rule_set("/nonexistent/rules");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().code == ErrorCode::io_error);
}

TEST_CASE("streets compare without their 街道/街 suffix") {
  CHECK(normalise_street("凤阳街道") == "凤阳");
  CHECK(normalise_street("凤阳街") == "凤阳");
  CHECK(normalise_street("凤阳") == "凤阳");
  CHECK(normalise_street("街") == "街");
}

// The rule set checked against what lies outside its files (rules/references.hpp): the graph's
// streets, communities and routed categories, and the categories channel formats declare.
#include "rules/references.hpp"

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

const char* k_reference_categories = R"(
[[category]]
id = "labour"
[[category]]
id = "neighbour"
[[category]]
id = "other"
)";

RuleSetReport check(std::string rule_file, const References& refs) {
  return check_rule_set_files(
      {{"categories.toml", k_reference_categories}, {"t.toml", std::move(rule_file)}}, "rules",
      refs);
}

References graph_refs() {
  References refs;
  auto one_of = [](std::vector<std::string> names) {
    return [names = std::move(names)](std::string_view s) {
      return std::find(names.begin(), names.end(), s) != names.end();
    };
  };
  refs.is_street = one_of({"凤阳", "凤阳街", "凤阳街道", "沙园"});
  refs.is_community = one_of({"青凤社区"});
  refs.routed_categories = std::vector<std::string>{"labour", "neighbour", "other"};
  refs.graph_name = "config/bodies";
  return refs;
}

}  // namespace

TEST_CASE("a misspelt street in when.streets is an error at its element") {
  auto r =
      check("[[rule]]\nid = \"x\"\nwhen.streets = [\"凤阳\", \"凤杨\"]\nthen.level = \"street\"\n",
            graph_refs());
  auto e = diagnostic_lines(r, Diagnostic::Severity::error);
  REQUIRE(e.size() == 1);
  CHECK(e[0] ==
        "rules/t.toml:3:23: error: unknown street '凤杨': config/bodies has no such street");
  CHECK(!r.rules);
}

TEST_CASE("a misspelt community in when.communities is an error") {
  auto r =
      check("[[rule]]\nid = \"x\"\nwhen.communities = [\"青风社区\"]\nthen.level = \"street\"\n",
            graph_refs());
  auto e = diagnostic_lines(r, Diagnostic::Severity::error);
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with("rules/t.toml:3:21: error: unknown community '青风社区'"));
}

TEST_CASE("without references, streets are not checked") {
  auto r = check("[[rule]]\nid = \"x\"\nwhen.streets = [\"凤杨\"]\nthen.level = \"street\"\n", {});
  CHECK(diagnostic_lines(r, Diagnostic::Severity::error).empty());
  CHECK(r.rules);
}

TEST_CASE("a category the rules decide but the graph does not route is an error") {
  auto refs = graph_refs();
  refs.routed_categories = std::vector<std::string>{"labour", "other"};
  auto r =
      check("[[rule]]\nid = \"x\"\nwhen.keywords_any = [\"噪音\"]\nthen.category = \"neighbour\"\n",
            refs);
  auto e = diagnostic_lines(r, Diagnostic::Severity::error);
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with(
      "rules/t.toml:4:17: error: category 'neighbour' is not routed by config/bodies"));
}

TEST_CASE("an undeclared category is one error, not also a category the graph does not route") {
  auto r =
      check("[[rule]]\nid = \"x\"\nwhen.keywords_any = [\"噪音\"]\nthen.category = \"neighbor\"\n",
            graph_refs());
  auto e = diagnostic_lines(r, Diagnostic::Severity::error);
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with("rules/t.toml:4:17: error: unknown category 'neighbor'"));
}

TEST_CASE("a declared category a format emits and no rule reads is an error at the format") {
  auto refs = graph_refs();
  refs.declared_categories = {{"labour", "config/formats/a.toml:40:1"},
                              {"labour_wage", "config/formats/a.toml:41:1"}};
  auto r = check(
      "[[rule]]\nid = \"declared.labour\"\nwhen.declared_categories = [\"labour\"]\n"
      "then.category = \"labour\"\n",
      refs);
  auto e = diagnostic_lines(r, Diagnostic::Severity::error);
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with(
      "config/formats/a.toml:41:1: error: declared category 'labour_wage' matches no rule"));
}

TEST_CASE(
    "a misspelt field gives its one error, not a warning for every later rule it seems to shadow") {
  // With its condition dropped, rule "a" would match every dispute and seem to shadow all others.
  std::string file =
      "[[rule]]\nid = \"a\"\npriority = 90\nwhen.keyword_any = [\"欠薪\"]\nthen.category = "
      "\"labour\"\n";
  for (int i = 0; i < 20; ++i) {
    file += "[[rule]]\nid = \"r" + std::to_string(i) + "\"\nwhen.keywords_any = [\"噪音" +
            std::to_string(i) + "号\"]\nthen.category = \"neighbour\"\n";
  }
  auto r = check(file, graph_refs());
  CHECK(diagnostic_lines(r, Diagnostic::Severity::warning).empty());
  auto e = diagnostic_lines(r, Diagnostic::Severity::error);
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with("rules/t.toml:4:6: error: unknown field 'keyword_any'"));
}

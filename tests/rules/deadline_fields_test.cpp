// The deadline fields of the rule language (docs/rules.md "Outcomes"): a period in days or months,
// its unit and its start event, and the file:line:column errors for what the law cannot mean.
#include <doctest/doctest.h>

#include "rules/diagnostics.hpp"
#include "rules/rule_set.hpp"

using namespace tiaojie;
using namespace tiaojie::rules;
using tiaojie::test::diagnostic_lines;
using tiaojie::test::errors;
using tiaojie::test::warnings;

namespace {

const char* k_deadline_categories = R"(
[[category]]
id = "medical"
zh = "医疗纠纷"
en = "Medical"
)";

RuleSetReport check_deadline_table(const std::string& text) {
  return check_rule_set_files({{"categories.toml", k_deadline_categories}, {"deadline.toml", text}},
                              "rules");
}

Deadline only_deadline(const std::string& then) {
  auto r = check_deadline_table("[[rule]]\nid = \"x\"\nthen = " + then + "\n");
  REQUIRE(errors(r).empty());
  REQUIRE(r.rules);
  REQUIRE(r.rules->tables()[0].rules[0].then.deadline.has_value());
  return *r.rules->tables()[0].rules[0].then.deadline;
}

}  // namespace

TEST_CASE("a period is days or months, in a unit, from a start event") {
  const Deadline medical = only_deadline(
      R"({ deadline_days = 30, deadline_count = "working", deadline_from = "accepted" })");
  CHECK(medical.days == 30);
  CHECK(medical.count == DayCount::working);
  CHECK(medical.from == DeadlineStart::accepted);
  CHECK(medical.routing_days == 0);

  const Deadline month = only_deadline("{ deadline_months = 1 }");
  CHECK(month.days == 1);
  CHECK(month.count == DayCount::months);
  CHECK(month.from == DeadlineStart::received);
  CHECK(only_deadline(R"({ deadline_months = 2, deadline_count = "months" })").count ==
        DayCount::months);

  const Deadline traffic =
      only_deadline(R"({ deadline_days = 10, deadline_from = "mediation_started" })");
  CHECK(traffic.count == DayCount::calendar);
  CHECK(traffic.from == DeadlineStart::mediation_started);

  const Deadline petition = only_deadline(
      R"({ deadline_days = 60, deadline_from = "accepted", deadline_routing_days = 15 })");
  CHECK(petition.routing_days == 15);
}

TEST_CASE("an unknown start event or unit is an error at the value") {
  auto r = check_deadline_table(R"([[rule]]
id = "x"
then = { deadline_days = 30, deadline_from = "registered" }

[[rule]]
id = "y"
then = { deadline_days = 30, deadline_count = "fortnights" }
)");
  auto e = errors(r);
  REQUIRE(e.size() == 2);
  CHECK(e[0] ==
        "rules/deadline.toml:3:46: error: 'deadline_from' must be one of received, accepted, "
        "mediation_started, got \"registered\"");
  CHECK(
      e[1] ==
      "rules/deadline.toml:7:47: error: 'deadline_count' must be one of calendar, working, months, "
      "got \"fortnights\"");
}

TEST_CASE(
    "a month count on a working-day rule, and other periods the law cannot mean, are errors") {
  auto e = errors(check_deadline_table(R"([[rule]]
id = "a"
then = { deadline_months = 1, deadline_count = "working" }
)"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with("rules/deadline.toml:3:48: error: a month count on a working-day rule"));

  e = errors(check_deadline_table(R"([[rule]]
id = "b"
then = { deadline_days = 30, deadline_count = "months" }
)"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with(
      "rules/deadline.toml:3:47: error: 'deadline_count = \"months\"' counts 'deadline_months'"));

  e = errors(check_deadline_table(R"([[rule]]
id = "c"
then = { deadline_days = 30, deadline_months = 1 }
)"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with(
      "rules/deadline.toml:3:48: error: give 'deadline_days' or 'deadline_months', not both"));

  e = errors(check_deadline_table(R"([[rule]]
id = "d"
then = { category = "medical", deadline_from = "accepted" }
)"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with(
      "rules/deadline.toml:3:48: error: 'deadline_from' needs 'deadline_days' or"));

  // A routing period runs until a later start event: a rule from receipt cannot have one.
  e = errors(check_deadline_table(R"([[rule]]
id = "e"
then = { deadline_days = 15, deadline_routing_days = 15 }
)"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with(
      "rules/deadline.toml:3:54: error: 'deadline_routing_days' runs until a later start"));
}

TEST_CASE("an extension cap on a rule whose legal basis allows none is an error at the cap") {
  auto e = errors(check_deadline_table(R"([[rule]]
id = "labour"
then = { deadline_days = 15, deadline_basis = "labour_art14", deadline_extension_days = 10 }
)"));
  REQUIRE(e.size() == 1);
  CHECK(e[0] ==
        "rules/deadline.toml:3:89: error: an extension on a rule whose basis labour_art14 "
        "(劳动争议调解仲裁法 art. 14) allows none; remove 'deadline_extension_days' or change "
        "'deadline_basis'");

  // 信访工作条例 art. 34: at most 30 days, once.
  e = errors(check_deadline_table(R"([[rule]]
id = "petition"
then = { deadline_days = 60, deadline_from = "accepted", deadline_basis = "petition_art34", deadline_extension_days = 45 }
)"));
  REQUIRE(e.size() == 1);
  CHECK(
      e[0].starts_with("rules/deadline.toml:3:119: error: 信访工作条例 art. 34 allows at most 30"));
  e = errors(check_deadline_table(R"([[rule]]
id = "petition"
then = { deadline_days = 60, deadline_from = "accepted", deadline_basis = "petition_art34", deadline_extension_days = 30, deadline_extensions = 2 }
)"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("allows 1 extension, not 2") != std::string::npos);

  e = errors(check_deadline_table(R"([[rule]]
id = "x"
then = { deadline_days = 15, deadline_basis = "labor" }
)"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("'deadline_basis' must be one of labour_art14, medical_art38") !=
        std::string::npos);

  // Medical mediation may be extended by agreement, and a local default as the district decides.
  CHECK(
      only_deadline(
          R"({ deadline_days = 30, deadline_count = "working", deadline_basis = "medical_art38", deadline_extension_days = 30 })")
          .extension_days == 30);
  CHECK(
      only_deadline(
          R"({ deadline_days = 20, deadline_basis = "local_default", deadline_extension_days = 99 })")
          .extension_days == 99);
}

TEST_CASE("a deadline without a legal basis is a warning, not an error") {
  auto r = check_deadline_table("[[rule]]\nid = \"x\"\nthen = { deadline_days = 15 }\n");
  CHECK(errors(r).empty());
  bool warned = false;
  for (const auto& d : r.diagnostics) {
    if (d.severity == Diagnostic::Severity::warning &&
        d.to_string().starts_with("rules/deadline.toml:3:26: warning: the deadline gives no "
                                  "'deadline_basis'"))
      warned = true;
  }
  CHECK(warned);
}

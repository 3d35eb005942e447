// classify_verdict (the allocation-free form replay compares with) decides exactly what classify
// decides, on the shipped rules and generated disputes.
#include <doctest/doctest.h>

#include "model/dispute_json.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"
#include "support/disputes.hpp"
#include "support/paths.hpp"

using namespace tiaojie;
using namespace tiaojie::rules;

TEST_CASE("classify_verdict gives classify's values and deciding rules on generated disputes") {
  auto loaded = load_rule_set(test::source_dir() / "rules");
  REQUIRE_MESSAGE(loaded.has_value(), loaded.error().to_string());
  const RuleSet& rules = *loaded->rules;
  auto lines = test::generated_disputes(3000, 7);
  REQUIRE(lines.size() == 3000);
  int defaulted_category = 0;
  for (const auto& line : lines) {
    auto d = parse_dispute(line);
    REQUIRE(d.has_value());
    const Classification c = classify(rules, *d);
    const Verdict v = classify_verdict(rules, *d);
    CAPTURE(line.substr(0, 160));
    CHECK(v.category == c.category);
    CHECK(v.priority == c.priority);
    CHECK(v.mode == c.mode);
    CHECK(v.level == c.level);
    CHECK(v.deadline == c.deadline);
    CHECK(global_rule_ref(rules, v.category_rule) == c.category_rule);
    CHECK(global_rule_ref(rules, v.priority_rule) == c.priority_rule);
    CHECK(global_rule_ref(rules, v.mode_rule) == c.mode_rule);
    CHECK(global_rule_ref(rules, v.level_rule) == c.level_rule);
    CHECK(global_rule_ref(rules, v.deadline_rule) == c.deadline_rule);
    defaulted_category += v.category_rule < 0;
  }
  // The disputes exercise both decided and defaulted fields.
  CHECK(defaulted_category < 3000);
}

TEST_CASE("a classification without explain records what explain's does, and decide's winners") {
  auto loaded = load_rule_set(test::source_dir() / "rules");
  REQUIRE_MESSAGE(loaded.has_value(), loaded.error().to_string());
  const RuleSet& rules = *loaded->rules;
  int tagged = 0;
  for (const auto& line : test::generated_disputes(2000, 11)) {
    auto d = parse_dispute(line);
    REQUIRE(d.has_value());
    CAPTURE(line.substr(0, 160));
    const Verdict v = classify_verdict(rules, *d);
    const Classification c = to_classification(rules, v);
    // The trail explain builds changes nothing that is recorded.
    CHECK(c == explain(rules, *d).classification);
    CHECK(c == classify(rules, *d));
    const Decision decision = decide(rules, *d);
    REQUIRE(v.table_count == decision.table_count);
    for (int t = 0; t < v.table_count; ++t) {
      const int local = decision.winner[t];
      CHECK(global_rule_ref(rules, v.table_winner[t]) ==
            (local < 0 ? RuleRef{} : rule_ref(rules, t, local)));
    }
    tagged += !c.tags.empty();
  }
  CHECK(tagged > 0);  // the tags, made from the table winners, are exercised
}

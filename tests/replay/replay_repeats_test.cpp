// Replay and explain classify a stored case with the repeat count its decision saw (重复信访,
// store.hpp RecordedClassification::repeat_count): a rule on repeat_count replays to the decision
// it made, and an edit of that rule shows as the real change it is.
#include <doctest/doctest.h>

#include "replay/past_decision.hpp"
#include "replay/replay.hpp"
#include "replay/replay_fixture.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::replay;
using tiaojie::test::march;

#define BACKENDS test::MemoryBackend, test::SqliteBackend

namespace {

// The fixture's rules with a repeat table raising a level from `min_count` earlier cases.
std::shared_ptr<const rules::RuleSet> rules_raising_from(int min_count) {
  auto files = test::rule_files(test::k_old_keywords);
  files["repeat.toml"] = test::repeat_toml(min_count);
  return test::load_rules(files);
}

// Case 10 (a water leak, community level) is a third dispute: two earlier cases, raised to the
// street. Case 5 is a second one, left where it was.
const std::map<int, int> k_repeats = {{5, 1}, {10, 2}};

}  // namespace

TEST_CASE_TEMPLATE("a store whose third repeat went up a level replays with no difference", B,
                   BACKENDS) {
  B backend;
  auto s = backend.open();
  auto rules = rules_raising_from(2);
  test::record_fixture(*s, *rules, true, k_repeats);

  auto r = replay_store(*s, *rules, *test::haizhu_graph(), march());
  REQUIRE(r.has_value());
  CHECK(r->compared == 12);
  CHECK(r->changed == 0);
  for (auto n : r->changed_by_field) CHECK(n == 0);
}

TEST_CASE_TEMPLATE("raising from the third repeat to the fourth lowers exactly that case", B,
                   BACKENDS) {
  B backend;
  auto s = backend.open();
  test::record_fixture(*s, *rules_raising_from(2), true, k_repeats);

  auto r = replay_store(*s, *rules_raising_from(3), *test::haizhu_graph(), march());
  REQUIRE(r->changed == 1);
  CHECK(r->changed_by_field[static_cast<int>(Field::level)] == 1);
  CHECK(r->changed_by_field[static_cast<int>(Field::category)] == 0);
  REQUIRE(r->top.size() == 1);
  CHECK(r->top[0].case_id == store::CaseId{10});
  CHECK(r->top[0].before.level == Level::street);
  CHECK(r->top[0].after.level == Level::community);
  CHECK(r->top[0].before.level_rule == "repeat.raise");
  CHECK(r->top[0].after.level_rule == "category.neighbour.water_leak");

  // Raising from the second repeat instead adds case 5, and only it.
  auto lower = replay_store(*s, *rules_raising_from(1), *test::haizhu_graph(), march());
  REQUIRE(lower->changed == 1);
  REQUIRE(lower->top.size() == 1);
  CHECK(lower->top[0].case_id == store::CaseId{5});
  CHECK(lower->top[0].after.level == Level::street);
}

TEST_CASE("explaining a repeat's past decision re-runs it with the count it saw") {
  store::MemoryStore s;
  auto rules = rules_raising_from(2);
  test::record_fixture(s, *rules, true, k_repeats);
  auto past = explain_past_decision(s, store::CaseId{10}, *rules_raising_from(3));
  REQUIRE_MESSAGE(past.has_value(), past.error().to_string());
  CHECK(past->dispute.repeat_count == 2);
  CHECK(past->reproduces_record);
  CHECK(past->then.classification.level == Level::street);
  CHECK(past->now.classification.level == Level::community);
}

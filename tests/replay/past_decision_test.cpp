#include "replay/past_decision.hpp"

#include <doctest/doctest.h>

#include "replay/replay_fixture.hpp"
#include "store/memory_store.hpp"

using namespace tiaojie;
using namespace tiaojie::replay;

TEST_CASE("a past decision is re-run under the rule set that made it and beside the current one") {
  store::MemoryStore s;
  auto old_rules = test::load_rules(test::rule_files(test::k_old_keywords));
  test::record_fixture(s, *old_rules);
  auto new_rules = test::load_rules(test::rule_files(test::k_new_keywords));

  auto past = explain_past_decision(s, store::CaseId{3}, *new_rules);
  REQUIRE_MESSAGE(past.has_value(), past.error().to_string());
  CHECK(past->then_rules->version() == old_rules->version());
  CHECK(past->reproduces_record);
  CHECK(past->then.classification.category == "neighbour");
  CHECK(past->then.classification.category_rule.rule_id() == "neighbour.water_leak");
  CHECK(past->now.classification.category == "property_mgmt");
  CHECK(past->now.classification.rules_version == new_rules->version());
  CHECK(past->dispute.external_id == "F-3");
}

TEST_CASE("a rule-set version missing from the store is a clear error") {
  store::MemoryStore s;
  auto old_rules = test::load_rules(test::rule_files(test::k_old_keywords));
  test::record_fixture(s, *old_rules, /*keep_rule_set=*/false);
  auto past = explain_past_decision(s, store::CaseId{3}, *old_rules);
  REQUIRE_FALSE(past.has_value());
  CHECK(past.error().code == ErrorCode::not_found);
  CHECK(past.error().message.find(old_rules->version()) != std::string::npos);
  CHECK(past.error().message.find("case 3") != std::string::npos);
  CHECK(past.error().message.find("not in the store") != std::string::npos);
}

TEST_CASE("an unknown case is not_found") {
  store::MemoryStore s;
  auto rules = test::load_rules(test::rule_files(test::k_old_keywords));
  auto past = explain_past_decision(s, store::CaseId{42}, *rules);
  REQUIRE_FALSE(past.has_value());
  CHECK(past.error().code == ErrorCode::not_found);
}

// Values reach SQLite only as bound parameters, never spliced into SQL text (docs/security.md):
// ids, bodies and text that are SQL themselves are stored and found back verbatim, and a lookup
// by a value that would be always-true SQL matches nothing.
#include <doctest/doctest.h>

#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;

TEST_CASE("values that are SQL are stored and looked up verbatim, never run") {
  test::TempDir dir;
  auto s = *SqliteStore::open({.path = dir.file("cases.db")});
  const std::string hostile_id = "x'); DROP TABLE cases; --";
  const std::string hostile_body = "hz.street.fengyang' OR '1'='1";
  std::vector<Change> batch;
  batch.emplace_back(std::in_place_type<NewCase>, test::new_case(hostile_id, hostile_body));
  batch.emplace_back(std::in_place_type<NewCase>, test::new_case("plain-1"));
  auto committed = s->commit(batch);
  REQUIRE(committed.has_value());
  REQUIRE(committed->size() == 2);
  REQUIRE((*committed)[0].has_value());

  auto found = s->find_by_key("walk_in", hostile_id);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->state.external_id == hostile_id);
  CHECK((*found)->state.body.value == hostile_body);

  // Spliced into SQL, this key would match every row.
  auto always_true = s->find_by_key("walk_in", "' OR '1'='1");
  REQUIRE(always_true.has_value());
  CHECK_FALSE(always_true->has_value());

  auto load = s->open_load();
  REQUIRE(load.has_value());
  CHECK(load->at(BodyId{hostile_body}) == 1);
  auto verified = s->verify();
  REQUIRE(verified.has_value());
  CHECK(verified->ok());
  auto second = s->get_case(CaseId{2});
  REQUIRE(second.has_value());
  CHECK(second->state.external_id == "plain-1");
}

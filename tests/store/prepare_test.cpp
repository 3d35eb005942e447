// store::prepare moves work off the store's thread; it must change nothing that is stored or
// answered. The same batches (new cases, a duplicate in the batch and of an earlier one, events on
// a case new in the same batch, refused changes, lifecycle events) are committed to two SQLite
// stores, one with every change prepared: outcomes, every table and verify() must agree.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include "store/internal/sqlite_tables.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using namespace tiaojie::lifecycle;
using tiaojie::test::make_event;

namespace {

// The batches: each a function of the case ids the earlier batches were given.
std::vector<std::vector<Change>> batches(const std::vector<CaseId>& ids) {
  std::vector<std::vector<Change>> out;
  std::vector<Change> first;
  for (int i = 0; i < 5; ++i) first.emplace_back(test::new_case("P-" + std::to_string(i)));
  first.emplace_back(test::new_case("P-1"));  // a duplicate of a case new in the same batch
  auto bad = test::new_case("P-bad");
  bad.events.push_back(make_event(Resolved{"too early", false}));  // illegal: refused
  first.emplace_back(std::move(bad));
  out.push_back(std::move(first));
  if (ids.size() < 2) return out;
  std::vector<Change> second;
  second.emplace_back(test::new_case("P-0"));  // a duplicate of an earlier batch's case
  second.emplace_back(CaseEvents{ids[0], {make_event(Accepted{})}});
  second.emplace_back(CaseEvents{ids[1], {make_event(Accepted{}), make_event(MediationStarted{})}});
  second.emplace_back(CaseEvents{ids[1], {make_event(Resolved{"agreed", true})}});
  second.emplace_back(CaseEvents{CaseId{999}, {make_event(Accepted{})}});  // no such case
  second.emplace_back(test::new_case("P-5", "hz.street.nanhua"));  // gets id 6 (P-bad got none)
  second.emplace_back(
      CaseEvents{CaseId{6}, {make_event(Accepted{})}});  // its prepared rows are stale
  out.push_back(std::move(second));
  return out;
}

}  // namespace

TEST_CASE("prepared changes write and answer exactly what unprepared ones do") {
  test::SqliteBackend plain_backend, prepared_backend;
  auto plain = plain_backend.open();
  auto prepared = prepared_backend.open();
  std::vector<CaseId> ids;
  for (int round = 0; round < 2; ++round) {
    auto batch = batches(ids)[static_cast<std::size_t>(round)];
    auto copy = batch;
    for (auto& change : copy) prepare(change);
    auto a = plain->commit(batch);
    auto b = prepared->commit(copy);
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    REQUIRE(a->size() == b->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
      CAPTURE(round);
      CAPTURE(i);
      REQUIRE((*a)[i].has_value() == (*b)[i].has_value());
      if (!(*a)[i]) {
        CHECK((*a)[i].error().to_string() == (*b)[i].error().to_string());
        continue;
      }
      CHECK((*a)[i]->case_id == (*b)[i]->case_id);
      CHECK((*a)[i]->duplicate == (*b)[i]->duplicate);
      CHECK((*a)[i]->state == (*b)[i]->state);
      CHECK((*a)[i]->last_seq == (*b)[i]->last_seq);
      if (round == 0 && !(*a)[i]->duplicate) ids.push_back((*a)[i]->case_id);
    }
    // Committed again (its prepared state was taken): folded anew, same answers.
    if (round == 0) {
      auto again_a = plain->commit(batch);
      auto again_b = prepared->commit(copy);
      REQUIRE(again_a.has_value());
      REQUIRE(again_b.has_value());
      for (std::size_t i = 0; i < again_a->size(); ++i) {
        REQUIRE((*again_a)[i].has_value() == (*again_b)[i].has_value());
        if ((*again_a)[i]) CHECK((*again_a)[i]->state == (*again_b)[i]->state);
      }
    }
  }
  REQUIRE(ids.size() == 5);
  plain.reset();
  prepared.reset();
  SQLite::Database da(plain_backend.dir.file("cases.db"));
  SQLite::Database db(prepared_backend.dir.file("cases.db"));
  const auto rows_a = internal::read_tables(da);
  const auto rows_b = internal::read_tables(db);
  for (const char* table : {"cases", "assignments", "body_load", "report_cases", "decisions"}) {
    CAPTURE(table);
    REQUIRE(rows_a.contains(table));
    CHECK(!rows_a.at(table).empty());
  }
  CHECK(rows_a == rows_b);
  const auto texts = test::column_texts;
  // The log and the disputes byte for byte, with each value's SQLite type.
  CHECK(texts(da, "SELECT * FROM events ORDER BY seq") ==
        texts(db, "SELECT * FROM events ORDER BY seq"));
  CHECK(texts(da, "SELECT * FROM disputes ORDER BY case_id") ==
        texts(db, "SELECT * FROM disputes ORDER BY case_id"));
  CHECK(texts(da, "SELECT * FROM decisions ORDER BY case_id") ==
        texts(db, "SELECT * FROM decisions ORDER BY case_id"));
  CHECK(texts(da, "SELECT * FROM report_cases ORDER BY case_id") ==
        texts(db, "SELECT * FROM report_cases ORDER BY case_id"));
  CHECK(texts(da, "SELECT * FROM cases ORDER BY case_id") ==
        texts(db, "SELECT * FROM cases ORDER BY case_id"));
  auto reopened = prepared_backend.open();
  auto report = reopened->verify();
  REQUIRE(report.has_value());
  CHECK(report->ok());
}

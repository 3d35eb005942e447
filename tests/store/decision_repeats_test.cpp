// The repeat count a decision saw (schema v11, store.hpp RecordedClassification::repeat_count):
// recorded at commit from the case's `submitted` links, with or without store::prepare, derived
// from the log by verify and rebuild, and filled by the v11 step for a store written before it.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include "store/old_store.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using namespace tiaojie::lifecycle;

namespace {

// Case `n` of one claimant: its submitted event links the n-1 cases before it.
NewCase linked_case(int n) {
  auto c = test::new_case("L-" + std::to_string(n));
  auto& sub = std::get<Submitted>(c.events.front().data);
  for (int earlier = 1; earlier < n; ++earlier)
    sub.repeat_of.push_back(RepeatLink{CaseId{earlier}, RepeatReason::same_party});
  return c;
}

std::vector<std::int64_t> recorded_counts(Store& s) {
  std::vector<std::int64_t> counts;
  auto r = s.for_each_decision(
      Timestamp{}, test::at("2100-01-01T00:00:00+08:00"), [&](const StoredDecision& d) {
        counts.push_back(d.classification ? d.classification->repeat_count : -1);
        return true;
      });
  REQUIRE(r.has_value());
  return counts;
}

}  // namespace

TEST_CASE_TEMPLATE("each decision records the repeat count its classification saw", B,
                   test::SqliteBackend, test::MemoryBackend, test::PostgresBackend) {
  B backend;
  auto s = backend.open();
  for (int n = 1; n <= 3; ++n) {
    std::vector<Change> batch{linked_case(n)};
    if (n == 2) prepare(batch[0]);  // both commit paths
    auto r = s->commit(batch);
    REQUIRE(r.has_value());
    REQUIRE((*r)[0].has_value());
  }
  CHECK(recorded_counts(*s) == std::vector<std::int64_t>{0, 1, 2});
  std::int64_t summary = -1;
  REQUIRE(s->for_each_decision_summary(Timestamp{}, test::at("2100-01-01T00:00:00+08:00"),
                                       [&](const StoredDecision& d, const auto&) {
                                         if (d.dispute.case_id == CaseId{3})
                                           summary = d.classification->repeat_count;
                                         return true;
                                       })
              .has_value());
  CHECK(summary == 2);
  CHECK(s->verify()->ok());
}

TEST_CASE("verify finds a decision's wrong repeat count and rebuild takes it from the log") {
  test::TempDir dir;
  const auto path = dir.file("repeats.db");
  {
    auto s = *SqliteStore::open({.path = path});
    for (int n = 1; n <= 3; ++n) {
      std::vector<Change> batch{linked_case(n)};
      REQUIRE(s->commit(batch).has_value());
    }
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE decisions SET repeat_count = 0 WHERE case_id = 3");
  }
  auto s = *SqliteStore::open({.path = path});
  auto report = s->verify();
  REQUIRE(report.has_value());
  REQUIRE(report->differences.size() == 1);
  CHECK(report->differences[0].table == "decisions");
  CHECK(report->differences[0].key == "case 3");
  REQUIRE(s->rebuild().has_value());
  CHECK(s->verify()->ok());
  CHECK(recorded_counts(*s) == std::vector<std::int64_t>{0, 1, 2});
}

TEST_CASE("the v11 step takes each decision's repeat count from its case's submitted links") {
  test::TempDir dir;
  const auto path = dir.file("v10.db");
  REQUIRE(SqliteStore::open({.path = path, .migrate_to = 10}).has_value());
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    for (int n = 1; n <= 3; ++n) {
      auto c = linked_case(n);
      test::write_old_case(db, n, c.dispute, c.events, 10);
    }
    // Case 4 was submitted but not classified yet: no decision to count for.
    auto pending = linked_case(3);
    pending.dispute.external_id = "L-4";
    pending.events.resize(1);
    test::write_old_case(db, 4, pending.dispute, pending.events, 10);
    test::derive_old_tables(db, 10);
  }
  auto s = *SqliteStore::open({.path = path});
  CHECK(*s->schema_version() == k_schema_version);
  CHECK(recorded_counts(*s) == std::vector<std::int64_t>{0, 1, 2, -1});
  CHECK(s->verify()->ok());
}

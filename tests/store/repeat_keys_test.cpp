// The repeat index (schema v9, docs/store.md): the keys of each case's `submitted` event are kept
// in repeat_keys at commit, read back by received_at, derived from the log by verify and rebuild,
// and a v8 store gains the table on open. The same rows from the in-memory store's default.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include "store/memory_store.hpp"
#include "store/old_store.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using namespace tiaojie::lifecycle;

namespace {

// A new case received at `received` whose submitted event carries `keys` and links `earlier`.
NewCase keyed_case(const std::string& id, const std::string& received,
                   std::vector<std::string> keys, std::vector<RepeatLink> earlier = {}) {
  auto c = test::new_case(id);
  c.dispute.received_at = test::at(received.c_str());
  auto& sub = std::get<Submitted>(c.events.front().data);
  sub.received_at = *c.dispute.received_at;
  sub.repeat_keys = std::move(keys);
  sub.repeat_of = std::move(earlier);
  c.dispute_json = dispute_to_json_text(c.dispute);
  return c;
}

void commit_three(Store& s) {
  std::vector<Change> batch{
      keyed_case("K-1", "2026-08-01T10:00:00+08:00", {"p:aa", "s:cc"}),
      keyed_case("K-2", "2026-11-20T10:00:00+08:00", {"p:aa"},
                 {RepeatLink{CaseId{1}, RepeatReason::same_party}}),
      keyed_case("K-3", "2026-11-21T10:00:00+08:00", {}),
  };
  auto r = s.commit(batch);
  REQUIRE(r.has_value());
  for (const auto& o : *r) REQUIRE(o.has_value());
}

}  // namespace

TEST_CASE_TEMPLATE("the repeat keys of the cases received since a moment, by receipt", B,
                   test::SqliteBackend, test::MemoryBackend, test::PostgresBackend) {
  B backend;
  auto s = backend.open();
  commit_three(*s);
  auto rows = s->repeat_keys_since(test::at("2026-11-01T00:00:00+08:00"));
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0] == RepeatKeyRow{"p:aa", CaseId{2}, test::at("2026-11-20T10:00:00+08:00")});
  CHECK(s->repeat_keys_since(Timestamp{})->size() == 3);
  // The link is in the log: the case's state holds it.
  auto rec = s->get_case(CaseId{2});
  REQUIRE(rec.has_value());
  CHECK(rec->state.repeat_of == std::vector<RepeatLink>{{CaseId{1}, RepeatReason::same_party}});
  CHECK(s->verify()->ok());
}

TEST_CASE("verify finds a lost repeat key row and rebuild restores it from the log") {
  test::TempDir dir;
  const auto path = dir.file("keys.db");
  {
    auto s = *SqliteStore::open({.path = path});
    commit_three(*s);
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM repeat_keys WHERE key = 's:cc'");
  }
  auto s = *SqliteStore::open({.path = path});
  auto report = s->verify();
  REQUIRE(report.has_value());
  REQUIRE(report->differences.size() == 1);
  CHECK(report->differences[0].table == "repeat_keys");
  CHECK(report->differences[0].key == "s:cc case 1");
  REQUIRE(s->rebuild().has_value());
  CHECK(s->verify()->ok());
  CHECK(s->repeat_keys_since(Timestamp{})->size() == 3);
}

// migration_test.cpp migrates a v8 file holding cases (every earlier version, in fact); this one
// checks what v9 adds to it.
TEST_CASE(
    "a v8 store opens at the current version with an empty repeat index and takes keyed cases") {
  test::TempDir dir;
  const auto path = dir.file("v8.db");
  {
    auto s = SqliteStore::open({.path = path, .migrate_to = 8});
    REQUIRE(s.has_value());
    CHECK(*(*s)->schema_version() == 8);
  }
  auto s = SqliteStore::open({.path = path});
  REQUIRE(s.has_value());
  CHECK(*(*s)->schema_version() == k_schema_version);
  CHECK((*s)->repeat_keys_since(Timestamp{})->empty());
  CHECK((*s)->verify()->ok());
  std::vector<Change> batch{keyed_case("NEW-1", "2026-11-20T10:00:00+08:00", {"p:aa"}, {})};
  REQUIRE((*s)->commit(batch).has_value());
  CHECK((*s)->repeat_keys_since(Timestamp{})->size() == 1);
  CHECK((*s)->verify()->ok());
}

// v13 keeps the keys by receipt (received_at, case_id, key) in one B-tree: a v12 file's rows move
// over unchanged, v9's index on received_at goes, and the window's read needs no sort.
TEST_CASE("a v12 store's repeat keys move to v13's table keyed by receipt, rows unchanged") {
  test::TempDir dir;
  const auto path = dir.file("v12.db");
  REQUIRE(SqliteStore::open({.path = path, .migrate_to = 12}).has_value());
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    std::int64_t id = 0;
    for (const auto& c : {keyed_case("K-1", "2026-11-21T10:00:00+08:00", {"s:cc", "p:aa"}),
                          keyed_case("K-2", "2026-08-01T10:00:00+08:00", {"p:aa"})})
      test::write_old_case(db, ++id, c.dispute, c.events, 12);
    test::derive_old_tables(db, 12);
  }
  auto s = SqliteStore::open({.path = path});
  REQUIRE(s.has_value());
  CHECK(*(*s)->schema_version() == 13);
  // By receipt, then case, then key.
  const std::vector<RepeatKeyRow> expected{
      {"p:aa", CaseId{2}, test::at("2026-08-01T10:00:00+08:00")},
      {"p:aa", CaseId{1}, test::at("2026-11-21T10:00:00+08:00")},
      {"s:cc", CaseId{1}, test::at("2026-11-21T10:00:00+08:00")}};
  CHECK(*(*s)->repeat_keys_since(Timestamp{}) == expected);
  CHECK((*s)->verify()->ok());
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'repeat_keys' AND "
                      "type = 'index' AND sql IS NOT NULL")
            .getInt() == 0);
  SQLite::Statement plan(db,
                         "EXPLAIN QUERY PLAN SELECT key, received_at, case_id FROM repeat_keys "
                         "WHERE received_at >= 0 ORDER BY received_at, case_id");
  std::string steps;
  while (plan.executeStep()) steps += plan.getColumn(3).getString() + "; ";
  CAPTURE(steps);
  CHECK(steps.find("TEMP B-TREE") == std::string::npos);
  CHECK(steps.find("PRIMARY KEY") != std::string::npos);
}

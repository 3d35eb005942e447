// The repeat backfill (store/repeat_backfill.hpp): the cases of a v8 store get keys from their
// stored disputes, in batches that survive an interruption, a damaged dispute is skipped, verify
// checks the index against the log and the backfill's record, and rebuild keeps the keys.
#include "store/repeat_backfill.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>

#include "store/old_store.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;

namespace {

// Stands for the daemon's hasher: one key per phone number, none without.
std::vector<std::string> phone_key(const Dispute& d, std::string_view category) {
  if (!d.claimant || d.claimant->phone.empty()) return {};
  return {"p:" + d.claimant->phone + "/" + std::string(category)};
}

// A v8 store of four cases: phones 1, 2 and 4, none for case 3.
std::string v8_store(test::TempDir& dir) {
  const auto path = dir.file("v8.db");
  REQUIRE(SqliteStore::open({.path = path, .migrate_to = 8}).has_value());
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  for (int id = 1; id <= 4; ++id) {
    auto d = test::dispute_for("OLD-" + std::to_string(id));
    d.claimant->phone = id == 3 ? "" : "1380000000" + std::to_string(id);
    test::write_old_case(db, id, d, test::intake("OLD-" + std::to_string(id)), 8);
  }
  test::derive_old_tables(db, 8);
  return path;
}

std::vector<std::string> index_keys(Store& s) {
  std::vector<std::string> keys;
  auto rows = s.repeat_keys_since(Timestamp{});
  REQUIRE(rows.has_value());
  for (const auto& row : *rows) {
    keys.push_back(row.key + " case " + std::to_string(row.case_id.value));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace

TEST_CASE("the backfill gives a v8 store's cases their keys, resumes after an interruption") {
  test::TempDir dir;
  const auto path = v8_store(dir);
  auto s = *SqliteStore::open({.path = path});  // migrated to this build's schema
  CHECK(s->repeat_keys_since(Timestamp{})->empty());

  // Interrupted after its first batch of two: those two are kept.
  BackfillOptions options{.batch = 2, .progress = [](const BackfillProgress&) {
                            throw std::runtime_error("interrupted");
                          }};
  CHECK_FALSE(backfill_repeat_keys(path, phone_key, options).has_value());
  CHECK(index_keys(*s) ==
        std::vector<std::string>{"p:13800000001/labour case 1", "p:13800000002/labour case 2"});
  CHECK(s->verify()->ok());

  // Run again: it goes on after case 2.
  auto done = backfill_repeat_keys(path, phone_key, {.batch = 2});
  REQUIRE(done.has_value());
  CHECK(done->visited == 2);  // cases 3 and 4
  CHECK(done->keyed == 1);    // case 3 has no phone
  CHECK(done->keys == 1);
  CHECK(done->skipped == 0);
  CHECK(done->last == CaseId{4});
  CHECK(index_keys(*s).size() == 3);
  CHECK(s->verify()->ok());

  // Done: a third run writes nothing, and a case keyed at submit is never visited.
  std::vector<Change> batch{test::new_case("NEW-1")};
  std::get<lifecycle::Submitted>(std::get<NewCase>(batch[0]).events[0].data).repeat_keys = {"p:x"};
  REQUIRE(s->commit(batch).has_value());
  auto again = backfill_repeat_keys(path, phone_key);
  REQUIRE(again.has_value());
  CHECK(again->visited == 0);
  CHECK(index_keys(*s).size() == 4);

  // rebuild derives the index from the log and the backfill's record alike.
  REQUIRE(s->rebuild().has_value());
  CHECK(index_keys(*s).size() == 4);
  CHECK(s->verify()->ok());
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM repeat_keys WHERE case_id = 4");
  }
  auto report = s->verify();
  REQUIRE(report->differences.size() == 1);
  CHECK(report->differences[0].key == "p:13800000004/labour case 4");
}

TEST_CASE("the backfill skips a dispute that fails its checksum and refuses an old schema") {
  test::TempDir dir;
  const auto path = v8_store(dir);
  CHECK(backfill_repeat_keys(path, phone_key).error().code == ErrorCode::invalid_input);
  REQUIRE(SqliteStore::open({.path = path}).has_value());
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(
        "UPDATE disputes SET json = replace(json, '13800000002', '13900000002') "
        "WHERE case_id = 2");
  }
  auto done = backfill_repeat_keys(path, phone_key);
  REQUIRE(done.has_value());
  CHECK(done->visited == 3);
  CHECK(done->skipped == 1);
  CHECK(backfill_repeat_keys(dir.file("none.db"), phone_key).error().code == ErrorCode::not_found);
}

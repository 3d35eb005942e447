// store::backup_store / restore_store and `tiaojie store backup|restore` on files: what a copy
// holds, and every refusal that protects a store (tests/daemon/store_backup_test.cpp takes one
// from a serving daemon).
#include "store/backup.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <fstream>

#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
namespace fs = std::filesystem;

namespace {

void commit_cases(Store& s, std::initializer_list<const char*> external_ids) {
  std::vector<Change> batch;
  for (const char* id : external_ids)
    batch.emplace_back(std::in_place_type<NewCase>, test::new_case(id));
  REQUIRE(s.commit(batch).has_value());
}

void write_store(const std::string& path, std::initializer_list<const char*> external_ids) {
  commit_cases(**SqliteStore::open({.path = path}), external_ids);
}

std::vector<std::string> external_ids(const std::string& path) {
  auto opened = SqliteStore::open({.path = path, .create_if_missing = false});
  REQUIRE_MESSAGE(opened.has_value(), opened.error().to_string());
  auto s = std::move(*opened);
  std::vector<std::string> ids;
  for (std::int64_t id = 1;; ++id) {
    auto c = s->get_case(CaseId{id});
    if (!c) break;
    ids.push_back(c->state.external_id);
  }
  return ids;
}

// How many runs of consecutive pages the file's b-trees make (dbstat, in page order): one per
// b-tree when each lies in one piece, more when tables that grew side by side interleave.
int page_runs(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db
      .execAndGet(
          "SELECT count(*) FROM (SELECT name, lag(name) OVER (ORDER BY pageno) AS before "
          "FROM dbstat) WHERE before IS NOT name")
      .getInt();
}

}  // namespace

TEST_CASE("a backup holds the whole store, passes verify, and never overwrites a file") {
  test::TempDir dir;
  const auto db = dir.file("cases.db"), out = dir.file("copy.db");
  write_store(db, {"B-1", "B-2", "B-3"});
  // The writer stays open, with its commits in the WAL: the copy must still hold them.
  auto writer = *SqliteStore::open({.path = db});
  commit_cases(*writer, {"B-4"});

  auto summary = backup_store(db, out);
  REQUIRE_MESSAGE(summary.has_value(), summary.error().to_string());
  CHECK(summary->cases == 4);
  CHECK(summary->last_seq == 12);  // three intake events per case
  CHECK(summary->schema_version == k_schema_version);
  CHECK(summary->bytes == static_cast<std::int64_t>(fs::file_size(out)));
  CHECK_FALSE(fs::exists(out + ".partial"));
  CHECK(external_ids(out) == std::vector<std::string>{"B-1", "B-2", "B-3", "B-4"});
  auto copy = *SqliteStore::open({.path = out, .create_if_missing = false});
  auto verified = copy->verify();
  REQUIRE(verified.has_value());
  CHECK(verified->ok());

  auto again = backup_store(db, out);
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == ErrorCode::conflict);
}

TEST_CASE("a compact backup holds the whole store with the tables' pages together") {
  test::TempDir dir;
  const auto db = dir.file("cases.db");
  // Cases committed in many transactions, so that the tables grow side by side and interleave,
  // a rebuild that frees pages, and the writer open with its last commit in the WAL.
  auto writer = *SqliteStore::open({.path = db});
  for (int batch = 0; batch < 12; ++batch) {
    std::vector<Change> changes;
    for (int i = 0; i < 10; ++i) {
      changes.emplace_back(std::in_place_type<NewCase>,
                           test::new_case(fmt::format("C-{:03}", batch * 10 + i)));
    }
    REQUIRE(writer->commit(changes).has_value());
    if (batch == 6) REQUIRE(writer->rebuild().has_value());
  }

  const auto as_is = dir.file("as-is.db"), compact = dir.file("compact.db");
  REQUIRE(backup_store(db, as_is).has_value());
  auto summary = backup_store(db, compact, BackupLayout::compact);
  REQUIRE_MESSAGE(summary.has_value(), summary.error().to_string());
  CHECK(summary->cases == 120);
  CHECK(summary->last_seq == 360);
  CHECK(summary->schema_version == k_schema_version);
  CHECK(summary->bytes == static_cast<std::int64_t>(fs::file_size(compact)));
  CHECK_FALSE(fs::exists(compact + ".partial"));
  CHECK(external_ids(compact) == external_ids(as_is));
  CHECK(SQLite::Database(compact, SQLite::OPEN_READONLY)
            .execAndGet("PRAGMA freelist_count")
            .getInt() == 0);
  CHECK(page_runs(compact) < page_runs(as_is));
  struct stat st {};
  REQUIRE(::stat(compact.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto copy = *SqliteStore::open({.path = compact, .create_if_missing = false});
  auto verified = copy->verify();
  REQUIRE(verified.has_value());
  CHECK(verified->ok());
}

TEST_CASE("a compact backup is written to the path given, quotes and spaces included") {
  test::TempDir dir;
  const auto db = dir.file("cases.db");
  {
    auto writer = *SqliteStore::open({.path = db});
    std::vector<Change> changes;
    changes.emplace_back(std::in_place_type<NewCase>, test::new_case("C-001"));
    REQUIRE(writer->commit(changes).has_value());
  }
  const auto out = dir.file("it's a 'copy'.db");
  auto summary = backup_store(db, out, BackupLayout::compact);
  REQUIRE_MESSAGE(summary.has_value(), summary.error().to_string());
  CHECK(summary->cases == 1);
  CHECK(external_ids(out) == external_ids(db));
  CHECK_FALSE(fs::exists(out + ".partial"));
}

TEST_CASE(
    "a backup of a missing file or of a file that is not a store is refused, writing nothing") {
  test::TempDir dir;
  auto missing = backup_store(dir.file("absent.db"), dir.file("out.db"));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::not_found);

  const auto other = dir.file("other.db");
  SQLite::Database(other, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE).exec("CREATE TABLE t(x)");
  auto foreign = backup_store(other, dir.file("out.db"));
  REQUIRE_FALSE(foreign.has_value());
  CHECK(foreign.error().code == ErrorCode::invalid_input);
  CHECK(foreign.error().message.find("not a tiaojie store") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("out.db")));
  CHECK_FALSE(fs::exists(dir.file("out.db.partial")));
}

TEST_CASE("restore brings a backup back, keeps the replaced store, and refuses a store in use") {
  test::TempDir dir;
  const auto db = dir.file("cases.db"), saved = dir.file("saved.db");
  write_store(db, {"R-1", "R-2"});
  REQUIRE(backup_store(db, saved).has_value());
  {
    auto s = *SqliteStore::open({.path = db});
    commit_cases(*s, {"R-3"});
    // While this connection is open (as the daemon's is), the store is not replaced.
    auto busy = restore_store(saved, db);
    REQUIRE_FALSE(busy.has_value());
    CHECK(busy.error().code == ErrorCode::conflict);
    CHECK(busy.error().message.find("in use") != std::string::npos);
  }
  CHECK(external_ids(db).size() == 3);

  auto restored = restore_store(saved, db);
  REQUIRE_MESSAGE(restored.has_value(), restored.error().to_string());
  CHECK(restored->cases == 2);
  CHECK(external_ids(db) == std::vector<std::string>{"R-1", "R-2"});
  CHECK(external_ids(db + ".pre-restore") == std::vector<std::string>{"R-1", "R-2", "R-3"});

  // A second restore would overwrite the kept store: refused until it is moved away.
  auto twice = restore_store(saved, db);
  REQUIRE_FALSE(twice.has_value());
  CHECK(twice.error().code == ErrorCode::conflict);
  CHECK(external_ids(db).size() == 2);
}

TEST_CASE("restore refuses a damaged backup and leaves the store as it was") {
  test::TempDir dir;
  const auto db = dir.file("cases.db"), saved = dir.file("saved.db");
  write_store(db, {"D-1"});
  std::ofstream(saved, std::ios::binary) << std::string(8192, 'x');
  auto r = restore_store(saved, db);
  REQUIRE_FALSE(r.has_value());
  CHECK(external_ids(db) == std::vector<std::string>{"D-1"});
  CHECK_FALSE(fs::exists(db + ".pre-restore"));
}

TEST_CASE("a new store file, its WAL and a backup of it are readable by their owner only") {
  test::TempDir dir;
  const auto db = dir.file("cases.db"), copy = dir.file("copy.db");
  const auto old_mask = ::umask(022);  // the usual umask, which would give every user read access
  auto s = *SqliteStore::open({.path = db});
  commit_cases(*s, {"M-1"});
  REQUIRE(backup_store(db, copy).has_value());
  ::umask(old_mask);
  const auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
  CHECK(fs::status(db).permissions() == owner_only);
  REQUIRE(fs::exists(db + "-wal"));
  CHECK(fs::status(db + "-wal").permissions() == owner_only);
  CHECK(fs::status(copy).permissions() == owner_only);
}

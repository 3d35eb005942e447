// Issue 16, fault 4: 16 random bytes written into a stored dispute's JSON passed integrity_check,
// `store verify`, start-up and `get`; only replay noticed, and it still exited 0. Every dispute and
// event row now carries a CRC32C (schema v8) that verify, get and replay check.
#include "store/internal/checksum.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <random>

#include "store/store_cli_run.hpp"

using namespace tiaojie;
using namespace tiaojie::store;

namespace {

void store_three_cases(const std::string& db) {
  auto s = *SqliteStore::open({.path = db});
  std::vector<Change> batch{test::new_case("C-1"), test::new_case("C-2"), test::new_case("C-3")};
  REQUIRE(s->commit(batch).has_value());
}

// 16 random letters over bytes 20..35 of case 2's JSON: the JSON still parses, so only the
// checksum can tell.
void damage_dispute_2(const std::string& db) {
  std::mt19937 random(16);
  std::string bytes;
  for (int i = 0; i < 16; ++i) bytes.push_back(static_cast<char>('a' + random() % 26));
  SQLite::Database raw(db, SQLite::OPEN_READWRITE);
  SQLite::Statement q(raw,
                      "UPDATE disputes SET json = substr(json, 1, 20) || ? || substr(json, 37) "
                      "WHERE case_id = 2");
  q.bind(1, bytes);
  REQUIRE(q.exec() == 1);
  CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
}

}  // namespace

TEST_CASE("CRC32C is the Castagnoli checksum") {
  for (auto* crc : {&internal::crc32c, &internal::crc32c_portable}) {
    CHECK(crc("123456789") == 0xE3069283u);  // the standard check value
    CHECK(crc("") == 0u);
  }
}

TEST_CASE("CRC32C by the CPU's instruction equals the portable one at every length and offset") {
  // The instruction path reads 8 bytes at a time, then the tail byte by byte: lengths 0-80 at
  // every start offset 0-7 cover every split, and a long text the loop's steady state.
  std::mt19937 random(20261204);
  std::string bytes(4096 + 8, '\0');
  for (auto& b : bytes) b = static_cast<char>(random() & 0xFF);
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t length = 0; length <= 80; ++length) {
      const std::string_view text(bytes.data() + offset, length);
      CAPTURE(offset);
      CAPTURE(length);
      REQUIRE(internal::crc32c(text) == internal::crc32c_portable(text));
    }
    const std::string_view text(bytes.data() + offset, 4096);
    CHECK(internal::crc32c(text) == internal::crc32c_portable(text));
  }
}

TEST_CASE("a damaged dispute row is found by verify, refused by get_case and by the CLI") {
  test::TempDir dir;
  const auto db = dir.file("cases.db");
  store_three_cases(db);
  CHECK(test::run_cli("store verify --db '" + db + "'", dir).status == 0);
  damage_dispute_2(db);

  auto s = *SqliteStore::open({.path = db});
  auto report = s->verify();
  REQUIRE(report.has_value());
  CHECK_FALSE(report->ok());
  REQUIRE(report->damaged.size() == 1);
  CHECK(report->damaged[0] == CaseId{2});
  auto got = s->get_case(CaseId{2});
  REQUIRE_FALSE(got.has_value());
  CHECK(got.error().code == ErrorCode::io_error);
  CHECK(got.error().message.find("damaged") != std::string::npos);
  CHECK(got.error().where == "case 2");
  CHECK_FALSE(s->find_by_key("walk_in", "C-2").has_value());
  CHECK(s->get_case(CaseId{1}).has_value());
  bool flagged = false;
  REQUIRE(s->for_each_dispute(Timestamp{}, Timestamp{std::chrono::seconds{1LL << 40}},
                              [&](const StoredDispute& d) {
                                if (d.case_id == CaseId{2}) flagged = d.damaged;
                                CHECK(d.damaged == (d.case_id == CaseId{2}));
                                return true;
                              }));
  CHECK(flagged);
  s.reset();

  auto verify = test::run_cli("store verify --db '" + db + "'", dir);
  CAPTURE(verify.out);
  CHECK(verify.status == 1);
  CHECK(verify.out.find("  case 2\n") != std::string::npos);
  const auto shipped = [](const char* p) { return (test::source_dir() / p).string(); };
  auto replay = test::run_cli("replay --rules '" + shipped("rules") + "' --graph '" +
                                  shipped("config/bodies") + "' --store '" + db + "'",
                              dir);
  CAPTURE(replay.out);
  CHECK(replay.status == 2);
}

TEST_CASE("a damaged event payload is found by verify and refused by get_case") {
  test::TempDir dir;
  const auto db = dir.file("cases.db");
  store_three_cases(db);
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    REQUIRE(raw.exec("UPDATE events SET data = replace(data, 'C-3', 'C-9') "
                     "WHERE case_id = 3 AND kind = 'submitted'") == 1);
  }
  auto s = *SqliteStore::open({.path = db});
  auto report = s->verify();
  REQUIRE(report.has_value());
  REQUIRE(report->damaged.size() == 1);
  CHECK(report->damaged[0] == CaseId{3});
  auto got = s->get_case(CaseId{3});
  REQUIRE_FALSE(got.has_value());
  CHECK(got.error().message.find("event seq") != std::string::npos);
}

TEST_CASE("the v8 step sums the rows of an older store") {
  test::TempDir dir;
  const auto db = dir.file("cases.db");
  {
    auto s = *SqliteStore::open({.path = db});
    std::vector<Change> batch{test::new_case("M-1"), test::new_case("M-2")};
    REQUIRE(s->commit(batch).has_value());
  }
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE disputes SET json_crc = NULL; UPDATE events SET data_crc = NULL");
  }
  CHECK_FALSE((*SqliteStore::open({.path = db}))->verify()->ok());  // no checksum: not trusted
  {
    // The file as a v7 build left it: no checksum columns (nor the v9 repeat index, nor v11's
    // decision repeat counts and backfill table, nor v12's list of unprojected cases).
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec(
        "ALTER TABLE disputes DROP COLUMN json_crc; ALTER TABLE events DROP COLUMN data_crc; "
        "DROP TABLE repeat_keys; ALTER TABLE decisions DROP COLUMN repeat_count; "
        "DROP TABLE repeat_backfill; DROP TABLE unprojected; PRAGMA user_version = 7");
  }
  auto s = *SqliteStore::open({.path = db});
  CHECK(s->schema_version() == k_schema_version);
  CHECK(s->verify()->ok());
  CHECK(s->get_case(CaseId{2}).has_value());
}

// `tiaojie store verify|rebuild` as an operator runs them: a store file in, a report and an exit
// status out.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include "store/store_cli_run.hpp"

using namespace tiaojie;
using namespace tiaojie::store;

TEST_CASE(
    "tiaojie store verify: ok on a consistent store, exit 1 with the differences on a tampered "
    "one") {
  test::TempDir dir;
  const auto db = dir.file("cases.db");
  {
    auto s = *SqliteStore::open({.path = db});
    std::vector<Change> batch{test::new_case("W-1"), test::new_case("W-2"),
                              test::new_case("W-3", "hz.street.other")};
    REQUIRE(s->commit(batch).has_value());
  }
  auto good = test::run_cli("store verify --db '" + db + "'", dir);
  CHECK(good.status == 0);
  CHECK(good.out.find("9 events, 3 cases") != std::string::npos);
  CHECK(good.out.find("ok:") != std::string::npos);

  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE body_load SET open_cases = 5 WHERE body = 'hz.street.other'");
  }
  auto bad = test::run_cli("store verify --db '" + db + "'", dir);
  CHECK(bad.status == 1);
  CHECK(bad.out.find("1 difference(s)") != std::string::npos);
  CHECK(bad.out.find("body_load body hz.street.other") != std::string::npos);

  CHECK(test::run_cli("store rebuild --db '" + db + "'", dir).status == 0);
  CHECK(test::run_cli("store verify --db '" + db + "'", dir).status == 0);
}

TEST_CASE("tiaojie store verify on a missing file is an error, and creates nothing") {
  test::TempDir dir;
  const auto db = dir.file("absent.db");
  auto r = test::run_cli("store verify --db '" + db + "'", dir);
  CHECK(r.status == 2);
  CHECK(r.out.find("no store at") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db));
}

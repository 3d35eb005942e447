// `tiaojie store verify|rebuild` as an operator runs them: a store file in, a report and an exit
// status out.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;

namespace {

struct Ran {
  int status = -1;
  std::string out;
};

Ran run(const std::string& args, const test::TempDir& dir) {
  const auto out = dir.file("stdout.txt");
  const std::string cmd = std::string("'") + TIAOJIE_CLI + "' " + args + " > '" + out + "' 2>&1";
  const int raw = std::system(cmd.c_str());
  std::ifstream in(out);
  std::stringstream s;
  s << in.rdbuf();
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, s.str()};
}

}  // namespace

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
  auto good = run("store verify --db '" + db + "'", dir);
  CHECK(good.status == 0);
  CHECK(good.out.find("9 events, 3 cases") != std::string::npos);
  CHECK(good.out.find("ok:") != std::string::npos);

  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE body_load SET open_cases = 5 WHERE body = 'hz.street.other'");
  }
  auto bad = run("store verify --db '" + db + "'", dir);
  CHECK(bad.status == 1);
  CHECK(bad.out.find("1 difference(s)") != std::string::npos);
  CHECK(bad.out.find("body_load body hz.street.other") != std::string::npos);

  CHECK(run("store rebuild --db '" + db + "'", dir).status == 0);
  CHECK(run("store verify --db '" + db + "'", dir).status == 0);
}

TEST_CASE("tiaojie store verify on a missing file is an error, and creates nothing") {
  test::TempDir dir;
  const auto db = dir.file("absent.db");
  auto r = run("store verify --db '" + db + "'", dir);
  CHECK(r.status == 2);
  CHECK(r.out.find("no store at") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db));
}

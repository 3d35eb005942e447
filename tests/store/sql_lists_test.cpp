// The SQL lists of the domain's closed sets follow the lifecycle (issue 20: each domain rule in one
// place), and the schema's partial index, written once by a migration, still matches them.
#include "store/internal/sql_lists.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include "lifecycle/case_state.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;

TEST_CASE("an SQL list quotes each name and doubles a quote inside one") {
  const std::vector<std::string_view> names = {"a", "it's"};
  CHECK(internal::sql_list(names) == "('a', 'it''s')");
}

TEST_CASE("the open statuses' SQL list is every status the lifecycle calls open, in its order") {
  std::string expected = "(";
  for (auto name : lifecycle::status_names()) {
    if (!lifecycle::is_open(*lifecycle::parse_status(name))) continue;
    expected += (expected.size() > 1 ? ", '" : "'") + std::string(name) + "'";
  }
  expected += ")";
  CHECK(internal::open_status_sql() == expected);
  CHECK(internal::open_status_sql() == "('received', 'assigned', 'accepted', 'in_mediation')");
}

TEST_CASE("the deadline event kinds' SQL list holds exactly the kinds that bear on deadlines") {
  std::size_t listed = 0;
  for (auto name : lifecycle::event_kind_names()) {
    const bool in_list = internal::deadline_event_kinds_sql().find("'" + std::string(name) + "'") !=
                         std::string::npos;
    CHECK_MESSAGE(in_list == internal::bears_on_deadlines(*lifecycle::parse_event_kind(name)),
                  name);
    listed += in_list ? 1 : 0;
  }
  CHECK(listed == 15);
}

// Migrations are history: the v1 step's text stays as shipped. When the lifecycle gains an open
// status this fails, and a new migration must recreate cases_open with the rendered list.
TEST_CASE("the cases_open partial index lists exactly the lifecycle's open statuses") {
  test::TempDir dir;
  const auto path = dir.file("cases.db");
  REQUIRE(SqliteStore::open({.path = path}).has_value());
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  const std::string sql =
      db.execAndGet("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'cases_open'")
          .getString();
  const std::string marker = "WHERE status IN ";
  const auto at = sql.find(marker);
  REQUIRE(at != std::string::npos);
  CHECK(sql.substr(at + marker.size()) == internal::open_status_sql());

  // And SQLite agrees: a query of open cases through the rendered list is served by the index.
  SQLite::Statement plan(db, "EXPLAIN QUERY PLAN SELECT case_id FROM cases WHERE status IN " +
                                 internal::open_status_sql());
  std::string details;
  while (plan.executeStep()) details += plan.getColumn(3).getString() + "\n";
  CHECK_MESSAGE(details.find("cases_open") != std::string::npos, details);
}

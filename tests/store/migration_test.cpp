#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <algorithm>

#include "lifecycle/event_json.hpp"
#include "store/internal/checksum.hpp"
#include "store/internal/report_rows.hpp"
#include "store/internal/schema.hpp"
#include "store/internal/sqlite_tables.hpp"
#include "store/old_store.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using namespace tiaojie::lifecycle;
using tiaojie::test::make_event;

namespace {

// A case "OLD-<id>" written into an old-version file by hand (old_store.hpp).
void write_old_case(SQLite::Database& db, std::int64_t id, const std::vector<Event>& events,
                    int version = 1) {
  test::write_old_case(db, id, test::dispute_for("OLD-" + std::to_string(id)), events, version);
}

std::vector<Event> old_history() {
  auto events = test::intake();
  events.push_back(make_event(Accepted{}));
  events.push_back(
      make_event(SupervisionNotice{{BodyId{"hz.street.fengyang"}, BodyId{"hz.district"}},
                                   "overdue",
                                   *parse_date("2026-03-05")}));
  return events;
}

}  // namespace

TEST_CASE("an empty file is migrated to the latest schema") {
  test::TempDir dir;
  auto s = SqliteStore::open({.path = dir.file("new.db")});
  REQUIRE(s.has_value());
  CHECK(*(*s)->schema_version() == k_schema_version);
  CHECK((*s)->verify()->ok());
}

TEST_CASE(
    "a file of every earlier version is migrated, keeping its cases and deriving the new tables") {
  for (int old = 1; old < k_schema_version; ++old) {
    CAPTURE(old);
    test::TempDir dir;
    const auto path = dir.file("old.db");
    {
      auto s = SqliteStore::open({.path = path, .migrate_to = old});
      REQUIRE(s.has_value());
      CHECK(*(*s)->schema_version() == old);
    }
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      write_old_case(db, 1, old_history(), old);
      write_old_case(db, 2, test::intake(), old);
      // From version 2 on, that version's code kept the derived tables current as it wrote.
      test::derive_old_tables(db, old);
    }
    auto s = SqliteStore::open({.path = path});
    REQUIRE(s.has_value());
    CHECK(*(*s)->schema_version() == k_schema_version);
    // A v1 file's derived tables are filled by the v2 step, from the log.
    auto report = (*s)->verify();
    REQUIRE(report.has_value());
    CHECK(report->ok());
    auto rec = (*s)->get_case(CaseId{1});
    REQUIRE(rec.has_value());
    CHECK(rec->state.status == Status::accepted);
    CHECK((*(*s)->open_load())[BodyId{"hz.street.fengyang"}] == 2);
    // The decisions table (v4) holds each case's first decision, as its events have it.
    std::vector<StoredDecision> decided;
    REQUIRE((*s)->for_each_decision(Timestamp{},
                                    Timestamp{std::chrono::seconds{std::int64_t{1} << 40}},
                                    [&](const StoredDecision& d) {
                                      decided.push_back(d);
                                      return true;
                                    })
                .has_value());
    REQUIRE(decided.size() == 2);
    for (const auto& event : rec->events) {
      if (const auto* c = std::get_if<Classified>(&event.event.data)) {
        REQUIRE(decided[0].classification.has_value());
        CHECK(*decided[0].classification == recorded(c->classification));
        CHECK_FALSE(decided[0].classification->category_rule.empty());
        break;
      }
    }
    REQUIRE(decided[0].assignment.has_value());
    CHECK(decided[0].assignment->lead == BodyId{"hz.street.fengyang"});
    std::vector<Change> more{test::new_case("NEW-1")};
    auto r = (*s)->commit(more);
    REQUIRE(r.has_value());
    CHECK((*r)[0]->case_id == CaseId{3});
    CHECK((*s)->verify()->ok());
  }
}

TEST_CASE("a file newer than this build is refused") {
  test::TempDir dir;
  const auto path = dir.file("future.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version = 99");
  }
  auto s = SqliteStore::open({.path = path});
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == ErrorCode::invalid_input);
}

TEST_CASE("verify reports a tampered current-state row and rebuild repairs it") {
  test::TempDir dir;
  const auto path = dir.file("c.db");
  {
    auto s = *SqliteStore::open({.path = path});
    std::vector<Change> batch{test::new_case("W-1"), test::new_case("W-2")};
    REQUIRE(s->commit(batch).has_value());
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE cases SET status = 'closed' WHERE case_id = 1");
    db.exec("UPDATE body_load SET open_cases = 7");
    db.exec("DELETE FROM assignments WHERE case_id = 2");
    db.exec("UPDATE decisions SET category = 'labour', lead = 'hz.district' WHERE case_id = 2");
  }
  auto s = *SqliteStore::open({.path = path});
  auto report = s->verify();
  REQUIRE(report.has_value());
  CHECK(report->differences.size() == 4);
  CHECK(
      std::any_of(report->differences.begin(), report->differences.end(),
                  [](const Difference& d) { return d.table == "decisions" && d.key == "case 2"; }));
  REQUIRE(s->rebuild().has_value());
  CHECK(s->verify()->ok());
}

TEST_CASE("the v4 step fills each case's report view from the log, and verify checks it") {
  test::TempDir dir;
  const auto path = dir.file("v3.db");
  {
    auto s = SqliteStore::open({.path = path, .migrate_to = 3});
    REQUIRE(s.has_value());
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    write_old_case(db, 1, old_history());
    write_old_case(db, 2, test::intake());
    REQUIRE(internal::rebuild_tables(db).has_value());
  }
  auto s = *SqliteStore::open({.path = path});
  CHECK(*s->schema_version() == k_schema_version);
  // Case 1: submitted, classified, assigned a second apart (three steps), then accepted and a
  // notice to two addressees at one instant (one step, one notice).
  std::vector<ReportCase> views;
  REQUIRE(s->for_each_report_case(Timestamp{}, test::at("2100-01-01T00:00:00+08:00"),
                                  [&](const ReportCase& v) {
                                    views.push_back(v);
                                    return true;
                                  })
              .has_value());
  std::sort(views.begin(), views.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  REQUIRE(views.size() == 2);
  CHECK(views[0].channel == "walk_in");
  REQUIRE(views[0].steps.size() == 4);
  CHECK(views[0].steps[0].flags == k_step_submitted);
  CHECK(views[0].steps[0].status == Status::received);
  CHECK(views[0].steps[2].status == Status::assigned);
  CHECK(views[0].steps[2].body == BodyId{"hz.street.fengyang"});
  CHECK(views[0].steps[3].status == Status::accepted);
  CHECK(views[0].steps[3].notices == 1);
  CHECK(views[1].steps.size() == 3);
  // Both are open: every window from before their start on holds them; none that ends before.
  int before = 0;
  REQUIRE(s->for_each_report_case(Timestamp{}, views[0].steps[0].at, [&](const ReportCase&) {
             ++before;
             return true;
           }).has_value());
  CHECK(before == 0);

  {
    // The window's read (SqliteStore::for_each_report_case) is one range of the table's own
    // B-tree (v10: WITHOUT ROWID, clustered on the window's key), no index, no look-up.
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement plan(
        db,
        "EXPLAIN QUERY PLAN SELECT case_id, received_at, reply_due, channel, "
        "category, steps FROM report_cases WHERE active_until >= 1 AND started_at < 2");
    REQUIRE(plan.executeStep());
    CHECK(plan.getColumn(3).getString().find("USING PRIMARY KEY (active_until>?)") !=
          std::string::npos);
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE report_cases SET active_until = 0 WHERE case_id = 1");
    db.exec("UPDATE report_cases SET steps = 'garbage' WHERE case_id = 2");
  }
  auto report = s->verify();
  REQUIRE(report.has_value());
  CHECK(report->differences.size() == 2);
  for (const auto& d : report->differences) CHECK(d.table == "report_cases");
  REQUIRE(s->rebuild().has_value());
  CHECK(s->verify()->ok());
}

TEST_CASE("the v7 step starts a case's report view on the day it was received, not registered") {
  test::TempDir dir;
  const auto path = dir.file("v6.db");
  REQUIRE(SqliteStore::open({.path = path, .migrate_to = 6}).has_value());
  const Timestamp received = test::at("2026-01-20T09:00:00+08:00");
  const Timestamp registered = test::at("2026-02-13T10:00:00+08:00");  // test::intake()'s instant
  const auto seconds = [](Timestamp t) { return std::to_string(t.time_since_epoch().count()); };
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    // Case 1: a January work order imported in February; case 2 registered as it was received.
    auto imported = test::intake();
    std::get<Submitted>(imported[0].data).received_at = received;
    write_old_case(db, 1, imported);
    write_old_case(db, 2, test::intake());
    test::derive_old_tables(db, 6);
    // As version 6 wrote the rows: started_at at the first step, the registration.
    db.exec("UPDATE report_cases SET started_at = " + seconds(registered));
  }
  auto s = *SqliteStore::open({.path = path});
  CHECK(*s->schema_version() == k_schema_version);
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT case_id, started_at FROM report_cases ORDER BY case_id");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(1).getInt64() == received.time_since_epoch().count());
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(1).getInt64() == registered.time_since_epoch().count());
  }
  CHECK(s->verify()->ok());
  // A window that ends before the import holds the imported case, and only it.
  std::vector<std::int64_t> seen;
  REQUIRE(s->for_each_report_case(test::at("2026-01-19T00:00:00+08:00"), registered,
                                  [&](const ReportCase& v) {
                                    seen.push_back(v.id.value);
                                    return true;
                                  })
              .has_value());
  CHECK(seen == std::vector<std::int64_t>{1});
}

TEST_CASE(
    "a read-only connection reads beside the writer, writes nothing, and needs the current "
    "schema") {
  test::TempDir dir;
  const auto path = dir.file("ro.db");
  auto writer = *SqliteStore::open({.path = path});
  std::vector<Change> batch{test::new_case("RO-1")};
  REQUIRE(writer->commit(batch).has_value());
  auto reader = SqliteStore::open({.path = path, .read_only = true});
  REQUIRE(reader.has_value());
  CHECK(*(*reader)->last_seq() == *writer->last_seq());
  // The writer commits while the reader is open; the reader sees it on its next read.
  std::vector<Change> more{test::new_case("RO-2")};
  REQUIRE(writer->commit(more).has_value());
  int views = 0;
  REQUIRE((*reader)
              ->for_each_report_case(Timestamp{}, test::at("2100-01-01T00:00:00+08:00"),
                                     [&](const ReportCase&) { return ++views, true; })
              .has_value());
  CHECK(views == 2);
  // A case by id and by key, as `tiaojie case show` reads them beside the daemon.
  auto first = (*reader)->get_case(CaseId{1});
  REQUIRE(first.has_value());
  CHECK(first->events.size() == (*writer->get_case(CaseId{1})).events.size());
  CHECK((*reader)->get_case(CaseId{99}).error().code == ErrorCode::not_found);
  auto by_key = (*reader)->find_by_key(first->state.channel, first->state.external_id);
  REQUIRE(by_key.has_value());
  CHECK(by_key->has_value());
  std::vector<Change> refused{test::new_case("RO-3")};
  auto r = (*reader)->commit(refused);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::io_error);

  CHECK(SqliteStore::open({.path = dir.file("none.db"), .read_only = true}).error().code ==
        ErrorCode::not_found);
  const auto old = dir.file("old.db");
  REQUIRE(SqliteStore::open({.path = old, .migrate_to = 3}).has_value());
  CHECK(SqliteStore::open({.path = old, .read_only = true}).error().code ==
        ErrorCode::invalid_input);
}

// Several processes on one store (docs/scaling.md): the lead (Store::lead) and the events the
// others committed (Store::events_by_others). On PostgreSQL two stores opened on one database
// stand for two daemons; a store only its own process writes leads always and sees no others.
#include <doctest/doctest.h>

#include "store/internal/pg_connection.hpp"
#include "store/store.hpp"
#include "store/store_fixture.hpp"
#include "support/eventually.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using tiaojie::test::commit_one;
using tiaojie::test::new_case;

namespace {

bool leads(Store& s) {
  auto r = s.lead();
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  return *r;
}

}  // namespace

TEST_CASE_TEMPLATE("a store only its own process writes always leads and sees no other writer", B,
                   test::MemoryBackend, test::SqliteBackend) {
  B backend;
  auto s = backend.open();
  CHECK(leads(*s));
  commit_one(*s, new_case("W-1"));
  std::int64_t cursor = 0;
  auto others = s->events_by_others(cursor, 100);
  REQUIRE(others.has_value());
  CHECK(others->events.empty());
  CHECK(others->states.empty());
}

TEST_CASE("on one PostgreSQL database one store leads, and the lead passes when it closes") {
  test::PostgresBackend backend;
  auto a = backend.open();
  auto b = backend.open();
  CHECK(leads(*a));
  CHECK_FALSE(leads(*b));
  CHECK(leads(*a));  // kept, not taken twice
  CHECK_FALSE(leads(*b));
  a.reset();  // its connection ends: the server releases the lock once its backend has exited
  CHECK(test::eventually([&] { return leads(*b); }));  // the daemons poll every 500 ms
  auto c = backend.open();
  CHECK_FALSE(leads(*c));
}

TEST_CASE(
    "a PostgreSQL store whose connection is lost fails that call, connects again at the next, and "
    "knows its lead went with the old connection") {
  test::PostgresBackend backend;
  auto a = backend.open();
  auto b = backend.open();
  commit_one(*a, new_case("W-1"));
  CHECK(leads(*a));
  auto admin = internal::PgConnection::connect(backend.url);
  REQUIRE(admin.has_value());
  // Ends every other session on the database (a and b), as a server restart would.
  auto cut = [&] {
    admin->exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  };
  cut();
  // The first call meets the lost connection: it fails, and writes nothing.
  std::vector<Change> batch{new_case("W-2")};
  auto failed = a->commit(batch);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().code == ErrorCode::io_error);
  // The next connects again and works; nothing of the failed one was stored.
  auto found = a->find_by_key("walk_in", "W-2");
  REQUIRE_MESSAGE(found.has_value(), found.error().to_string());
  CHECK_FALSE(found->has_value());
  commit_one(*a, new_case("W-2"));
  CHECK(*a->last_seq() == 6);  // two intakes of three events

  // b takes the lead the server let go with a's old session; a knows it no longer has it.
  auto first = b->lead();  // b's own connection was cut too: this call meets that
  CHECK_FALSE(first.has_value());
  CHECK(test::eventually([&] { return leads(*b); }));
  CHECK_FALSE(leads(*a));

  // A connection keeps its session settings (a read-only store's) across the reconnection.
  auto reader = internal::PgConnection::connect(backend.url);
  REQUIRE(reader.has_value());
  reader->set_session("SET default_transaction_read_only = on");
  cut();
  CHECK_THROWS_AS(reader->exec("SELECT 1"), internal::PgError);  // meets the lost connection
  CHECK(reader->exec("SHOW default_transaction_read_only").text(0, 0) == "on");
  CHECK(reader->resets() == 1);
}

TEST_CASE("a read-only PostgreSQL store never leads") {
  test::PostgresBackend backend;
  (void)backend.open();  // creates the schema
  auto s = PostgresStore::open({.conninfo = backend.url, .read_only = true});
  REQUIRE(s.has_value());
  CHECK_FALSE(leads(**s));
  auto writer = backend.open();
  CHECK(leads(*writer));
}

TEST_CASE("events_by_others gives what the other stores committed, in seq order, not its own") {
  test::PostgresBackend backend;
  auto a = backend.open();
  auto b = backend.open();
  std::int64_t a_cursor = 0;
  std::int64_t b_cursor = 0;
  const auto a1 = commit_one(*a, new_case("A-1"));
  const auto b1 = commit_one(*b, new_case("B-1"));
  const auto a2 = commit_one(*a, new_case("A-2"));

  auto seen_by_a = a->events_by_others(a_cursor, 100);
  REQUIRE(seen_by_a.has_value());
  REQUIRE(seen_by_a->events.size() == 3);  // B-1's submitted, classified, assigned
  std::int64_t previous = 0;
  for (const auto& se : seen_by_a->events) {
    CHECK(se.event.case_id == b1.case_id);
    CHECK(se.seq > previous);
    previous = se.seq;
  }
  CHECK(seen_by_a->events.back().seq == b1.last_seq);
  // With B-1's state as it stands.
  REQUIRE(seen_by_a->states.size() == 1);
  CHECK(seen_by_a->states.at(b1.case_id) == b1.state);
  CHECK(a_cursor == a2.last_seq);  // past its own events too
  auto again = a->events_by_others(a_cursor, 100);
  REQUIRE(again.has_value());
  CHECK(again->events.empty());

  // A small limit reads the log in steps; the cursor moves over own events without giving them.
  std::vector<std::int64_t> cases;
  for (int step = 0; step < 20; ++step) {
    auto part = b->events_by_others(b_cursor, 2);
    REQUIRE(part.has_value());
    for (const auto& se : part->events) cases.push_back(se.event.case_id.value);
    if (b_cursor == a2.last_seq) break;
  }
  CHECK(b_cursor == a2.last_seq);
  REQUIRE(cases.size() == 6);
  for (std::size_t i = 0; i < 3; ++i) CHECK(cases[i] == a1.case_id.value);
  for (std::size_t i = 3; i < 6; ++i) CHECK(cases[i] == a2.case_id.value);

  // A third store, opened later, has committed nothing: it sees every event.
  auto c = backend.open();
  std::int64_t c_cursor = 0;
  auto all = c->events_by_others(c_cursor, 100);
  REQUIRE(all.has_value());
  CHECK(all->events.size() == 9);
  CHECK(all->states.size() == 3);
}

TEST_CASE("a shared setting is stored by the first store to ask and read back by the others") {
  test::PostgresBackend backend;
  auto a = backend.open();
  auto b = backend.open();
  auto first = a->shared_setting("repeat_key_check", "k:aaaa");
  REQUIRE_MESSAGE(first.has_value(), first.error().to_string());
  CHECK(*first == "k:aaaa");
  auto second = b->shared_setting("repeat_key_check", "k:bbbb");
  REQUIRE(second.has_value());
  CHECK(*second == "k:aaaa");  // not overwritten
  CHECK(*a->shared_setting("other", "x") == "x");
  auto reader = PostgresStore::open({.conninfo = backend.url, .read_only = true});
  REQUIRE(reader.has_value());
  CHECK(*(*reader)->shared_setting("repeat_key_check", "k:cccc") == "k:aaaa");
  CHECK((*reader)->shared_setting("never", "y").error().code == ErrorCode::not_found);
}

TEST_CASE("a store alone keeps no shared setting: its own value is the answer") {
  test::SqliteBackend backend;
  auto s = backend.open();
  CHECK(*s->shared_setting("repeat_key_check", "k:aaaa") == "k:aaaa");
  CHECK(*s->shared_setting("repeat_key_check", "k:bbbb") == "k:bbbb");
}

TEST_CASE("a PostgreSQL store of schema version 1 is migrated to 2 when opened read-write") {
  test::PostgresBackend backend;
  {
    auto s = backend.open();
    commit_one(*s, new_case("M-1"));
  }
  {  // back to version 1, as a database created by the first release of this backend
    auto db = internal::PgConnection::connect(backend.url);
    REQUIRE(db.has_value());
    db->exec("DROP TABLE settings");
    db->exec("UPDATE tiaojie_schema SET version = 1");
  }
  auto reader = PostgresStore::open({.conninfo = backend.url, .read_only = true});
  REQUIRE_FALSE(reader.has_value());
  CHECK(reader.error().to_string().find("open it once read-write") != std::string::npos);
  auto s = backend.open();
  CHECK(*s->shared_setting("repeat_key_check", "k:aaaa") == "k:aaaa");
  auto found = s->find_by_key("walk_in", "M-1");
  REQUIRE(found.has_value());
  CHECK(found->has_value());
  auto db = internal::PgConnection::connect(backend.url);
  REQUIRE(db.has_value());
  CHECK(db->exec("SELECT version FROM tiaojie_schema").int64(0, 0) == 2);
}

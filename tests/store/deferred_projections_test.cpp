// The lean write path (SqliteOptions::defer_projections): a commit of new cases leaves their
// projections for later. Whenever they are written — by catch_up, by the next commit that touches
// anything else, by a read, or at the next open after a crash — the tables must be exactly those
// of a store that wrote everything at once.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include "store/internal/sqlite_tables.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using namespace tiaojie::lifecycle;
using tiaojie::test::make_event;

namespace {

struct StoreUnderTest {
  test::TempDir dir;
  bool lean = false;
  std::unique_ptr<Store> open() {
    auto s = SqliteStore::open({.path = dir.file("cases.db"), .defer_projections = lean});
    if (!s) throw std::runtime_error(s.error().to_string());
    return std::move(*s);
  }
  // A row count read by a connection of its own, as another process would see the file.
  std::int64_t rows(const char* table) {
    SQLite::Database db(dir.file("cases.db"));
    return db.execAndGet(std::string("SELECT COUNT(*) FROM ") + table).getInt64();
  }
};

std::vector<Change> prepared(std::vector<Change> batch) {
  for (auto& change : batch) prepare(change);
  return batch;
}

std::vector<Change> new_cases(int from, int to) {
  std::vector<Change> batch;
  for (int i = from; i < to; ++i) batch.emplace_back(test::new_case("L-" + std::to_string(i)));
  return batch;
}

// A new case that repeats an earlier one, with its keys, led by `body` with a partner.
NewCase repeat_case(int i, const std::string& body) {
  auto nc = test::new_case("K-" + std::to_string(i), body);
  auto& sub = std::get<Submitted>(nc.events.front().data);
  sub.repeat_keys = {"p:" + std::to_string(i % 7), "s:" + std::to_string(i % 3)};
  if (i > 0) sub.repeat_of = {RepeatLink{CaseId{i}, RepeatReason::same_party}};
  auto& assigned = std::get<Assigned>(nc.events.back().data);
  assigned.assignment.partners = {BodyId{"hz.street.nanhua"}};
  return nc;
}

std::vector<std::string> projection_texts(const std::string& file) {
  SQLite::Database db(file);
  std::vector<std::string> all;
  for (const char* table : {"cases ORDER BY case_id", "decisions ORDER BY case_id",
                            "report_cases ORDER BY case_id", "repeat_keys ORDER BY key, case_id",
                            "assignments ORDER BY case_id, body", "body_load ORDER BY body"}) {
    all.push_back(table);
    for (auto& row : test::column_texts(db, std::string("SELECT * FROM ") + table))
      all.push_back(std::move(row));
  }
  return all;
}

void commit_both(Store& plain, Store& lean, const std::vector<Change>& batch) {
  auto a = plain.commit(prepared(batch));
  auto b = lean.commit(prepared(batch));
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  REQUIRE(a->size() == b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    CAPTURE(i);
    REQUIRE((*a)[i].has_value() == (*b)[i].has_value());
    if (!(*a)[i]) continue;
    CHECK((*a)[i]->case_id == (*b)[i]->case_id);
    CHECK((*a)[i]->duplicate == (*b)[i]->duplicate);
    CHECK((*a)[i]->state == (*b)[i]->state);
    CHECK((*a)[i]->last_seq == (*b)[i]->last_seq);
  }
}

}  // namespace

TEST_CASE("projections deferred by lean commits end up exactly as if written at once") {
  StoreUnderTest plain_backend, lean_backend;
  lean_backend.lean = true;
  auto plain = plain_backend.open();
  auto lean = lean_backend.open();

  // New cases only, one a duplicate within the batch and one refused: committed lean.
  auto first = new_cases(0, 5);
  first.emplace_back(test::new_case("L-1"));
  auto bad = test::new_case("L-bad");
  bad.events.push_back(make_event(Resolved{"too early", false}));
  first.emplace_back(std::move(bad));
  commit_both(*plain, *lean, first);
  CHECK(lean->deferred() == 5);
  CHECK(plain->deferred() == 0);
  CHECK(lean_backend.rows("cases") == 5);
  CHECK(lean_backend.rows("unprojected") == 5);
  for (const char* projection : {"report_cases", "decisions", "assignments", "body_load"}) {
    CAPTURE(projection);
    CHECK(lean_backend.rows(projection) == 0);
    CHECK(plain_backend.rows(projection) > 0);
  }

  // Events on those cases and a new one: the deferred projections are written first, in the
  // same transaction, then this batch's as usual.
  std::vector<Change> second;
  second.emplace_back(CaseEvents{CaseId{1}, {make_event(Accepted{})}});
  second.emplace_back(
      CaseEvents{CaseId{2}, {make_event(Accepted{}), make_event(MediationStarted{})}});
  second.emplace_back(CaseEvents{CaseId{2}, {make_event(Resolved{"agreed", true})}});
  second.emplace_back(test::new_case("L-5", "hz.street.nanhua"));
  commit_both(*plain, *lean, second);
  CHECK(lean->deferred() == 0);
  CHECK(lean_backend.rows("unprojected") == 0);

  // More new cases, then the writer stops without catching up (a kill -9 after the commit).
  commit_both(*plain, *lean, new_cases(10, 14));
  CHECK(lean->deferred() == 4);
  {
    // A reader beside the writer cannot catch up: it verifies the rest, the pending cases aside.
    auto reader = SqliteStore::open({.path = lean_backend.dir.file("cases.db"), .read_only = true});
    REQUIRE(reader.has_value());
    auto pending = (*reader)->verify();
    REQUIRE(pending.has_value());
    CHECK(pending->ok());
    CHECK(lean_backend.rows("unprojected") == 4);
  }
  plain.reset();
  lean.reset();
  CHECK(lean_backend.rows("unprojected") == 4);

  // Opening the store writes what was pending.
  lean = lean_backend.open();
  CHECK(lean->deferred() == 0);
  CHECK(lean_backend.rows("unprojected") == 0);
  auto report = lean->verify();
  REQUIRE(report.has_value());
  CHECK(report->ok());
  lean.reset();

  SQLite::Database da(plain_backend.dir.file("cases.db"));
  SQLite::Database db(lean_backend.dir.file("cases.db"));
  CHECK(internal::read_tables(da) == internal::read_tables(db));
  for (const char* table : {"events ORDER BY seq", "disputes ORDER BY case_id",
                            "cases ORDER BY case_id", "decisions ORDER BY case_id",
                            "report_cases ORDER BY case_id", "repeat_keys ORDER BY key, case_id",
                            "assignments ORDER BY case_id, body", "body_load ORDER BY body"}) {
    CAPTURE(table);
    CHECK(test::column_texts(da, std::string("SELECT * FROM ") + table) ==
          test::column_texts(db, std::string("SELECT * FROM ") + table));
  }
}

TEST_CASE("a read of a projection catches up first, and catch_up writes everything pending") {
  StoreUnderTest backend;
  backend.lean = true;
  auto lean = backend.open();
  REQUIRE(lean->commit(prepared(new_cases(0, 3))).has_value());
  REQUIRE(lean->deferred() == 3);

  // The open load is a projection: the three open cases are counted.
  auto load = lean->open_load();
  REQUIRE(load.has_value());
  std::int64_t open = 0;
  for (const auto& [body, n] : *load) open += n;
  CHECK(open == 3);
  CHECK(lean->deferred() == 0);

  REQUIRE(lean->commit(prepared(new_cases(3, 5))).has_value());
  CHECK(lean->deferred() == 2);
  int visited = 0;
  auto walked = lean->for_each_report_case(
      Timestamp{}, Timestamp{std::chrono::seconds{std::numeric_limits<std::int32_t>::max()}},
      [&](const ReportCase&) {
        ++visited;
        return true;
      });
  REQUIRE(walked.has_value());
  CHECK(visited == 5);

  REQUIRE(lean->commit(prepared(new_cases(5, 9))).has_value());
  CHECK(lean->deferred() == 4);
  REQUIRE(lean->catch_up().has_value());
  CHECK(lean->deferred() == 0);
  CHECK(backend.rows("report_cases") == 9);
  CHECK(backend.rows("decisions") == 9);
  // Nothing pending: a second call writes nothing.
  REQUIRE(lean->catch_up().has_value());
  CHECK(backend.rows("report_cases") == 9);
}

TEST_CASE("a failed catch-up loses nothing and is done again") {
  test::TempDir dir;
  auto faults = std::make_shared<FaultPlan>();
  auto opened = SqliteStore::open(
      {.path = dir.file("cases.db"), .defer_projections = true, .faults = faults});
  REQUIRE(opened.has_value());
  auto& lean = **opened;
  REQUIRE(lean.commit(prepared(new_cases(0, 3))).has_value());
  faults->reset(1);  // the catch-up's first row
  CHECK(!lean.catch_up().has_value());
  CHECK(lean.deferred() == 3);
  REQUIRE(lean.catch_up().has_value());
  CHECK(lean.deferred() == 0);
  auto report = lean.verify();
  REQUIRE(report.has_value());
  CHECK(report->ok());
}

TEST_CASE("the projections a store keeps of its own lean commits are those the log derives") {
  // Three stores given the same batches: eager; lean and caught up from what it kept in memory;
  // lean and stopped before catching up, so that the next open derives them from the log.
  StoreUnderTest eager, kept, derived;
  kept.lean = derived.lean = true;
  auto e = eager.open();
  auto k = kept.open();
  auto d = derived.open();
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<Change> changes;
    for (int i = batch * 4; i < batch * 4 + 4; ++i)
      changes.emplace_back(repeat_case(i, i % 2 ? "hz.street.fengyang" : "hz.street.nanhua"));
    for (auto* s : {e.get(), k.get(), d.get()}) REQUIRE(s->commit(prepared(changes)).has_value());
  }
  CHECK(k->deferred() == 12);
  REQUIRE(k->catch_up().has_value());
  CHECK(kept.rows("unprojected") == 0);
  d.reset();
  CHECK(derived.rows("unprojected") == 12);
  d = derived.open();
  CHECK(derived.rows("unprojected") == 0);
  CHECK(derived.rows("repeat_keys") > 0);

  const auto want = projection_texts(eager.dir.file("cases.db"));
  CHECK(projection_texts(kept.dir.file("cases.db")) == want);
  CHECK(projection_texts(derived.dir.file("cases.db")) == want);
  for (auto* s : {k.get(), d.get()}) {
    auto report = s->verify();
    REQUIRE(report.has_value());
    CHECK(report->ok());
  }
}

TEST_CASE("more lean commits than a store keeps in memory are caught up from the log") {
  // Past the cases a store keeps (8,192), the whole pending list is derived from the log.
  StoreUnderTest eager, lean_backend;
  lean_backend.lean = true;
  auto e = eager.open();
  auto lean = lean_backend.open();
  constexpr int k_cases = 8192 + 300;
  for (int from = 0; from < k_cases; from += 512) {
    const auto batch = new_cases(from, std::min(from + 512, k_cases));
    REQUIRE(e->commit(prepared(batch)).has_value());
    REQUIRE(lean->commit(prepared(batch)).has_value());
  }
  CHECK(lean->deferred() == static_cast<std::size_t>(k_cases));
  REQUIRE(lean->catch_up().has_value());
  CHECK(lean->deferred() == 0);
  CHECK(projection_texts(lean_backend.dir.file("cases.db")) ==
        projection_texts(eager.dir.file("cases.db")));
  // In memory again afterwards: one more lean commit, caught up by a read.
  const auto more = new_cases(k_cases, k_cases + 3);
  REQUIRE(e->commit(prepared(more)).has_value());
  REQUIRE(lean->commit(prepared(more)).has_value());
  CHECK(lean->deferred() == 3);
  REQUIRE(lean->open_load().has_value());
  CHECK(lean->deferred() == 0);
  CHECK(projection_texts(lean_backend.dir.file("cases.db")) ==
        projection_texts(eager.dir.file("cases.db")));
}

TEST_CASE("a catch-up by another connection is not written again by the writer that committed") {
  // `store verify`, `store rebuild` and the repeat backfill open the file read-write beside the
  // daemon, and opening catches up: the daemon's own catch-up must then find nothing left to write,
  // not its kept rows a second time (a second decisions row fails; a load counted twice is wrong).
  StoreUnderTest eager, lean_backend;
  lean_backend.lean = true;
  auto e = eager.open();
  auto lean = lean_backend.open();
  auto both = [&](const std::vector<Change>& batch) {
    REQUIRE(e->commit(prepared(batch)).has_value());
    REQUIRE(lean->commit(prepared(batch)).has_value());
  };
  auto other_process_catches_up = [&] {
    auto other = lean_backend.open();
    CHECK(other->deferred() == 0);
    CHECK(lean_backend.rows("unprojected") == 0);
  };

  both(new_cases(0, 3));
  REQUIRE(lean->deferred() == 3);
  other_process_catches_up();
  // A commit that writes more than new cases catches up first: nothing is left.
  std::vector<Change> accept;
  accept.emplace_back(CaseEvents{CaseId{1}, {make_event(Accepted{})}});
  both(accept);
  CHECK(lean->deferred() == 0);
  CHECK(projection_texts(lean_backend.dir.file("cases.db")) ==
        projection_texts(eager.dir.file("cases.db")));

  // Caught up elsewhere, then more lean commits: only those are written, from the log.
  both(new_cases(3, 6));
  other_process_catches_up();
  both(new_cases(6, 8));
  CHECK(lean->deferred() == 5);  // what this connection committed since its own last catch-up
  REQUIRE(lean->catch_up().has_value());
  CHECK(lean->deferred() == 0);
  CHECK(lean_backend.rows("unprojected") == 0);
  CHECK(projection_texts(lean_backend.dir.file("cases.db")) ==
        projection_texts(eager.dir.file("cases.db")));
  auto report = lean->verify();
  REQUIRE(report.has_value());
  CHECK(report->ok());
}

TEST_CASE("a read-only connection counts the decisions of cases still waiting for projections") {
  // `tiaojie rules versions` reads beside the daemon, which writes projections only when idle.
  StoreUnderTest backend;
  backend.lean = true;
  auto lean = backend.open();
  // Case i registered i minutes after the first, decided under `version`.
  auto decided_under = [](int from, int to, const char* version) {
    std::vector<Change> batch;
    for (int i = from; i < to; ++i) {
      auto nc = test::new_case("V-" + std::to_string(i));
      for (auto& event : nc.events) event.at += std::chrono::minutes{i};
      std::get<Classified>(nc.events[1].data).classification.rules_version = version;
      batch.emplace_back(std::move(nc));
    }
    return prepared(std::move(batch));
  };
  for (const char* version : {"v-unused", "v1", "v2"})
    REQUIRE(lean->put_rule_set(version, {{"rules.toml", version}}).has_value());
  REQUIRE(lean->commit(decided_under(0, 2, "v1")).has_value());
  REQUIRE(lean->catch_up().has_value());
  REQUIRE(lean->commit(decided_under(2, 3, "v1")).has_value());
  REQUIRE(lean->commit(decided_under(3, 5, "v2")).has_value());
  REQUIRE(lean->deferred() == 3);

  auto reader = SqliteStore::open({.path = backend.dir.file("cases.db"), .read_only = true});
  REQUIRE(reader.has_value());
  auto seen = (*reader)->rule_versions();
  REQUIRE(seen.has_value());
  CHECK(backend.rows("unprojected") == 3);  // the reader wrote nothing
  REQUIRE(lean->catch_up().has_value());
  auto written = lean->rule_versions();
  REQUIRE(written.has_value());
  REQUIRE(written->size() == 3);
  CHECK((*written)[0].version == "v1");
  CHECK((*written)[0].decisions == 3);
  CHECK((*written)[1].version == "v2");
  CHECK((*written)[1].decisions == 2);
  CHECK((*written)[1].first_used < (*written)[1].last_used);
  CHECK((*written)[2].version == "v-unused");
  CHECK((*written)[2].decisions == 0);
  CHECK(!(*written)[2].first_used);
  REQUIRE(seen->size() == written->size());
  for (std::size_t i = 0; i < seen->size(); ++i) {
    CAPTURE((*written)[i].version);
    CHECK((*seen)[i].version == (*written)[i].version);
    CHECK((*seen)[i].decisions == (*written)[i].decisions);
    CHECK((*seen)[i].first_used == (*written)[i].first_used);
    CHECK((*seen)[i].last_used == (*written)[i].last_used);
  }
}

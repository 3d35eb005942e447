// Random legal histories, written through both backends in random batches: the SQLite store and
// the in-memory store must agree case by case, and rebuilding the SQLite tables from the log must
// change nothing (rebuild = fold).
#include <doctest/doctest.h>

#include <random>

#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using namespace tiaojie::lifecycle;
using tiaojie::test::make_event;

namespace {

const char* k_bodies[] = {"b.community.1", "b.community.2", "b.street.1", "b.district"};

// A legal next event for `s`, chosen at random among the kinds the state machine allows.
Event random_event(const CaseState& s, std::mt19937& rng, Timestamp at) {
  std::vector<EventKind> legal;
  for (std::size_t k = 0; k < event_kind_names().size(); ++k) {
    auto kind = static_cast<EventKind>(k);
    if (is_legal(s.status, kind)) legal.push_back(kind);
  }
  REQUIRE_FALSE(legal.empty());
  const auto kind = legal[std::uniform_int_distribution<std::size_t>(0, legal.size() - 1)(rng)];
  auto other_body = [&] {
    for (;;) {
      BodyId b{k_bodies[std::uniform_int_distribution<int>(0, 3)(rng)]};
      if (b != s.body) return b;
    }
  };
  const auto due = shanghai_date(at + std::chrono::days{10});
  Event e = make_event(Accepted{});
  e.at = at;
  e.body = s.body;
  switch (kind) {
    case EventKind::classified:
      e.data = test::classified().data;
      break;
    case EventKind::assigned:
      e = test::assigned(other_body().value);
      e.at = at;
      break;
    // A start event sometimes starts the rule's clock, sometimes provisionally.
    case EventKind::accepted:
      e.data = rng() % 2 == 0 ? Accepted{} : Accepted{due, rng() % 2 == 0 ? 2027 : 0};
      break;
    case EventKind::mediation_started:
      e.data =
          rng() % 2 == 0 ? MediationStarted{} : MediationStarted{due, rng() % 2 == 0 ? 2027 : 0};
      break;
    case EventKind::suspended:
      if (s.suspended_since || !s.due)
        e.data = DueSoon{due};
      else
        e.data = Suspended{"鉴定"};
      break;
    case EventKind::resumed:
      if (s.suspended_since)
        e.data = Resumed{due, 3, rng() % 2 == 0 ? 2027 : 0};
      else
        e.data = DueSoon{due};
      break;
    case EventKind::extended:
      e.data = Extended{"约定延长", "operator:li", 2, due, 0};
      break;
    case EventKind::deadline_changed:
      e.data =
          DeadlineChanged{s.due, rng() % 2 == 0 ? s.due : std::optional(due),
                          s.due_provisional_year, rng() % 2 == 0 ? 2027 : 0, "calendar changed"};
      break;
    case EventKind::resolved:
      e.data = Resolved{"agreed", rng() % 2 == 0};
      break;
    case EventKind::failed:
      e.data = Failed{NextRoute::administrative, "no"};
      break;
    case EventKind::withdrawn:
      e.data = Withdrawn{"gone"};
      break;
    case EventKind::transferred:
      e.data = Transferred{other_body(), "competence", due};
      break;
    case EventKind::escalated:
      e.data = Escalated{other_body(), "overdue", due};
      break;
    case EventKind::due_soon:
      e.data = DueSoon{s.due.value_or(due)};
      break;
    case EventKind::overdue:
      e.data = Overdue{s.due.value_or(due)};
      break;
    case EventKind::supervision_notice:
      e.data = SupervisionNotice{{BodyId{"b.street.1"}, BodyId{"b.district"}}, "late", due};
      break;
    case EventKind::closed:
      e.data = Closed{"done"};
      break;
    case EventKind::feedback:  // refused (skipped) after a failure or withdrawal
      e.data = FeedbackGiven{rng() % 2 == 0 ? Satisfaction::satisfied : Satisfaction::dissatisfied,
                             "phone", ""};
      break;
    case EventKind::reopened:
      e.data = Reopened{"again", due};
      if (s.body.value.empty()) e.body = other_body();
      break;
    default:
      e.data = DueSoon{due};
      break;  // reply clock events need a reply deadline: keep simple
  }
  return e;
}

}  // namespace

TEST_CASE(
    "random histories: SQLite, PostgreSQL and memory agree, verify passes, rebuild changes "
    "nothing") {
  std::mt19937 rng(20261125);
  test::SqliteBackend sqlite_backend;
  test::PostgresBackend postgres_backend;
  auto sqlite = sqlite_backend.open();
  auto postgres = postgres_backend.open();
  // The stores under test, each compared with the memory store (and the test's own model).
  const std::vector<std::pair<std::string, Store*>> durable{{"sqlite", sqlite.get()},
                                                            {"postgresql", postgres.get()}};
  MemoryStore memory;
  std::map<CaseId, CaseState> model;  // what the test itself expects
  Timestamp now = test::at("2026-03-02T09:00:00+08:00");
  int next_key = 0;

  for (int round = 0; round < 60; ++round) {
    std::vector<Change> batch;
    const int size = std::uniform_int_distribution<int>(1, 12)(rng);
    std::map<CaseId, CaseState> pending = model;  // states as this batch leaves them
    for (int i = 0; i < size; ++i) {
      now += std::chrono::minutes{7};
      if (pending.empty() || rng() % 4 == 0) {
        auto nc = test::new_case("R-" + std::to_string(next_key++));
        for (auto& e : nc.events) e.at = now;
        batch.emplace_back(std::move(nc));
        continue;
      }
      auto it = pending.begin();
      std::advance(it, std::uniform_int_distribution<std::size_t>(0, pending.size() - 1)(rng));
      CaseEvents ce{it->first, {}};
      const int n = std::uniform_int_distribution<int>(1, 3)(rng);
      for (int k = 0; k < n; ++k) {
        auto e = random_event(it->second, rng, now);
        // A warning the case already had, or for a date that is not its deadline, is refused
        // at commit (lifecycle::check_warning): skip it.
        if (!check_warning(it->second, e.data)) continue;
        auto next = apply(it->second, e);
        if (!next) continue;  // e.g. a transfer to the current body: skip it
        it->second = *next;
        ce.events.push_back(std::move(e));
      }
      if (!ce.events.empty()) batch.emplace_back(std::move(ce));
    }
    auto b = memory.commit(batch);
    REQUIRE(b.has_value());
    for (const auto& [name, store] : durable) {
      CAPTURE(name);
      auto a = store->commit(batch);
      REQUIRE(a.has_value());
      REQUIRE(a->size() == b->size());
      for (std::size_t i = 0; i < a->size(); ++i) {
        REQUIRE((*a)[i].has_value());
        REQUIRE((*b)[i].has_value());
        CHECK((*a)[i]->case_id == (*b)[i]->case_id);
        CHECK((*a)[i]->state == (*b)[i]->state);
        CHECK((*a)[i]->last_seq == (*b)[i]->last_seq);
      }
    }
    for (const auto& outcome : *b) model[outcome->case_id] = outcome->state;
  }
  REQUIRE(model.size() > 20);
  auto open_b = *memory.open_cases();
  const auto& open_a = open_b;
  for (const auto& [name, store] : durable) {
    CAPTURE(name);
    CHECK(*store->last_seq() == *memory.last_seq());
    CHECK(*store->open_load() == *memory.open_load());
    CHECK(*store->open_cases() == open_b);
  }
  // The lean summaries a restarting daemon reads say what the fold says: SQLite from its cases
  // table and the deadline-bearing events, PostgreSQL from its cases table, memory derived from
  // open_cases().
  for (Store* s : {sqlite.get(), postgres.get(), static_cast<Store*>(&memory)}) {
    CAPTURE(s == sqlite.get());
    CAPTURE(s == postgres.get());
    auto rows = s->open_case_rows();
    REQUIRE(rows.has_value());
    REQUIRE(rows->size() == open_a.size());
    std::map<std::int64_t, OpenCaseRow> by_id;
    for (const auto& r : *rows) by_id[r.id.value] = r;
    for (const auto& st : open_a) {
      REQUIRE(by_id.contains(st.id.value));
      const auto& r = by_id[st.id.value];
      CHECK(r.status == st.status);
      CHECK(r.body == st.body);
      CHECK(r.due == st.due);
      CHECK(r.category == (st.classification ? st.classification->category : std::string()));
    }
    std::vector<OpenCaseDeadlines> all;  // read in slices of 7, as the daemon does
    CaseId after{0};
    for (;;) {
      auto slice = s->open_case_deadlines(after, 7);
      REQUIRE(slice.has_value());
      all.insert(all.end(), slice->begin(), slice->end());
      if (slice->size() < 7) break;
      after = slice->back().id;
    }
    REQUIRE(all.size() == open_a.size());
    int warned = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      const auto& st = open_a[i];
      CHECK(all[i].id == st.id);
      CHECK(all[i].reply_due == st.reply_due);
      CHECK(all[i].due_soon_sent == st.due_soon_sent);
      CHECK(all[i].overdue_sent == st.overdue_sent);
      CHECK(all[i].reply_due_soon_sent == st.reply_due_soon_sent);
      CHECK(all[i].reply_overdue_sent == st.reply_overdue_sent);
      CHECK(all[i].due_provisional_year == st.due_provisional_year);
      CHECK(all[i].period == st.clock_period);
      CHECK(all[i].clock_start == st.clock_start);
      CHECK(all[i].suspended_since == st.suspended_since);
      CHECK(all[i].suspended_units == st.suspended_units);
      CHECK(all[i].extended_units == st.extended_units);
      CHECK(all[i].extensions == st.extensions);
      if (st.classification) CHECK(all[i].rule == st.classification->deadline);
      warned += st.due_soon_sent || st.overdue_sent;
    }
    CHECK(warned > 0);  // the histories exercised the flags
  }
  for (const auto& [name, store] : durable) {
    CAPTURE(name);
    for (const auto& [id, state] : model) {
      auto ra = store->get_case(id);
      REQUIRE(ra.has_value());
      CHECK(ra->state == state);
      CHECK(ra->events == memory.get_case(id)->events);
    }
    auto report = store->verify();
    REQUIRE(report.has_value());
    CHECK(report->differences.empty());
    CHECK(report->ok());
    CHECK(report->cases == static_cast<std::int64_t>(model.size()));
    REQUIRE(store->rebuild().has_value());
    CHECK(store->verify()->ok());
    CHECK(*store->open_load() == *memory.open_load());
  }
  CHECK(memory.verify()->ok());
}

// The store's report view (load_window) against the event fold (load_input): on random legal
// histories over many weeks, written in many commits (so that views are extended across commits,
// and a later commit's events can fall on the instant of an earlier one), both read paths must
// give the same report for every week, on every backend, before and after a rebuild.
#include <doctest/doctest.h>

#include <random>

#include "report/render.hpp"
#include "report/report_fixture.hpp"
#include "report/weekly.hpp"

using namespace tiaojie;
using namespace tiaojie::report;
using namespace tiaojie::lifecycle;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

#define BACKENDS test::MemoryBackend, test::SqliteBackend

namespace {

// Bodies of the mini graph, and one the graph does not know.
const char* const k_bodies[] = {"a1",          "a2",       "b3",       "a.committee",
                                "b.committee", "d.centre", "d.labour", "x.unknown"};
const char* const k_categories[] = {"neighbour", "labour", "other"};

struct Life {
  Dispute dispute;
  std::vector<std::vector<Event>> commits;  // the case's events, as the commits that write them
};

Event make(EventData data, Timestamp at, std::string body = "") {
  return Event{CaseId{}, at, "test", BodyId{std::move(body)}, std::move(data)};
}

// A random legal next event for `s`, or nullopt when the pick does not apply.
std::optional<Event> next_event(const CaseState& s, std::mt19937& rng, Timestamp at) {
  static const EventKind kinds[] = {EventKind::accepted,  EventKind::mediation_started,
                                    EventKind::resolved,  EventKind::failed,
                                    EventKind::withdrawn, EventKind::transferred,
                                    EventKind::escalated, EventKind::supervision_notice,
                                    EventKind::closed,    EventKind::reopened,
                                    EventKind::overdue,   EventKind::assigned};
  const auto kind = kinds[rng() % std::size(kinds)];
  if (!is_legal(s.status, kind)) return std::nullopt;
  const BodyId other{k_bodies[rng() % std::size(k_bodies)]};
  const auto due = shanghai_date(at + days{static_cast<int>(rng() % 40)});
  switch (kind) {
    case EventKind::accepted:
      return make(Accepted{}, at, s.body.value);
    case EventKind::mediation_started:
      return make(MediationStarted{}, at, s.body.value);
    case EventKind::resolved:
      return make(Resolved{"ok", false}, at, s.body.value);
    case EventKind::failed:
      return make(Failed{NextRoute::litigation, "no"}, at, s.body.value);
    case EventKind::withdrawn:
      return make(Withdrawn{"gone"}, at, s.body.value);
    case EventKind::transferred:
      if (other == s.body) return std::nullopt;
      return make(Transferred{other, "competence", rng() % 3 ? std::optional(due) : std::nullopt},
                  at, other.value);
    case EventKind::escalated:
      if (other == s.body) return std::nullopt;
      return make(Escalated{other, "overdue", due}, at, other.value);
    case EventKind::supervision_notice:
      return make(SupervisionNotice{{s.body.value.empty() ? other : s.body}, "late", due}, at,
                  s.body.value);
    case EventKind::closed:
      return make(Closed{"filed"}, at, s.body.value);
    case EventKind::reopened:
      return make(Reopened{"again", due}, at, rng() % 2 ? other.value : "");
    case EventKind::overdue:
      if (!s.due || s.overdue_sent) return std::nullopt;
      return make(Overdue{*s.due}, at, s.body.value);
    case EventKind::assigned: {
      Assignment a;
      a.lead = other;
      return make(Assigned{a}, at, other.value);
    }
    default:
      return std::nullopt;
  }
}

// `count` cases received between 2026-04-01 and 2026-11-20, each living for up to a few months.
std::vector<Life> random_lives(int count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  const Timestamp from = test::at("2026-04-01T00:00:00+08:00");
  std::vector<Life> lives;
  for (int i = 0; i < count; ++i) {
    Life life;
    Dispute& d = life.dispute;
    d.external_id = "G-" + std::to_string(i);
    d.channel = rng() % 3 == 0 ? "hotline_12345" : "walk_in";
    // Whole hours, so that events of different cases often share an instant too.
    d.received_at = from + hours{static_cast<int>(rng() % (234 * 24))};
    if (d.channel == "hotline_12345") d.reply_due = *d.received_at + days{5};
    d.description = "test";
    // The submitted event is written a little after the channel received it, sometimes; one case
    // in ten weeks later (an import of history: the report counts it from its received_at), one
    // in twenty before it (a channel whose clock runs ahead).
    const int lateness = static_cast<int>(rng() % 20);
    Timestamp at = *d.received_at + (lateness == 0  ? -hours{static_cast<int>(rng() % 48)}
                                     : lateness < 3 ? days{static_cast<int>(rng() % 60)}
                                                    : hours{static_cast<int>(rng() % 3)});
    std::vector<Event> events{
        make(Submitted{d.channel, d.external_id, *d.received_at, d.reply_due}, at)};
    if (rng() % 8 != 0) {
      Classification c;
      c.category = k_categories[rng() % std::size(k_categories)];
      events.push_back(make(Classified{c, shanghai_date(at + days{15})}, at));
    }
    if (rng() % 10 != 0) {
      Assignment a;
      a.lead = BodyId{k_bodies[rng() % std::size(k_bodies)]};
      events.push_back(make(Assigned{a}, at, a.lead.value));
    }
    auto state = *fold(events);
    life.commits.push_back(std::move(events));
    const int more = static_cast<int>(rng() % 9);
    for (int k = 0; k < more; ++k) {
      // Same instant (a third of the time), hours, or days later.
      const int gap = static_cast<int>(rng() % 3);
      at += gap == 0   ? hours{0}
            : gap == 1 ? hours{static_cast<int>(rng() % 12)}
                       : days{static_cast<int>(rng() % 20)};
      auto e = next_event(state, rng, at);
      if (!e) continue;
      auto next = apply(state, *e);
      if (!next) continue;
      state = std::move(*next);
      // A new commit, or more events in the same one.
      if (rng() % 2) life.commits.emplace_back();
      life.commits.back().push_back(std::move(*e));
    }
    lives.push_back(std::move(life));
  }
  return lives;
}

// Writes the lives in time order: every case's first commit, then its later ones, interleaved
// across cases by the time of their first event.
void write_lives(store::Store& s, const std::vector<Life>& lives) {
  struct Chunk {
    Timestamp at;
    std::size_t life;
    std::size_t commit;
  };
  std::vector<Chunk> chunks;
  for (std::size_t l = 0; l < lives.size(); ++l) {
    for (std::size_t c = 0; c < lives[l].commits.size(); ++c) {
      if (!lives[l].commits[c].empty()) chunks.push_back({lives[l].commits[c].front().at, l, c});
    }
  }
  std::stable_sort(chunks.begin(), chunks.end(), [](const Chunk& a, const Chunk& b) {
    return a.at != b.at ? a.at < b.at : a.commit < b.commit;
  });
  std::map<std::size_t, CaseId> ids;
  std::vector<store::Change> batch;
  std::vector<std::size_t> batch_new;  // lives whose first commit is in the batch
  const auto flush = [&] {
    if (batch.empty()) return;
    auto r = s.commit(batch);
    REQUIRE(r.has_value());
    std::size_t n = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      REQUIRE((*r)[i].has_value());
      if (std::holds_alternative<store::NewCase>(batch[i])) ids[batch_new[n++]] = (*r)[i]->case_id;
    }
    batch.clear();
    batch_new.clear();
  };
  for (const auto& chunk : chunks) {
    const auto& events = lives[chunk.life].commits[chunk.commit];
    if (chunk.commit == 0) {
      const Dispute& d = lives[chunk.life].dispute;
      batch.emplace_back(store::NewCase{d, dispute_to_json_text(d), events});
      batch_new.push_back(chunk.life);
    } else {
      if (!ids.contains(chunk.life)) flush();  // its case is created in the pending batch
      batch.emplace_back(store::CaseEvents{ids.at(chunk.life), events});
    }
    if (batch.size() >= 7) flush();
  }
  flush();
}

std::string json_of(const ReportInput& input, IsoWeek week) {
  static const auto graph = test::mini_graph();
  const auto rep = compute_weekly(input, graph.get(), {week, {}, {}});
  const auto bad = invariant_violations(rep);
  for (const auto& line : bad) MESSAGE(line);
  CHECK(bad.empty());
  return render(rep, Format::json, Lang::en);
}

void check_paths_agree(store::Store& s) {
  auto all = load_input(s);
  REQUIRE(all.has_value());
  for (IsoWeek w{2026, 14}; w <= IsoWeek{2027, 8}; w = add_weeks(w, 1)) {
    CAPTURE(format_iso_week(w));
    auto window = load_window(s, report_window(w));
    REQUIRE(window.has_value());
    CHECK(window->cases.size() <= all->cases.size());
    CHECK(json_of(*window, w) == json_of(*all, w));
  }
  // One read for several weeks (the daemon catching up) serves each of them.
  const IsoWeek first{2026, 40}, last{2026, 47};
  auto several = load_window(s, {report_window(first).from, report_window(last).to});
  REQUIRE(several.has_value());
  for (IsoWeek w = first; w <= last; w = add_weeks(w, 1)) {
    CAPTURE(format_iso_week(w));
    CHECK(json_of(*several, w) == json_of(*all, w));
  }
}

}  // namespace

TEST_CASE_TEMPLATE(
    "the report view gives the event fold's report for every week of random histories", B,
    BACKENDS) {
  B backend;
  auto s = backend.open();
  const auto lives = random_lives(400, 20261125);
  write_lives(*s, lives);
  auto verified = s->verify();
  REQUIRE(verified.has_value());
  for (const auto& d : verified->differences)
    MESSAGE(d.table << " " << d.key << ": " << d.stored << " / " << d.derived);
  CHECK(verified->ok());
  check_paths_agree(*s);
  REQUIRE(s->rebuild().has_value());
  CHECK(s->verify()->ok());
  check_paths_agree(*s);
}

TEST_CASE_TEMPLATE("a case opened and closed at the same instant is new and closed there", B,
                   BACKENDS) {
  B backend;
  auto s = backend.open();
  const auto id =
      test::open_case(*s, "SAME", "2026-11-18T10:00:00+08:00", "a1", "neighbour", "2026-12-18");
  test::more(*s, id, {test::ev(Withdrawn{"当场和解"}, "2026-11-18T10:00:00+08:00", "a1")});
  // Reopened and resolved again at one instant, too.
  const auto again =
      test::open_case(*s, "AGAIN", "2026-10-01T10:00:00+08:00", "b3", "other", "2026-10-31");
  test::more(
      *s, again,
      {test::ev(Accepted{}, "2026-10-02T10:00:00+08:00", "b3"),
       test::ev(MediationStarted{}, "2026-10-03T10:00:00+08:00", "b3"),
       test::ev(Resolved{"ok", false}, "2026-10-04T10:00:00+08:00", "b3"),
       test::ev(Reopened{"again", parse_date("2026-12-01")}, "2026-11-19T10:00:00+08:00", "b3"),
       test::ev(Accepted{}, "2026-11-19T10:00:00+08:00", "b3"),
       test::ev(MediationStarted{}, "2026-11-19T10:00:00+08:00", "b3"),
       test::ev(Resolved{"ok", false}, "2026-11-19T10:00:00+08:00", "b3")});
  static const auto graph = test::mini_graph();
  for (bool fast : {false, true}) {
    CAPTURE(fast);
    auto input = fast ? load_window(*s, report_window({2026, 47})) : load_input(*s);
    REQUIRE(input.has_value());
    const auto rep = compute_weekly(*input, graph.get(), {{2026, 47}, {}, {}});
    CHECK(rep.total.flows.new_cases == 1);
    CHECK(rep.total.flows.withdrawn == 1);
    CHECK(rep.total.flows.reopened == 1);
    CHECK(rep.total.flows.resolved == 1);
    CHECK(rep.total.flows.open_start == 0);
    CHECK(rep.total.flows.open_end == 0);
    bool a1 = false;
    for (const auto& r : rep.bodies) {
      if (r.key != "a1") continue;
      a1 = true;
      CHECK(r.flows.new_cases == 1);
      CHECK(r.flows.withdrawn == 1);
    }
    CHECK(a1);
    CHECK(invariant_violations(rep).empty());
  }
}

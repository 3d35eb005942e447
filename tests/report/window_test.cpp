// The store's report view (load_window) against the event fold (load_input): on random legal
// histories over many weeks, written in many commits (so that views are extended across commits,
// and a later commit's events can fall on the instant of an earlier one), both read paths must
// give the same report for every week, on every backend, before and after a rebuild.
#include <doctest/doctest.h>

#include <random>

#include "report/random_lives.hpp"
#include "report/render.hpp"
#include "report/report_fixture.hpp"
#include "report/weekly.hpp"

using namespace tiaojie;
using namespace tiaojie::report;
using namespace tiaojie::lifecycle;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using test::Life;
using test::random_lives;

#define BACKENDS test::MemoryBackend, test::SqliteBackend

namespace {

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

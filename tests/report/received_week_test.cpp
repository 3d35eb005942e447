// Reports count a dispute in the week it was received (新收), not the week it was registered: an
// import of three old weeks' work orders, registered at one instant weeks later, lands in those
// weeks (docs/reports.md "Definitions").
#include <doctest/doctest.h>

#include "report/render.hpp"
#include "report/report_fixture.hpp"
#include "report/weekly.hpp"

using namespace tiaojie;
using namespace tiaojie::report;

#define BACKENDS test::MemoryBackend, test::SqliteBackend

namespace {

// The day of the import (2026-W48), and the three weeks it brings in.
constexpr const char* k_imported_at = "2026-11-25T10:00:00+08:00";
const IsoWeek k_old_weeks[] = {{2026, 44}, {2026, 45}, {2026, 46}};
const std::int64_t k_received[] = {3, 5, 2};  // disputes received in each of them

// Commits a dispute received at `received`, registered (submitted, classified, assigned) at
// `registered`; returns its case id.
std::int64_t register_case(store::Store& s, const std::string& ext, Timestamp received,
                           const char* registered) {
  Dispute d;
  d.external_id = ext;
  d.channel = "hotline_12345";
  d.received_at = received;
  d.description = "楼上漏水";
  Classification c;
  c.category = "neighbour";
  c.rules_version = "r1";
  Assignment a;
  a.lead = BodyId{"a1"};
  a.graph_version = "g1";
  std::vector<lifecycle::Event> events{
      test::ev(lifecycle::Submitted{d.channel, ext, received, std::nullopt}, registered),
      test::ev(lifecycle::Classified{c, shanghai_date(received + std::chrono::days{30})},
               registered),
      test::ev(lifecycle::Assigned{a}, registered, "a1")};
  std::vector<store::Change> batch{store::NewCase{d, dispute_to_json_text(d), std::move(events)}};
  auto r = s.commit(batch);
  REQUIRE(r.has_value());
  REQUIRE((*r)[0].has_value());
  return (*r)[0]->case_id.value;
}

// The import: each old week's disputes received on its Tuesday, Wednesday, … at 09:00, all
// registered at k_imported_at; the first of the second week was already settled, and is
// resolved an hour after the import.
void import_three_weeks(store::Store& s) {
  for (std::size_t w = 0; w < std::size(k_old_weeks); ++w) {
    const auto monday = std::chrono::sys_days{week_monday(k_old_weeks[w])};
    for (std::int64_t i = 0; i < k_received[w]; ++i) {
      const auto received =
          shanghai_midnight(CivilDate{monday + std::chrono::days{1 + i}}) + std::chrono::hours{9};
      const auto id = register_case(s, "W" + std::to_string(w) + "-" + std::to_string(i), received,
                                    k_imported_at);
      if (w == 1 && i == 0) {
        const char* settled = "2026-11-25T11:00:00+08:00";
        test::more(s, id,
                   {test::ev(lifecycle::Accepted{}, settled, "a1"),
                    test::ev(lifecycle::MediationStarted{}, settled, "a1"),
                    test::ev(lifecycle::Resolved{"已调解", false}, settled, "a1")});
      }
    }
  }
}

// The week's report through the store's report view, checked against the fold of the log.
WeeklyReport report_of(store::Store& s, IsoWeek week) {
  static const auto graph = test::mini_graph();
  const ReportQuery query{week, {}, test::at("2026-12-01T08:00:00+08:00")};
  auto rep = weekly_report(s, graph.get(), query);
  REQUIRE(rep.has_value());
  auto all = load_input(s);
  REQUIRE(all.has_value());
  auto folded = compute_weekly(*all, graph.get(), query);
  folded.key = rep->key;  // read from the disputes, not from either input
  CHECK(render(*rep, Format::json, Lang::en) == render(folded, Format::json, Lang::en));
  for (const auto& line : invariant_violations(*rep)) FAIL_CHECK(line);
  return *rep;
}

}  // namespace

TEST_CASE_TEMPLATE("an import of three old weeks: each week's 新收 is what was received in it", B,
                   BACKENDS) {
  B backend;
  auto s = backend.open();
  import_three_weeks(*s);

  std::int64_t open = 0;
  for (std::size_t w = 0; w < std::size(k_old_weeks); ++w) {
    CAPTURE(format_iso_week(k_old_weeks[w]));
    const auto rep = report_of(*s, k_old_weeks[w]);
    CHECK(rep.total.flows.open_start == open);
    CHECK(rep.total.flows.new_cases == k_received[w]);
    CHECK(rep.total.flows.closed() == 0);  // what happened to them happened at the import
    open += k_received[w];
    CHECK(rep.total.flows.open_end == open);
    // The twelve-week trend shows the same weeks the same way.
    CHECK(rep.trend.back().flows.new_cases == k_received[w]);
    if (w > 0) CHECK(rep.trend[rep.trend.size() - 2].flows.new_cases == k_received[w - 1]);
  }

  // The week between: nothing new, all ten still open.
  const auto w47 = report_of(*s, IsoWeek{2026, 47});
  CHECK(w47.total.flows.new_cases == 0);
  CHECK(w47.total.flows.open_end == 10);
  // The week of the import registers nothing new; the settled case is resolved in it.
  const auto w48 = report_of(*s, IsoWeek{2026, 48});
  CHECK(w48.total.flows.new_cases == 0);
  CHECK(w48.total.flows.resolved == 1);
  CHECK(w48.total.flows.open_end == 9);
  // Before the oldest week, nothing.
  const auto w43 = report_of(*s, IsoWeek{2026, 43});
  CHECK(w43.total.flows.open_end == 0);
  CHECK(w43.total.flows.new_cases == 0);
}

TEST_CASE_TEMPLATE("a dispute received after it was registered counts from its registration", B,
                   BACKENDS) {
  // A channel whose clock runs ahead: received_at a week after the daemon registered it. The case
  // existed from its registration on, so that is when it is new.
  B backend;
  auto s = backend.open();
  register_case(*s, "AHEAD", test::at("2026-11-18T10:00:00+08:00"), "2026-11-10T10:00:00+08:00");
  CHECK(report_of(*s, IsoWeek{2026, 46}).total.flows.new_cases == 1);
  CHECK(report_of(*s, IsoWeek{2026, 47}).total.flows.new_cases == 0);
}

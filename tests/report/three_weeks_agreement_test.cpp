// The three-week fixture's weekly, monthly and quarterly reports agree on what they share
// (three_weeks.md): June is weeks 23–26 and a quiet tail (nothing happens on 29–30 June and no
// deadline falls then), the second quarter is April, May and June; every row's flows, repeats and
// ratings add up, the open and overdue cases at the ends match, and each body's handling times
// are its weeks' taken together. The report view gives what the fold of every event gives.
#include <doctest/doctest.h>

#include "report/agreement.hpp"
#include "report/render.hpp"
#include "report/three_weeks_fixture.hpp"

using namespace tiaojie;
using tiaojie::test::k_june;
using tiaojie::test::k_q2;
using namespace tiaojie::report;
using test::three_weeks_report;

namespace {

const std::vector<Period> k_june_weeks{IsoWeek{2026, 23}, IsoWeek{2026, 24}, IsoWeek{2026, 25},
                                       IsoWeek{2026, 26}};

}  // namespace

TEST_CASE("three weeks: June is its weeks, the quarter its months") {
  test::check_agree(three_weeks_report, k_june, k_june_weeks);
  test::check_agree(
      three_weeks_report, k_q2,
      {Period{PeriodKind::month, 2026, 4}, Period{PeriodKind::month, 2026, 5}, k_june});
  // The week after the three holds only F21 (received Mon 06-22 00:00:00): the edge case.
  const auto w26 = three_weeks_report(IsoWeek{2026, 26});
  CHECK(w26.total.flows.new_cases == 1);
  CHECK(w26.total.flows.closed() == 0);
  // The three weeks' intake is June's less the edge case.
  std::int64_t intake = 0;
  for (unsigned w = 23; w <= 25; ++w)
    intake += three_weeks_report(IsoWeek{2026, w}).total.flows.new_cases;
  CHECK(intake == 18);
  CHECK(three_weeks_report(k_june).total.flows.new_cases == intake + 1);
}

TEST_CASE("three weeks: each body's handling times in the month are its weeks'") {
  const auto june = three_weeks_report(k_june);
  std::map<std::string, std::pair<std::int64_t, double>> weeks;  // body: cases, days
  for (const auto& p : k_june_weeks) {
    for (const auto& r : three_weeks_report(p).handling.bodies) {
      weeks[r.key].first += r.current.cases;
      if (r.current.mean)
        weeks[r.key].second += *r.current.mean * static_cast<double>(r.current.cases);
    }
  }
  REQUIRE(june.handling.bodies.size() == 7);    // a.committee a.police a1 a2 b3 d.centre d.labour
  for (const auto& r : june.handling.bodies) {  // …and nothing else
    CAPTURE(r.key);
    CHECK(r.current.cases == weeks[r.key].first);
    REQUIRE(r.current.mean.has_value());
    CHECK(*r.current.mean * static_cast<double>(r.current.cases) ==
          doctest::Approx(weeks[r.key].second));
  }
  // A body with one resolution has the same figure in every report: F09 (d.labour) 10 days.
  const auto w25 = three_weeks_report(IsoWeek{2026, 25});
  for (const auto* rep : {&w25, &june}) {
    const auto it = std::find_if(rep->handling.bodies.begin(), rep->handling.bodies.end(),
                                 [](const HandlingRow& r) { return r.key == "d.labour"; });
    REQUIRE(it != rep->handling.bodies.end());
    CHECK(it->current.median == 10);
  }
  CHECK(three_weeks_report(k_q2).handling.bodies.size() == june.handling.bodies.size());
}

TEST_CASE("three weeks: the report view gives what the fold of every event gives") {
  static const auto graph = test::mini_graph();
  auto& store = test::three_weeks_store();
  auto all = load_input(store);
  REQUIRE(all.has_value());
  for (const Period p : {Period{IsoWeek{2026, 23}}, Period{IsoWeek{2026, 24}},
                         Period{IsoWeek{2026, 25}}, k_june, k_q2}) {
    CAPTURE(format_period(p));
    const auto query = test::three_weeks_query(p);
    auto window = load_window(store, report_window(p));
    REQUIRE(window.has_value());
    CHECK(render_json(compute_weekly(*window, graph.get(), query), Lang::zh) ==
          render_json(compute_weekly(*all, graph.get(), query), Lang::zh));
  }
}

// Weekly, monthly and quarterly reports are one computation: on the weeks they share they must
// agree. 2024's first and second quarters are thirteen ISO weeks each (1 January and 1 April 2024
// are Mondays, 31 March and 30 June Sundays), and February 2027 is four (2027-W05 … W08): for
// those, every row's inflows and outflows are the sums of its weeks', its open cases at the start
// are its first week's, its open and overdue cases at the end its last week's, and the handling
// times are its weeks' taken together. On random legal histories (random_lives.hpp).
#include <doctest/doctest.h>

#include "report/agreement.hpp"
#include "report/random_lives.hpp"
#include "report/weekly.hpp"

using namespace tiaojie;
using namespace tiaojie::report;

namespace {

ReportInput input_of(const std::vector<test::Life>& lives) {
  InputBuilder builder;
  std::int64_t id = 0;
  for (const auto& life : lives) {
    std::vector<lifecycle::Event> events;
    for (const auto& commit : life.commits)
      events.insert(events.end(), commit.begin(), commit.end());
    REQUIRE(builder.add_case(++id, events).has_value());
  }
  return std::move(builder).finish(0);
}

WeeklyReport report_of(const ReportInput& input, Period period) {
  static const auto graph = test::mini_graph();
  return compute_weekly(input, graph.get(), ReportQuery{period});
}

// The weeks from `first` on, `n` of them.
std::vector<Period> weeks(IsoWeek first, int n) {
  std::vector<Period> out;
  for (int i = 0; i < n; ++i) out.emplace_back(add_weeks(first, i));
  return out;
}

void check_agree(const ReportInput& input, Period whole, IsoWeek first, int n) {
  test::check_agree([&](Period p) { return report_of(input, p); }, whole, weeks(first, n));
}

}  // namespace

TEST_CASE("weekly, monthly and quarterly reports agree on the weeks they share") {
  const auto y2024 = input_of(test::random_lives(400, 17, "2023-11-01T00:00:00+08:00", 300));
  check_agree(y2024, Period{PeriodKind::quarter, 2024, 1}, IsoWeek{2024, 1}, 13);
  check_agree(y2024, Period{PeriodKind::quarter, 2024, 2}, IsoWeek{2024, 14}, 13);
  const auto y2027 = input_of(test::random_lives(300, 29, "2026-11-01T00:00:00+08:00", 150));
  check_agree(y2027, Period{PeriodKind::month, 2027, 2}, IsoWeek{2027, 5}, 4);
  // The monthly trend's months are the monthly reports' totals.
  const auto march = report_of(y2027, Period{PeriodKind::month, 2027, 3});
  const auto feb = report_of(y2027, Period{PeriodKind::month, 2027, 2});
  REQUIRE(march.trend.size() == 12);
  CHECK(march.trend[10].period == Period{PeriodKind::month, 2027, 2});
  CHECK(march.trend[10].flows == feb.total.flows);
  CHECK(march.total.previous_open_end == feb.total.flows.open_end);
}

// Weekly, monthly and quarterly reports are one computation: on the weeks they share they must
// agree. 2024's first and second quarters are thirteen ISO weeks each (1 January and 1 April 2024
// are Mondays, 31 March and 30 June Sundays), and February 2027 is four (2027-W05 … W08): for
// those, every row's inflows and outflows are the sums of its weeks', its open cases at the start
// are its first week's, its open and overdue cases at the end its last week's, and the handling
// times are its weeks' taken together. On random legal histories (random_lives.hpp).
#include <doctest/doctest.h>

#include <map>

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

Flows add(Flows a, const Flows& b) {
  a.new_cases += b.new_cases;
  a.reopened += b.reopened;
  a.transferred_in += b.transferred_in;
  a.transferred_out += b.transferred_out;
  a.escalated_in += b.escalated_in;
  a.escalated_out += b.escalated_out;
  a.resolved += b.resolved;
  a.failed += b.failed;
  a.withdrawn += b.withdrawn;
  a.supervision_notices += b.supervision_notices;
  return a;
}

// Rows of a table by key.
std::map<std::string, const UnitRow*> by_key(const std::vector<UnitRow>& rows) {
  std::map<std::string, const UnitRow*> out;
  for (const auto& r : rows) out[r.key] = &r;
  return out;
}

void check_agree(const ReportInput& input, Period whole, IsoWeek first, int weeks) {
  CAPTURE(format_period(whole));
  const auto big = report_of(input, whole);
  std::vector<WeeklyReport> parts;
  for (int i = 0; i < weeks; ++i) parts.push_back(report_of(input, add_weeks(first, i)));
  REQUIRE(big.start == parts.front().start);
  REQUIRE(big.end == parts.back().end);

  const auto check_rows = [&](const char* table, auto rows_of) {
    CAPTURE(table);
    std::map<std::string, Flows> summed;
    std::map<std::string, std::int64_t> open_start, open_end, overdue;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      for (const auto& [key, r] : by_key(rows_of(parts[i]))) {
        summed[key] = add(summed[key], r->flows);
        if (i == 0) open_start[key] = r->flows.open_start;
        if (i + 1 == parts.size()) {
          open_end[key] = r->flows.open_end;
          overdue[key] = r->backlog.overdue_mediation + r->backlog.overdue_hotline;
        }
      }
    }
    const auto whole_rows = by_key(rows_of(big));
    for (const auto& [key, r] : whole_rows) {
      CAPTURE(key);
      Flows expected = summed[key];
      expected.open_start = open_start[key];
      expected.open_end = open_end[key];
      CHECK(r->flows == expected);
      CHECK(r->backlog.overdue_mediation + r->backlog.overdue_hotline == overdue[key]);
    }
    // A row with a flow in any week is a row of the whole period too.
    for (const auto& [key, f] : summed) {
      if (!(f == Flows{})) CHECK(whole_rows.contains(key));
    }
  };
  check_rows("total", [](const WeeklyReport& r) { return std::vector<UnitRow>{r.total}; });
  check_rows("levels", [](const WeeklyReport& r) { return r.levels; });
  check_rows("streets", [](const WeeklyReport& r) { return r.streets; });
  check_rows("bodies", [](const WeeklyReport& r) { return r.bodies; });
  check_rows("categories", [](const WeeklyReport& r) { return r.categories; });
  check_rows("channels", [](const WeeklyReport& r) { return r.channels; });

  // The whole period's trend point is its total; its handling times are its weeks' together.
  CHECK(big.trend.back().flows == big.total.flows);
  std::int64_t resolved = 0;
  double days = 0;
  for (const auto& w : parts) {
    resolved += w.handling.total.current.cases;
    if (w.handling.total.current.mean)
      days += *w.handling.total.current.mean * static_cast<double>(w.handling.total.current.cases);
  }
  CHECK(big.handling.total.current.cases == resolved);
  if (resolved > 0)
    CHECK(*big.handling.total.current.mean ==
          doctest::Approx(days / static_cast<double>(resolved)));
  CHECK(invariant_violations(big).empty());
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

// Weekly, monthly and quarterly reports are one computation: on the periods they share they must
// agree. check_agree compares the report of a month or quarter with those of the periods that tile
// it: every row's inflows, outflows, repeats and ratings are the sums of its parts', its open cases
// at the start its first part's, its open and overdue cases at the end its last part's, its trend
// point its total, and its handling times its parts' taken together. Used by
// period_agreement_test.cpp (random histories) and three_weeks_agreement_test.cpp (the hand-made
// fixture, which has repeats and ratings).
#pragma once

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "report/weekly.hpp"

namespace tiaojie::test {

using report::Flows;
using report::Period;
using report::UnitRow;
using report::WeeklyReport;

inline Flows add(Flows a, const Flows& b) {
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
  a.repeats += b.repeats;
  a.satisfied += b.satisfied;
  a.basically_satisfied += b.basically_satisfied;
  a.dissatisfied += b.dissatisfied;
  return a;
}

// Rows of a table by key.
inline std::map<std::string, const UnitRow*> by_key(const std::vector<UnitRow>& rows) {
  std::map<std::string, const UnitRow*> out;
  for (const auto& r : rows) out[r.key] = &r;
  return out;
}

// Checks that the report of `whole` agrees with those of `periods`, which must tile it (weeks of
// a month or quarter, months of a quarter) or tile it but for a quiet tail, each made by
// `report_of`.
inline void check_agree(const std::function<WeeklyReport(Period)>& report_of, Period whole,
                        const std::vector<Period>& periods) {
  CAPTURE(format_period(whole));
  const auto big = report_of(whole);
  std::vector<WeeklyReport> parts;
  for (const auto& p : periods) parts.push_back(report_of(p));
  REQUIRE(big.start == parts.front().start);
  // The parts may stop short of the whole's end when nothing happens in between (June's weeks
  // end on the 28th): then every check below still holds, and fails if something did happen.
  REQUIRE(parts.back().end <= big.end);

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

}  // namespace tiaojie::test

// Periods of the monthly and quarterly reports (report/period.hpp), their schedule
// (report/schedule.hpp) and issue numbers (options.hpp), with "now" always given.
#include "report/period.hpp"

#include <doctest/doctest.h>

#include "report/options.hpp"
#include "report/report_fixture.hpp"
#include "report/schedule.hpp"

using namespace tiaojie;
using namespace tiaojie::report;
using test::at;

namespace {
const Period k_nov{PeriodKind::month, 2026, 11};
const Period k_q4{PeriodKind::quarter, 2026, 4};
}  // namespace

TEST_CASE("months and quarters are parsed, written and bounded in Asia/Shanghai") {
  CHECK(parse_period(PeriodKind::month, "2026-11").value() == k_nov);
  CHECK(parse_period(PeriodKind::quarter, "2026-Q4").value() == k_q4);
  CHECK(parse_period(PeriodKind::quarter, "2026-q4").value() == k_q4);
  CHECK(parse_period(PeriodKind::week, "2026-W48").value() == Period{IsoWeek{2026, 48}});
  for (const char* bad : {"2026-13", "2026-00", "2026-1", "2026/11", "26-11", "2026-Q5", "2026-Q0"})
    CHECK_FALSE(parse_any_period(bad).has_value());
  CHECK(parse_any_period("2026-Q2").value() == Period{PeriodKind::quarter, 2026, 2});
  CHECK(parse_any_period("2026-W01").value() == Period{IsoWeek{2026, 1}});
  CHECK(format_period(k_nov) == "2026-11");
  CHECK(format_period(k_q4) == "2026-Q4");
  CHECK(format_period(IsoWeek{2026, 1}) == "2026-W01");

  CHECK(period_start(k_nov) == at("2026-11-01T00:00:00+08:00"));
  CHECK(period_end(k_nov) == at("2026-12-01T00:00:00+08:00"));
  CHECK(period_start(k_q4) == at("2026-10-01T00:00:00+08:00"));
  CHECK(period_end(k_q4) == at("2027-01-01T00:00:00+08:00"));
  CHECK(period_last_day(Period{PeriodKind::month, 2028, 2}) == *parse_date("2028-02-29"));
  CHECK(add_periods(k_nov, 2) == Period{PeriodKind::month, 2027, 1});
  CHECK(add_periods(k_nov, -11) == Period{PeriodKind::month, 2025, 12});
  CHECK(add_periods(k_q4, 1) == Period{PeriodKind::quarter, 2027, 1});
  CHECK(add_periods(k_q4, -4) == Period{PeriodKind::quarter, 2025, 4});
  CHECK(period_of(PeriodKind::quarter, *parse_date("2026-08-31")) ==
        Period{PeriodKind::quarter, 2026, 3});
  // 2026-12-01 00:30 Shanghai is still 30 November in UTC: the month is December's.
  CHECK(last_complete_period(PeriodKind::month, at("2026-12-01T00:30:00+08:00")) == k_nov);
  CHECK(last_complete_period(PeriodKind::month, at("2026-11-30T23:59:00+08:00")) ==
        Period{PeriodKind::month, 2026, 10});
  CHECK(last_complete_period(PeriodKind::quarter, at("2027-01-01T08:00:00+08:00")) == k_q4);
  CHECK(trend_length(PeriodKind::week) == 12);
  CHECK(trend_length(PeriodKind::month) == 12);
  CHECK(trend_length(PeriodKind::quarter) == 4);
}

TEST_CASE("a month's report is due on the 1st at the schedule's time, and missed ones caught up") {
  WeeklySchedule s;  // Monday 08:00; months and quarters take its time of day
  CHECK(release_time(k_nov, s) == at("2026-12-01T08:00:00+08:00"));
  CHECK(release_time(k_q4, s) == at("2027-01-01T08:00:00+08:00"));
  CHECK(due_periods(PeriodKind::month, std::nullopt, at("2026-12-01T07:59:00+08:00"), s) ==
        std::vector<Period>{Period{PeriodKind::month, 2026, 10}});
  CHECK(due_periods(PeriodKind::month, std::nullopt, at("2026-12-01T08:00:00+08:00"), s) ==
        std::vector<Period>{k_nov});
  CHECK(due_periods(PeriodKind::month, Period{PeriodKind::month, 2026, 8},
                    at("2026-12-03T10:00:00+08:00"), s) ==
        std::vector<Period>{{PeriodKind::month, 2026, 9}, {PeriodKind::month, 2026, 10}, k_nov});
  CHECK(due_periods(PeriodKind::month, k_nov, at("2026-12-03T10:00:00+08:00"), s).empty());
  CHECK(due_periods(PeriodKind::quarter, Period{PeriodKind::quarter, 2026, 3},
                    at("2026-12-03T10:00:00+08:00"), s)
            .empty());
  CHECK(next_release(PeriodKind::month, at("2026-12-03T10:00:00+08:00"), s) ==
        at("2027-01-01T08:00:00+08:00"));
  CHECK(next_release(PeriodKind::quarter, at("2026-12-03T10:00:00+08:00"), s) ==
        at("2027-01-01T08:00:00+08:00"));
}

TEST_CASE("months and quarters are numbered by their number, or from the first issue") {
  ReportOptions o;
  CHECK(issue_number(o, k_nov) == 11);
  CHECK(issue_number(o, k_q4) == 4);
  CHECK(issue_number(o, IsoWeek{2026, 48}) == 48);
  o.first_issue = IsoWeek{2026, 10};  // Monday 2026-03-02: March, the first quarter
  CHECK(issue_number(o, k_nov) == 9);
  CHECK(issue_number(o, Period{PeriodKind::month, 2026, 2}) == std::nullopt);
  CHECK(issue_number(o, k_q4) == 4);
  CHECK(issue_number(o, Period{PeriodKind::quarter, 2027, 1}) == 5);
  CHECK(issue_number(o, IsoWeek{2026, 48}) == 39);
}

// The worked examples of docs/calendar.md, each computed by hand from the articles it cites
// (民法典 arts. 201–203 and the law of each kind of dispute) over the shipped 2025 and 2026
// calendar files. A row changed here is a row changed there.
#include <doctest/doctest.h>

#include "lifecycle/calendar_fixture.hpp"
#include "lifecycle/deadline.hpp"
#include "lifecycle/event_builders.hpp"

using namespace tiaojie;
using namespace tiaojie::lifecycle;
using tiaojie::test::at;
using tiaojie::test::date;

namespace {

Deadline period(int n, DayCount count, DeadlineStart from = DeadlineStart::received) {
  Deadline d;
  d.days = n;
  d.count = count;
  d.from = from;
  return d;
}

std::string end_from(const char* start, const Deadline& d) {
  auto r = period_end(test::shipped_calendar(), date(start), d);
  REQUIRE(r.has_value());
  return format_date(*r);
}

}  // namespace

TEST_CASE(
    "labour (劳动争议调解仲裁法 art. 14): received Tue 2025-09-30 18:00, 15 days -> Wed "
    "2025-10-15") {
  // Start day 30 Sep whatever the hour (art. 201); day 1 is 1 Oct; day 15 is 15 Oct, a working day
  // (the National Day holiday is 1–8 Oct). The office-hours shift gave 24 Oct: nine days late.
  const Deadline labour = period(15, DayCount::calendar);
  auto due = due_date(test::shipped_calendar(), at("2025-09-30T18:00:00+08:00"), labour);
  REQUIRE(due.has_value());
  CHECK(format_date(*due) == "2025-10-15");
}

TEST_CASE(
    "medical (医疗纠纷预防和处理条例 art. 38): accepted Fri 2026-02-13, 30 working days -> Thu "
    "2026-04-02") {
  // Sat 14 Feb (make-up) is working day 1; 15–23 Feb are off; 24–27 Feb are 2–5; Sat 28 Feb
  // (make-up) is 6; 2–6 Mar 7–11, 9–13 Mar 12–16, 16–20 Mar 17–21, 23–27 Mar 22–26, 30–31 Mar
  // 27–28, 1 Apr 29, Thu 2 Apr 30.
  const Deadline medical = period(30, DayCount::working, DeadlineStart::accepted);
  CHECK(end_from("2026-02-13", medical) == "2026-04-02");
  // Both make-up Saturdays count: without them the 30th working day would be two later.
  CHECK(*working_days_between(test::shipped_calendar(), date("2026-02-13"), date("2026-04-02")) ==
        30);
}

TEST_CASE("one month (人民调解工作若干规定 art. 33, 民法典 art. 202)") {
  const Deadline month = period(1, DayCount::months);
  // Jan 31 has no corresponding day in February: the month's last day, Sat 28 Feb 2026, which is
  // a make-up working day, so it stands.
  CHECK(format_date(add_months(date("2026-01-31"), 1)) == "2026-02-28");
  CHECK(end_from("2026-01-31", month) == "2026-02-28");
  // From 31 Dec 2025: Sat 31 Jan 2026, a rest day -> Mon 2 Feb (art. 203).
  CHECK(end_from("2025-12-31", month) == "2026-02-02");
  // From Sat 17 Jan 2026: Tue 17 Feb, inside the Spring Festival -> Tue 24 Feb.
  CHECK(end_from("2026-01-17", month) == "2026-02-24");
  // One month is not 30 days: from 2026-03-01, 1 April (Wed); 30 days would be 31 March.
  CHECK(end_from("2026-03-01", month) == "2026-04-01");
  CHECK(end_from("2026-03-01", period(30, DayCount::calendar)) == "2026-03-31");
  // Leap years: one month from 2028-01-30 ends 2028-02-29 (a date only, no calendar consulted).
  CHECK(format_date(add_months(date("2028-01-30"), 1)) == "2028-02-29");
  CHECK(format_date(add_months(date("2026-08-31"), 6)) == "2027-02-28");
  // On the provisional calendar (no 2026 file) Sat 28 Feb is an ordinary Saturday: Mon 2 Mar.
  WorkingCalendar only_2025;
  CalendarYear y2025;
  y2025.year = 2025;
  y2025.source = "fixture: weekends only";
  REQUIRE(only_2025.add_year(y2025).has_value());
  only_2025.set_provisional_fallback(true);
  CHECK(format_date(*period_end(only_2025, date("2026-01-31"), month)) == "2026-03-02");
}

TEST_CASE("petitions (信访工作条例 arts. 22 and 34) across the 2026 Spring Festival") {
  // Routing: received Mon 2 Feb 2026, 15 days -> Tue 17 Feb, a holiday -> Tue 24 Feb.
  Deadline petition = period(60, DayCount::calendar, DeadlineStart::accepted);
  petition.routing_days = 15;
  auto routing = routing_period(petition);
  REQUIRE(routing.has_value());
  CHECK(end_from("2026-02-02", *routing) == "2026-02-24");
  // Conclusion: accepted Fri 19 Dec 2025, 60 days -> Tue 17 Feb 2026 (12 days of December, 31 of
  // January, 17 of February), a holiday -> Tue 24 Feb.
  CHECK(end_from("2025-12-19", petition) == "2026-02-24");
  // Accepted Fri 13 Feb, the working day before the festival: 60 days -> Tue 14 Apr.
  CHECK(end_from("2026-02-13", petition) == "2026-04-14");
  // A rule that counts from receipt has no routing period.
  CHECK_FALSE(routing_period(period(15, DayCount::calendar)).has_value());
}

TEST_CASE(
    "traffic (道路交通安全法实施条例 art. 95, 程序规定 art. 90): mediation started the day before "
    "National Day") {
  const Deadline traffic = period(10, DayCount::calendar, DeadlineStart::mediation_started);
  // Started Wed 30 Sep 2026: day 10 is Sat 10 Oct, a make-up working day: it stands.
  CHECK(end_from("2026-09-30", traffic) == "2026-10-10");
  // Started Thu 24 Sep 2026 (the day before Mid-Autumn): Sun 4 Oct, inside National Day -> Thu 8
  // Oct.
  CHECK(end_from("2026-09-24", traffic) == "2026-10-08");
  // Started Tue 30 Sep 2025: Fri 10 Oct 2025, after the 1–8 Oct holiday.
  CHECK(end_from("2025-09-30", traffic) == "2025-10-10");
}

TEST_CASE(
    "medical appraisal (鉴定) is not counted: suspended 12 days, the due date moves by its working "
    "days") {
  const Deadline medical = period(30, DayCount::working, DeadlineStart::accepted);
  const auto& cal = test::shipped_calendar();
  // Accepted Fri 13 Feb 2026 (due Thu 2 Apr); appraisal from Mon 2 Mar to Sat 14 Mar: 12 days,
  // of which 3–6 and 9–13 Mar are working days: 9.
  auto units = suspended_units(cal, medical, date("2026-03-02"), date("2026-03-14"));
  REQUIRE(units.has_value());
  CHECK(*units == 9);
  // The 39th working day after 13 Feb: 3 Apr is the 31st, 4–6 Apr (Qingming) are off, 7–10 Apr
  // the 32nd–35th, 13–16 Apr the 36th–39th.
  auto due = period_end(cal, date("2026-02-13"), medical, *units);
  REQUIRE(due.has_value());
  CHECK(format_date(*due) == "2026-04-16");
  // A calendar-day period counts the suspended days themselves.
  CHECK(*suspended_units(cal, period(60, DayCount::calendar), date("2026-03-02"),
                         date("2026-03-14")) == 12);
}

TEST_CASE("a petition extended by 30 days (信访工作条例 art. 34)") {
  Deadline petition = period(60, DayCount::calendar, DeadlineStart::accepted);
  // Accepted Fri 13 Feb 2026: 60 days end Tue 14 Apr; 90 end Thu 14 May.
  auto due = period_end(test::shipped_calendar(), date("2026-02-13"), petition, 30);
  REQUIRE(due.has_value());
  CHECK(format_date(*due) == "2026-05-14");
}

#include "lifecycle/deadline.hpp"

#include <doctest/doctest.h>

#include "lifecycle/calendar_fixture.hpp"
#include "lifecycle/event_builders.hpp"

using namespace tiaojie;
using namespace tiaojie::lifecycle;
using tiaojie::test::at;
using tiaojie::test::date;

namespace {

std::string due(const char* received, int days, DayCount count) {
  auto r = due_date(test::shipped_calendar(), at(received), Deadline{days, count});
  REQUIRE(r.has_value());
  return format_date(*r);
}

}  // namespace

TEST_CASE("domain.md's worked example: 10 working days from Friday 2026-02-13 end on 2026-03-05") {
  const auto& cal = test::shipped_calendar();
  CHECK(format_date(*add_working_days(cal, date("2026-02-13"), 1)) == "2026-02-14");  // make-up Sat
  CHECK(format_date(*add_working_days(cal, date("2026-02-13"), 2)) == "2026-02-24");
  CHECK(format_date(*add_working_days(cal, date("2026-02-13"), 6)) == "2026-02-28");  // make-up Sat
  CHECK(format_date(*add_working_days(cal, date("2026-02-13"), 10)) == "2026-03-05");
  CHECK(due("2026-02-13T10:00:00+08:00", 10, DayCount::working) == "2026-03-05");
  CHECK(*working_days_between(cal, date("2026-02-13"), date("2026-03-05")) == 10);
  CHECK(format_date(*subtract_working_days(cal, date("2026-03-05"), 10)) == "2026-02-13");
}

TEST_CASE(
    "working days across National Day 2026 count Sun 20 Sep and Sat 10 Oct, skip 25–27 Sep and 1–7 "
    "Oct") {
  // From Fri 18 Sep: Sun 20 (1), 21–24 (2–5), 28–30 (6–8), Thu 8 Oct (9), Fri 9 (10), Sat 10 (11).
  CHECK(due("2026-09-18T09:00:00+08:00", 10, DayCount::working) == "2026-10-09");
  CHECK(due("2026-09-18T09:00:00+08:00", 11, DayCount::working) == "2026-10-10");
  CHECK(due("2026-09-18T09:00:00+08:00", 12, DayCount::working) == "2026-10-12");
  // 30 working days for a medical dispute accepted on Mon 14 Sep 2026: the 15th is Sat 10 Oct,
  // the 30th Fri 30 Oct.
  CHECK(due("2026-09-14T09:00:00+08:00", 15, DayCount::working) == "2026-10-10");
  CHECK(due("2026-09-14T09:00:00+08:00", 30, DayCount::working) == "2026-10-30");
}

TEST_CASE("calendar-day deadlines count every day but never end on a rest day") {
  // 15 days from Mon 2 Mar 2026: Tue 17 Mar.
  CHECK(due("2026-03-02T10:00:00+08:00", 15, DayCount::calendar) == "2026-03-17");
  // 15 days from Fri 30 Jan 2026 land on Sat 14 Feb, a make-up working day: it stays.
  CHECK(due("2026-01-30T10:00:00+08:00", 15, DayCount::calendar) == "2026-02-14");
  // 15 days from Mon 2 Feb land on Tue 17 Feb, inside the Spring Festival: moved to Tue 24 Feb.
  CHECK(due("2026-02-02T10:00:00+08:00", 15, DayCount::calendar) == "2026-02-24");
  // An ordinary Saturday moves to Monday: 15 days from Fri 13 Mar is Sat 28 Mar → Mon 30 Mar.
  CHECK(due("2026-03-13T10:00:00+08:00", 15, DayCount::calendar) == "2026-03-30");
}

TEST_CASE(
    "the start day is the date of receipt whatever the hour, day 1 is the next day (art. 201)") {
  // Received on a holiday: Sun 15 Feb 2026 (Spring Festival) is the start day, day 1 is Mon 16 Feb.
  CHECK(due("2026-02-15T10:00:00+08:00", 15, DayCount::calendar) == "2026-03-02");
  // Working days: the first working day after Sun 15 Feb is Tue 24 Feb.
  CHECK(due("2026-02-15T10:00:00+08:00", 1, DayCount::working) == "2026-02-24");
  // 24–27 Feb, Sat 28 Feb (make-up), 2–6 Mar: the 10th working day is Fri 6 Mar.
  CHECK(due("2026-02-15T10:00:00+08:00", 10, DayCount::working) == "2026-03-06");
  // Received on an ordinary Saturday: the next working day is Monday.
  CHECK(due("2026-03-07T11:00:00+08:00", 1, DayCount::working) == "2026-03-09");
  // After office hours changes nothing: Fri 13 Feb 18:00 counts like Fri 13 Feb 10:00.
  CHECK(due("2026-02-13T18:00:00+08:00", 10, DayCount::working) == "2026-03-05");
  CHECK(due("2026-02-13T23:59:59+08:00", 10, DayCount::working) == "2026-03-05");
  // The date is Shanghai's: 2026-02-13T16:30Z is Sat 14 Feb 00:30 in Shanghai (a make-up working
  // day), so day 1 is Tue 24 Feb.
  CHECK(due("2026-02-13T16:30:00Z", 1, DayCount::working) == "2026-02-24");
  CHECK(due("2026-02-13T15:59:59Z", 1, DayCount::working) == "2026-02-14");
}

TEST_CASE(
    "a strict calendar refuses a year it has no file for, the provisional fallback counts it "
    "Monday–Friday") {
  auto r = due_date(test::shipped_calendar(), at("2026-12-20T10:00:00+08:00"),
                    Deadline{30, DayCount::working});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::not_found);
  auto neg = due_date(test::shipped_calendar(), at("2026-03-02T10:00:00+08:00"),
                      Deadline{-1, DayCount::working});
  CHECK(neg.error().code == ErrorCode::invalid_input);

  WorkingCalendar provisional = test::shipped_calendar();
  provisional.set_provisional_fallback(true);
  // 15 days from Mon 21 Dec 2026: Tue 5 Jan 2027, a weekday on the provisional calendar.
  auto p = due_date(provisional, at("2026-12-21T10:00:00+08:00"), Deadline{15, DayCount::calendar});
  REQUIRE(p.has_value());
  CHECK(format_date(*p) == "2027-01-05");
  CHECK(missing_year(provisional, date("2026-12-21"), *p) == 2027);
  CHECK_FALSE(missing_year(provisional, date("2026-12-01"), date("2026-12-31")).has_value());
  CHECK(provisional_reason(2027).find("config/calendar/2027.toml") != std::string::npos);
  // 12 days land on Sat 2 Jan 2027: a rest day on the provisional calendar, so Mon 4 Jan.
  CHECK(format_date(*due_date(provisional, at("2026-12-21T10:00:00+08:00"),
                              Deadline{12, DayCount::calendar})) == "2027-01-04");
}

TEST_CASE("a case is overdue from the midnight after its due date") {
  CHECK(format_timestamp(overdue_at(date("2026-03-05"))) == "2026-03-06T00:00:00+08:00");
}

TEST_CASE("the latest due date overdue at an instant follows overdue_at") {
  // Just before and at the midnight that ends 5 March (Asia/Shanghai).
  CHECK(format_date(last_overdue_due(at("2026-03-05T23:59:59+08:00"))) == "2026-03-04");
  CHECK(format_date(last_overdue_due(at("2026-03-06T00:00:00+08:00"))) == "2026-03-05");
  // 16:30 UTC on 5 March is already 6 March in Shanghai.
  CHECK(format_date(last_overdue_due(at("2026-03-05T16:30:00Z"))) == "2026-03-05");
  for (const char* t : {"2026-03-05T12:00:00+08:00", "2026-12-31T23:59:59+08:00"}) {
    const auto d = last_overdue_due(at(t));
    CHECK(overdue_at(d) <= at(t));
    CHECK(overdue_at(CivilDate{std::chrono::sys_days{d} + std::chrono::days{1}}) > at(t));
  }
}

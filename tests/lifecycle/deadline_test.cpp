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

TEST_CASE("working days across National Day 2026 count Sun 20 Sep and Sat 10 Oct, skip 25–27 Sep and 1–7 Oct") {
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

TEST_CASE("received on a holiday: counted from the first working day after it") {
  // Sun 15 Feb 2026 (Spring Festival) counts as received Tue 24 Feb; day 1 is Wed 25 Feb.
  const auto& cal = test::shipped_calendar();
  CHECK(format_date(*effective_receipt_date(cal, at("2026-02-15T10:00:00+08:00"))) == "2026-02-24");
  CHECK(due("2026-02-15T10:00:00+08:00", 1, DayCount::working) == "2026-02-25");
  // 25, 26, 27 Feb, Sat 28 Feb (make-up), 2–6 Mar, Mon 9 Mar.
  CHECK(due("2026-02-15T10:00:00+08:00", 10, DayCount::working) == "2026-03-09");
  CHECK(due("2026-02-15T10:00:00+08:00", 15, DayCount::calendar) == "2026-03-11");
  // Received on an ordinary Saturday: counted from Monday.
  CHECK(due("2026-03-07T11:00:00+08:00", 1, DayCount::working) == "2026-03-10");
  // Received on a make-up Saturday during office hours: that Saturday is a working day.
  CHECK(format_date(*effective_receipt_date(cal, at("2026-02-14T10:00:00+08:00"))) == "2026-02-14");
}

TEST_CASE("received after office hours: counted from the next working day") {
  const auto& cal = test::shipped_calendar();
  CHECK(format_date(*effective_receipt_date(cal, at("2026-02-13T17:29:59+08:00"))) == "2026-02-13");
  CHECK(format_date(*effective_receipt_date(cal, at("2026-02-13T17:30:00+08:00"))) == "2026-02-14");
  // Fri 13 Feb 18:00: counted as received Sat 14 Feb (make-up), so day 10 is Fri 6 Mar.
  CHECK(due("2026-02-13T18:00:00+08:00", 10, DayCount::working) == "2026-03-06");
  // Fri 6 Mar 20:00: effective receipt Mon 9 Mar, day 1 Tue 10 Mar.
  CHECK(due("2026-03-06T20:00:00+08:00", 1, DayCount::working) == "2026-03-10");
  // A UTC timestamp is converted to Shanghai first: 2026-02-13T09:45Z is 17:45 in Shanghai.
  CHECK(format_date(*effective_receipt_date(cal, at("2026-02-13T09:45:00Z"))) == "2026-02-14");
  // Office hours are a setting.
  OfficeHours late{std::chrono::hours{20}};
  CHECK(format_date(*effective_receipt_date(cal, at("2026-02-13T18:00:00+08:00"), late)) == "2026-02-13");
}

TEST_CASE("deadlines reaching into a year with no calendar are not_found") {
  auto r = due_date(test::shipped_calendar(), at("2026-12-20T10:00:00+08:00"), Deadline{30, DayCount::working});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::not_found);
  auto neg = due_date(test::shipped_calendar(), at("2026-03-02T10:00:00+08:00"), Deadline{-1, DayCount::working});
  CHECK(neg.error().code == ErrorCode::invalid_input);
}

TEST_CASE("a case is overdue from the midnight after its due date") {
  CHECK(format_timestamp(overdue_at(date("2026-03-05"))) == "2026-03-06T00:00:00+08:00");
}

// Office hours on the working-day calendar (docs/calendar.md "Office hours"), and the deadline
// policy with a body's hours: overdue at close of business (民法典 art. 203), notices delivered
// only while the body is open, a notice raised at night waiting for the morning.
#include "lifecycle/office_hours.hpp"

#include <doctest/doctest.h>

#include "lifecycle/calendar_fixture.hpp"
#include "lifecycle/deadline_policy.hpp"
#include "lifecycle/event_builders.hpp"

using namespace tiaojie;
using namespace tiaojie::lifecycle;
using tiaojie::test::at;
using tiaojie::test::date;

namespace {

const WorkingCalendar& cal() { return test::shipped_calendar(); }

OfficeHours hours(std::initializer_list<const char*> intervals) {
  std::vector<OfficeInterval> parsed;
  for (const char* i : intervals) {
    auto p = parse_office_interval(i);
    REQUIRE(p.has_value());
    parsed.push_back(*p);
  }
  auto h = make_office_hours(parsed);
  REQUIRE(h.has_value());
  return *h;
}

std::string next(const OfficeHours& h, const char* t) {
  auto r = next_opening(cal(), h, at(t));
  REQUIRE(r.has_value());
  return format_timestamp(*r);
}

std::optional<BodyId> community_parent(const BodyId& b) {
  if (b.value == "hz.community.qingfeng") return BodyId{"hz.street.jiangnanzhong"};
  return std::nullopt;
}

// An accepted case at the community committee, due on `due`.
CaseState case_due(const char* due) {
  auto s = fold(std::vector<Event>{test::submitted(), test::classified(due),
                                   test::assigned("hz.community.qingfeng"),
                                   test::make_event(Accepted{})});
  REQUIRE(s.has_value());
  s->id = CaseId{7};
  return *s;
}

DeadlineCheck check(const CaseState& s, const char* now, const OfficeHours& h,
                    const WorkingCalendar& calendar = cal()) {
  auto r = check_deadline(s, calendar, DeadlinePolicy{}, at(now), community_parent, &h);
  REQUIRE(r.has_value());
  return *r;
}

CaseState state_after(CaseState s, const DeadlineCheck& c) {
  for (const auto& e : c.events) {
    auto next_state = apply(s, e);
    REQUIRE(next_state.has_value());
    s = *next_state;
  }
  return s;
}

std::string wake(const DeadlineCheck& c) {
  REQUIRE(c.next_wake.has_value());
  return format_timestamp(*c.next_wake);
}

}  // namespace

TEST_CASE("the default office hours are 08:30-12:00 and 14:00-17:30 on working days") {
  const OfficeHours h;
  CHECK(h.to_string() == "08:30-12:00, 14:00-17:30");
  auto open = [&](const char* t) { return *is_open(cal(), h, at(t)); };
  CHECK(open("2026-04-03T08:30:00+08:00"));
  CHECK(open("2026-04-03T11:59:59+08:00"));
  CHECK_FALSE(open("2026-04-03T12:00:00+08:00"));  // lunch
  CHECK(open("2026-04-03T14:00:00+08:00"));
  CHECK_FALSE(open("2026-04-03T17:30:00+08:00"));  // closed at the close
  CHECK_FALSE(open("2026-04-06T10:00:00+08:00"));  // Qingming, a Monday
  CHECK(open("2026-02-14T10:00:00+08:00"));        // a make-up Saturday (调休上班)
  CHECK_FALSE(open("2026-02-21T10:00:00+08:00"));  // an ordinary Saturday in the festival
}

TEST_CASE("the next opening: later that day, or the next working day's first interval") {
  const OfficeHours h;
  CHECK(next(h, "2026-04-03T10:00:00+08:00") == "2026-04-03T10:00:00+08:00");
  CHECK(next(h, "2026-04-03T07:00:00+08:00") == "2026-04-03T08:30:00+08:00");
  CHECK(next(h, "2026-04-03T12:30:00+08:00") == "2026-04-03T14:00:00+08:00");
  // 22:00 on the Friday before Qingming (4–6 April): Tuesday morning.
  CHECK(next(h, "2026-04-03T22:00:00+08:00") == "2026-04-07T08:30:00+08:00");
  // 22:00 on the Friday before the Spring Festival: the make-up Saturday's morning.
  CHECK(next(h, "2026-02-13T22:00:00+08:00") == "2026-02-14T08:30:00+08:00");
  // The night before National Day (1–7 October): Thursday 8 October.
  CHECK(next(h, "2026-09-30T22:00:00+08:00") == "2026-10-08T08:30:00+08:00");
}

TEST_CASE("close of business is the end of the last interval, 24:00 on a rest day") {
  auto close = [](const OfficeHours& h, const char* d) {
    return format_timestamp(*close_of_business(cal(), h, date(d)));
  };
  CHECK(close(OfficeHours{}, "2026-04-03") == "2026-04-03T17:30:00+08:00");
  CHECK(close(hours({"09:00-18:00"}), "2026-04-03") == "2026-04-03T18:00:00+08:00");
  CHECK(close(hours({"00:00-24:00"}), "2026-04-03") == "2026-04-04T00:00:00+08:00");
  CHECK(close(OfficeHours{}, "2026-04-04") == "2026-04-05T00:00:00+08:00");
}

TEST_CASE("bad office hours are refused with what is wrong") {
  CHECK_FALSE(parse_office_interval("8:30-12:00").has_value());
  CHECK_FALSE(parse_office_interval("08:30").has_value());
  CHECK_FALSE(parse_office_interval("08:60-12:00").has_value());
  CHECK_FALSE(parse_office_interval("24:30-25:00").has_value());
  auto backwards = parse_office_interval("17:30-08:30");
  REQUIRE_FALSE(backwards.has_value());
  CHECK(backwards.error().message.find("close before they open") != std::string::npos);
  std::vector<OfficeInterval> overlapping{*parse_office_interval("08:30-12:00"),
                                          *parse_office_interval("11:00-17:30")};
  CHECK_FALSE(make_office_hours(overlapping).has_value());
  CHECK_FALSE(make_office_hours({}).has_value());
}

TEST_CASE("a due-soon warning raised at midnight is delivered at the morning's opening") {
  const OfficeHours h;
  auto s = case_due("2026-04-03");  // due Fri 3 April; warned two working days before, 1 April
  auto c = check(s, "2026-04-01T00:00:00+08:00", h);
  CHECK(c.events.empty());
  CHECK(wake(c) == "2026-04-01T08:30:00+08:00");
  c = check(s, "2026-04-01T08:30:00+08:00", h);
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].kind() == EventKind::due_soon);
  // Next: the close of business on the due date, the instant it becomes overdue.
  CHECK(wake(c) == "2026-04-03T17:30:00+08:00");
}

TEST_CASE("overdue at close of business, and raised at 22:00 before a holiday it waits") {
  const OfficeHours h;
  auto s = state_after(case_due("2026-04-03"),
                       check(case_due("2026-04-03"), "2026-04-01T09:00:00+08:00", h));
  REQUIRE(s.due_soon_sent);
  CHECK(check(s, "2026-04-03T17:29:59+08:00", h).events.empty());
  // From 17:30 the case is overdue, but the body is closed: the notices wait for Tuesday 08:30
  // (4–6 April are Qingming).
  auto c = check(s, "2026-04-03T17:30:00+08:00", h);
  CHECK(c.events.empty());
  CHECK(wake(c) == "2026-04-07T08:30:00+08:00");
  c = check(s, "2026-04-03T22:00:00+08:00", h);
  CHECK(c.events.empty());
  CHECK(wake(c) == "2026-04-07T08:30:00+08:00");
  CHECK(check(s, "2026-04-06T10:00:00+08:00", h).events.empty());

  c = check(s, "2026-04-07T08:30:00+08:00", h);
  REQUIRE(c.events.size() == 3);
  CHECK(c.events[0].kind() == EventKind::overdue);
  CHECK(c.events[1].kind() == EventKind::supervision_notice);  // 督办函
  const auto& esc = std::get<Escalated>(c.events[2].data);
  // The parent's five working days count from the day it receives the case.
  CHECK(format_date(*esc.due) == "2026-04-14");
  CHECK(esc.working_days == 5);
  CHECK(esc.provisional_year == 0);
  for (const auto& e : c.events) CHECK(format_timestamp(e.at) == "2026-04-07T08:30:00+08:00");
}

TEST_CASE("a body with its own hours: overdue at its close, notified inside its hours") {
  auto s = state_after(case_due("2026-04-02"),
                       check(case_due("2026-04-02"), "2026-03-31T09:00:00+08:00", OfficeHours{}));
  REQUIRE(s.due_soon_sent);
  const OfficeHours late = hours({"09:00-18:00"});
  CHECK(check(s, "2026-04-02T17:45:00+08:00", late).events.empty());
  auto c = check(s, "2026-04-02T17:45:00+08:00", late);
  CHECK(wake(c) == "2026-04-02T18:00:00+08:00");
  c = check(s, "2026-04-02T18:00:00+08:00", late);
  CHECK(c.events.empty());
  CHECK(wake(c) == "2026-04-03T09:00:00+08:00");
  CHECK(check(s, "2026-04-03T09:00:00+08:00", late).events.size() == 3);

  // Open round the clock on working days: overdue at 24:00, delivered at once on Friday.
  const OfficeHours always = hours({"00:00-24:00"});
  c = check(s, "2026-04-03T00:00:00+08:00", always);
  REQUIRE(c.events.size() == 3);
  CHECK(c.events[0].kind() == EventKind::overdue);
}

TEST_CASE("without office hours the policy keeps 24:00 and delivers at any time") {
  auto s = case_due("2026-04-03");
  auto r =
      check_deadline(s, cal(), DeadlinePolicy{}, at("2026-04-04T00:00:00+08:00"), community_parent);
  REQUIRE(r.has_value());
  CHECK(r->events.size() == 3);
}

TEST_CASE("an escalation into a year without a calendar is provisional and recountable") {
  WorkingCalendar provisional = cal();
  provisional.set_provisional_fallback(true);
  REQUIRE_FALSE(provisional.has_year(2027));
  auto s = case_due("2026-12-24");  // Thursday; overdue from 17:30, delivered Friday 08:30
  auto c = check(s, "2026-12-25T08:30:00+08:00", OfficeHours{}, provisional);
  REQUIRE(c.events.size() == 3);
  const auto& esc = std::get<Escalated>(c.events[2].data);
  // 28, 29, 30, 31 December, 1 January 2027 (a Friday on the provisional calendar).
  CHECK(format_date(*esc.due) == "2027-01-01");
  CHECK(esc.provisional_year == 2027);
  auto escalated = state_after(s, c);
  CHECK(escalated.due_provisional_year == 2027);
  REQUIRE(escalated.clock_period.has_value());
  CHECK(escalated.clock_period->days == 5);
  CHECK(escalated.clock_period->count == DayCount::working);
  CHECK(escalated.clock_start == date("2026-12-25"));
}

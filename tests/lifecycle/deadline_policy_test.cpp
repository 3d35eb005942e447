#include "lifecycle/deadline_policy.hpp"

#include <doctest/doctest.h>

#include "lifecycle/calendar_fixture.hpp"
#include "lifecycle/event_builders.hpp"

using namespace tiaojie;
using namespace tiaojie::lifecycle;
using tiaojie::test::at;
using tiaojie::test::date;

namespace {

// Community → street → district, as the body graph's escalates_to edges would say.
std::optional<BodyId> parent_of(const BodyId& b) {
  if (b.value == "hz.community.qingfeng") return BodyId{"hz.street.jiangnanzhong"};
  if (b.value == "hz.street.jiangnanzhong") return BodyId{"hz.district.centre"};
  return std::nullopt;
}

// An accepted case at the community, due Thu 2026-03-05.
CaseState accepted_case() {
  auto s = fold(std::vector<Event>{test::submitted(), test::classified("2026-03-05"),
                                   test::assigned("hz.community.qingfeng"),
                                   test::make_event(Accepted{})});
  REQUIRE(s.has_value());
  s->id = CaseId{5};
  return *s;
}

DeadlineCheck check(const CaseState& s, const char* now, DeadlinePolicy policy = {}) {
  auto r = check_deadline(s, test::shipped_calendar(), policy, at(now), parent_of);
  REQUIRE(r.has_value());
  return *r;
}

CaseState after(CaseState s, const DeadlineCheck& c) {
  for (const auto& e : c.events) {
    auto next = apply(s, e);
    REQUIRE(next.has_value());
    s = *next;
  }
  return s;
}

}  // namespace

TEST_CASE("before the warning: nothing to do, wake at the start of the warning day") {
  auto c = check(accepted_case(), "2026-02-25T10:00:00+08:00");
  CHECK(c.events.empty());
  // Two working days before Thu 5 Mar is Tue 3 Mar.
  REQUIRE(c.next_wake.has_value());
  CHECK(format_timestamp(*c.next_wake) == "2026-03-03T00:00:00+08:00");
}

TEST_CASE("due soon: one warning, then wake at the deadline, asking again emits nothing") {
  auto s = accepted_case();
  auto c = check(s, "2026-03-03T00:00:00+08:00");
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].kind() == EventKind::due_soon);
  CHECK(c.events[0].case_id == CaseId{5});
  CHECK(c.events[0].actor == "system");
  CHECK(c.events[0].body == BodyId{"hz.community.qingfeng"});
  CHECK(format_timestamp(*c.next_wake) == "2026-03-06T00:00:00+08:00");
  auto again = check(after(s, c), "2026-03-04T12:00:00+08:00");
  CHECK(again.events.empty());
  CHECK(format_timestamp(*again.next_wake) == "2026-03-06T00:00:00+08:00");
}

TEST_CASE(
    "the warning counts working days: across the Spring Festival it comes before the holiday") {
  auto s = fold(std::vector<Event>{test::submitted(), test::classified("2026-02-24"),
                                   test::assigned("hz.community.qingfeng")});
  auto c = check(*s, "2026-02-01T10:00:00+08:00");
  // Two working days before Tue 24 Feb: Fri 13 Feb (Sat 14 Feb, a make-up day, is the first).
  CHECK(format_timestamp(*c.next_wake) == "2026-02-13T00:00:00+08:00");
}

TEST_CASE(
    "overdue: notice to the body and its parent, escalation to the parent keeping the case id") {
  auto s = accepted_case();
  auto c = check(s, "2026-03-06T00:00:00+08:00");
  REQUIRE(c.events.size() == 3);
  CHECK(c.events[0].kind() == EventKind::overdue);
  const auto& notice = std::get<SupervisionNotice>(c.events[1].data);
  CHECK(notice.addressees ==
        std::vector<BodyId>{BodyId{"hz.community.qingfeng"}, BodyId{"hz.street.jiangnanzhong"}});
  CHECK(format_date(notice.due) == "2026-03-05");
  const auto& esc = std::get<Escalated>(c.events[2].data);
  CHECK(esc.target == BodyId{"hz.street.jiangnanzhong"});
  // Five working days from Fri 6 Mar: Fri 13 Mar.
  CHECK(format_date(*esc.due) == "2026-03-13");
  auto s2 = after(s, c);
  CHECK(s2.id == CaseId{5});
  CHECK(s2.body == BodyId{"hz.street.jiangnanzhong"});
  CHECK(s2.status == Status::assigned);
  CHECK(s2.supervision_notices == 1);
  // Next: the street's own warning two working days before 13 Mar.
  CHECK(format_timestamp(*c.next_wake) == "2026-03-11T00:00:00+08:00");
  CHECK(check(s2, "2026-03-06T00:00:01+08:00").events.empty());
}

TEST_CASE("a skipped warning is not sent late: past the deadline only the overdue path runs") {
  auto c = check(accepted_case(), "2026-03-10T09:00:00+08:00");
  REQUIRE(c.events.size() == 3);
  CHECK(c.events[0].kind() == EventKind::overdue);
  // Escalation deadline counts from the day the daemon noticed: 5 working days from Tue 10 Mar.
  CHECK(format_date(*std::get<Escalated>(c.events[2].data).due) == "2026-03-17");
}

TEST_CASE(
    "overdue at the top of the graph: notice to the body alone, no escalation, no more wake-ups") {
  auto s = fold(std::vector<Event>{test::submitted(), test::classified("2026-03-05"),
                                   test::assigned("hz.district.centre")});
  auto c = check(*s, "2026-03-06T08:00:00+08:00");
  REQUIRE(c.events.size() == 2);
  CHECK(std::get<SupervisionNotice>(c.events[1].data).addressees ==
        std::vector<BodyId>{BodyId{"hz.district.centre"}});
  CHECK_FALSE(c.next_wake.has_value());
  CHECK(check(after(*s, c), "2026-03-07T08:00:00+08:00").events.empty());
}

TEST_CASE("a case never routed gets the overdue event alone") {
  auto s = fold(std::vector<Event>{test::submitted(), test::classified("2026-03-05")});
  auto c = check(*s, "2026-03-06T08:00:00+08:00");
  REQUIRE(c.events.size() == 1);
  CHECK(c.events[0].kind() == EventKind::overdue);
  CHECK(after(*s, c).overdue_sent);
}

TEST_CASE("closed cases and cases without a deadline need no timer") {
  auto s = accepted_case();
  auto w = apply(s, test::make_event(Withdrawn{"settled"}));
  auto c = check(*w, "2026-03-06T00:00:00+08:00");
  CHECK(c.events.empty());
  CHECK_FALSE(c.next_wake.has_value());
  auto nodue = fold(std::vector<Event>{test::submitted(), test::classified("2026-03-05")});
  nodue->due.reset();
  CHECK_FALSE(check(*nodue, "2026-03-06T00:00:00+08:00").next_wake.has_value());
}

TEST_CASE("the warning distance is a setting") {
  DeadlinePolicy p;
  p.due_soon_working_days = 5;
  auto c = check(accepted_case(), "2026-02-20T10:00:00+08:00", p);
  // Five working days before Thu 5 Mar: 4, 3, 2 Mar, Sat 28 Feb (make-up), Fri 27 Feb.
  CHECK(format_timestamp(*c.next_wake) == "2026-02-27T00:00:00+08:00");
}

TEST_CASE("a deadline in a year without a calendar is an error, not a guess") {
  auto s = fold(std::vector<Event>{test::submitted(), test::classified("2027-01-08"),
                                   test::assigned("hz.community.qingfeng")});
  auto r =
      check_deadline(*s, test::shipped_calendar(), {}, at("2026-12-30T10:00:00+08:00"), parent_of);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::not_found);
}

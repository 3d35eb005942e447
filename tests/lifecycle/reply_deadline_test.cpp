#include "lifecycle/reply_deadline.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "lifecycle/event_builders.hpp"
#include "lifecycle/event_json.hpp"

using namespace tiaojie;
using namespace tiaojie::lifecycle;
using tiaojie::test::at;
using tiaojie::test::make_event;

namespace {

// A 12345 case received Friday 2026-02-13 10:00 with a reply due Monday 17:00, assigned to b.a.
CaseState hotline_case() {
  Submitted s{"hotline_12345", "GZ-1", at("2026-02-13T10:00:00+08:00"),
              at("2026-02-16T17:00:00+08:00")};
  auto state = fold(std::vector<Event>{make_event(s, "2026-02-13T10:00:00+08:00"),
                                       test::classified(), test::assigned("b.a")});
  REQUIRE(state.has_value());
  return *state;
}

std::vector<EventKind> kinds(const ReplyCheck& c) {
  std::vector<EventKind> out;
  for (const auto& e : c.events) out.push_back(e.kind());
  return out;
}

}  // namespace

TEST_CASE("the reply deadline rides on the submitted event into the case state and its JSON") {
  auto state = hotline_case();
  REQUIRE(state.reply_due);
  CHECK(format_timestamp(*state.reply_due) == "2026-02-16T17:00:00+08:00");
  Submitted s{"hotline_12345", "GZ-1", at("2026-02-13T10:00:00+08:00"),
              at("2026-02-16T17:00:00+08:00")};
  auto text = event_data_to_json_text(s);
  CHECK(text.find(R"("reply_due":"2026-02-16T17:00:00+08:00")") != std::string::npos);
  auto back = event_data_from_json_text(EventKind::submitted, text);
  REQUIRE(back);
  CHECK(std::get<Submitted>(*back) == s);
  // A stored submitted event from before the field existed still reads, without a reply deadline.
  auto old = event_data_from_json_text(
      EventKind::submitted,
      R"({"channel":"walk_in","external_id":"W","received_at":"2026-02-13T10:00:00+08:00"})");
  REQUIRE(old);
  CHECK_FALSE(std::get<Submitted>(*old).reply_due);
}

TEST_CASE("before the warning time nothing happens and the timer is set for the warning") {
  auto c = check_reply_deadline(hotline_case(), {}, at("2026-02-14T09:00:00+08:00"));
  CHECK(c.events.empty());
  REQUIRE(c.next_wake);
  CHECK(format_timestamp(*c.next_wake) == "2026-02-15T17:00:00+08:00");  // 24 hours before
}

TEST_CASE("within the warning window one reply_due_soon, then the timer waits for the deadline") {
  auto state = hotline_case();
  auto c = check_reply_deadline(state, {}, at("2026-02-15T17:00:00+08:00"));
  REQUIRE(kinds(c) == std::vector{EventKind::reply_due_soon});
  CHECK(c.events[0].actor == "system");
  CHECK(c.events[0].body == BodyId{"b.a"});
  CHECK(std::get<ReplyDueSoon>(c.events[0].data).due == *state.reply_due);
  CHECK(format_timestamp(*c.next_wake) == "2026-02-16T17:00:00+08:00");
  auto after = apply(state, c.events[0]);
  REQUIRE(after);
  CHECK(after->reply_due_soon_sent);
  CHECK(check_reply_deadline(*after, {}, at("2026-02-15T18:00:00+08:00"))
            .events.empty());  // once only
}

TEST_CASE("at the deadline one reply_overdue and nothing more on this clock") {
  auto state = hotline_case();
  auto soon = check_reply_deadline(state, {}, at("2026-02-15T20:00:00+08:00"));
  auto s1 = apply(state, soon.events.at(0));
  REQUIRE(s1);
  auto c = check_reply_deadline(*s1, {}, at("2026-02-16T17:00:00+08:00"));
  REQUIRE(kinds(c) == std::vector{EventKind::reply_overdue});
  CHECK_FALSE(c.next_wake);
  auto s2 = apply(*s1, c.events[0]);
  REQUIRE(s2);
  CHECK(s2->reply_overdue_sent);
  CHECK(s2->status == Status::assigned);  // the reply clock never moves the case
  CHECK(check_reply_deadline(*s2, {}, at("2026-02-20T00:00:00+08:00")).events.empty());
}

TEST_CASE("a case checked first after its reply deadline gets the overdue alone") {
  auto c = check_reply_deadline(hotline_case(), {}, at("2026-02-17T09:00:00+08:00"));
  CHECK(kinds(c) == std::vector{EventKind::reply_overdue});
}

TEST_CASE("no reply clock without a reply deadline or once the case is finished") {
  auto plain =
      fold(std::vector<Event>{test::submitted(), test::classified(), test::assigned("b.a")});
  REQUIRE(plain);
  auto c = check_reply_deadline(*plain, {}, at("2026-03-01T00:00:00+08:00"));
  CHECK(c.events.empty());
  CHECK_FALSE(c.next_wake);
  auto state = hotline_case();
  state.status = Status::resolved;
  CHECK(check_reply_deadline(state, {}, at("2026-02-17T00:00:00+08:00")).events.empty());
}

TEST_CASE("the warning lead time is a policy") {
  ReplyPolicy policy;
  policy.due_soon_before = std::chrono::hours{4};
  auto c = check_reply_deadline(hotline_case(), policy, at("2026-02-16T12:00:00+08:00"));
  CHECK(c.events.empty());
  CHECK(format_timestamp(*c.next_wake) == "2026-02-16T13:00:00+08:00");
}

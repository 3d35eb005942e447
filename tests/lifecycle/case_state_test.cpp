#include "lifecycle/case_state.hpp"

#include <doctest/doctest.h>

#include <map>
#include <utility>

#include "lifecycle/event_builders.hpp"

using namespace tiaojie;
using namespace tiaojie::lifecycle;
using tiaojie::test::make_event;

namespace {

// An event of each kind, well formed, acting on a case currently with body "b.a".
Event sample(EventKind kind) {
  switch (kind) {
    case EventKind::submitted:
      return test::submitted();
    case EventKind::classified:
      return test::classified();
    case EventKind::assigned:
      return test::assigned("b.a");
    case EventKind::accepted:
      return make_event(Accepted{}, "2026-02-14T09:00:00+08:00", "b.a");
    case EventKind::mediation_started:
      return make_event(MediationStarted{}, "2026-02-14T10:00:00+08:00", "b.a");
    case EventKind::resolved:
      return make_event(Resolved{"pay 40,000 yuan by March", true});
    case EventKind::failed:
      return make_event(Failed{NextRoute::arbitration, "employer absent"});
    case EventKind::withdrawn:
      return make_event(Withdrawn{"settled privately"});
    case EventKind::transferred:
      return make_event(Transferred{BodyId{"b.t"}, "police matter", {}});
    case EventKind::escalated:
      return make_event(Escalated{BodyId{"b.p"}, "overdue", {}}, "2026-03-06T00:00:00+08:00", "",
                        "system");
    case EventKind::due_soon:
      return make_event(DueSoon{*parse_date("2026-03-05")});
    case EventKind::overdue:
      return make_event(Overdue{*parse_date("2026-03-05")});
    case EventKind::supervision_notice:
      return make_event(
          SupervisionNotice{{BodyId{"b.a"}, BodyId{"b.p"}}, "overdue", *parse_date("2026-03-05")});
    case EventKind::closed:
      return make_event(Closed{"filed"});
    case EventKind::reopened:
      return make_event(Reopened{"agreement not performed", {}});
    case EventKind::reply_due_soon:
      return make_event(ReplyDueSoon{test::at("2026-02-16T17:00:00+08:00")});
    case EventKind::reply_overdue:
      return make_event(ReplyOverdue{test::at("2026-02-16T17:00:00+08:00")});
    case EventKind::deadline_changed:
      return make_event(DeadlineChanged{*parse_date("2026-03-05"), *parse_date("2026-03-06"), 0, 0,
                                        "calendar changed"});
    case EventKind::suspended:
      return make_event(Suspended{"鉴定"}, "2026-02-20T10:00:00+08:00", "b.a");
    case EventKind::resumed:
      return make_event(Resumed{*parse_date("2026-03-13"), 6, 0}, "2026-02-28T10:00:00+08:00",
                        "b.a");
    case EventKind::feedback:
      return make_event(FeedbackGiven{Satisfaction::basically_satisfied, "phone", "修得慢"},
                        "2026-03-10T10:00:00+08:00");
    case EventKind::extended:
      return make_event(Extended{"双方约定延长", "operator:li", 5, *parse_date("2026-03-12"), 0},
                        "2026-03-01T10:00:00+08:00", "b.a");
  }
  return test::submitted();
}

// A case brought into `status` with body "b.a" along the main path.
CaseState case_in(Status status) {
  std::vector<Event> events = {test::submitted(), test::classified()};
  auto add = [&](EventKind k) { events.push_back(sample(k)); };
  switch (status) {
    case Status::received:
      break;
    case Status::assigned:
      add(EventKind::assigned);
      break;
    case Status::accepted:
      add(EventKind::assigned);
      add(EventKind::accepted);
      break;
    case Status::in_mediation:
      add(EventKind::assigned);
      add(EventKind::accepted);
      add(EventKind::mediation_started);
      break;
    case Status::resolved:
      add(EventKind::assigned);
      add(EventKind::accepted);
      add(EventKind::mediation_started);
      add(EventKind::resolved);
      break;
    case Status::failed:
      add(EventKind::assigned);
      add(EventKind::accepted);
      add(EventKind::mediation_started);
      add(EventKind::failed);
      break;
    case Status::withdrawn:
      add(EventKind::assigned);
      add(EventKind::withdrawn);
      break;
    case Status::closed:
      add(EventKind::assigned);
      add(EventKind::withdrawn);
      add(EventKind::closed);
      break;
  }
  auto state = fold(events);
  REQUIRE(state.has_value());
  REQUIRE(state->status == status);
  return *state;
}

// The expected table, written out independently of the implementation: (from, event) → to.
const std::map<std::pair<Status, EventKind>, Status>& legal_table() {
  using S = Status;
  using K = EventKind;
  static const std::map<std::pair<S, K>, S> table = [] {
    std::map<std::pair<S, K>, S> t;
    t[{S::received, K::classified}] = S::received;
    t[{S::received, K::assigned}] = S::assigned;
    t[{S::assigned, K::accepted}] = S::accepted;
    t[{S::accepted, K::mediation_started}] = S::in_mediation;
    t[{S::in_mediation, K::resolved}] = S::resolved;
    t[{S::accepted, K::failed}] = S::failed;
    t[{S::in_mediation, K::failed}] = S::failed;
    for (S s : {S::received, S::assigned, S::accepted, S::in_mediation}) {
      t[{s, K::withdrawn}] = S::withdrawn;
      t[{s, K::due_soon}] = s;
      t[{s, K::overdue}] = s;
      t[{s, K::supervision_notice}] = s;
      t[{s, K::reply_due_soon}] = s;
      t[{s, K::reply_overdue}] = s;
      t[{s, K::deadline_changed}] = s;
      t[{s, K::suspended}] = s;
      t[{s, K::resumed}] = s;  // of a suspended case (the test suspends it first)
      t[{s, K::extended}] = s;
    }
    for (S s : {S::assigned, S::accepted, S::in_mediation}) {
      t[{s, K::transferred}] = S::assigned;
      t[{s, K::escalated}] = S::assigned;
    }
    for (S s : {S::resolved, S::failed, S::withdrawn}) t[{s, K::closed}] = S::closed;
    for (S s : {S::resolved, S::failed, S::withdrawn, S::closed}) t[{s, K::reopened}] = S::assigned;
    // Closed: after a resolution (the test closes a resolved case for this pair).
    for (S s : {S::resolved, S::closed}) t[{s, K::feedback}] = s;
    return t;
  }();
  return table;
}

}  // namespace

TEST_CASE(
    "every (state, event) pair is legal exactly as the table says, and illegal ones are "
    "conflicts") {
  int legal = 0;
  int illegal = 0;
  for (std::size_t si = 0; si < status_names().size(); ++si) {
    for (std::size_t ki = 0; ki < event_kind_names().size(); ++ki) {
      const auto status = static_cast<Status>(si);
      const auto kind = static_cast<EventKind>(ki);
      CAPTURE(to_string(status));
      CAPTURE(to_string(kind));
      const auto& table = legal_table();
      auto expected = table.find({status, kind});
      CaseState base = case_in(status);
      if (kind == EventKind::resumed && is_open(status))
        base = *apply(base, sample(EventKind::suspended));
      if (kind == EventKind::feedback && status == Status::closed)
        base = *apply(case_in(Status::resolved), sample(EventKind::closed));
      auto result = apply(base, sample(kind));
      CHECK(is_legal(status, kind) == (expected != table.end()));
      if (expected != table.end()) {
        ++legal;
        REQUIRE(result.has_value());
        CHECK(result->status == expected->second);
      } else {
        ++illegal;
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == ErrorCode::conflict);
        CHECK(result.error().message.find(std::string(to_string(kind))) != std::string::npos);
        CHECK(result.error().message.find(std::string(to_string(status))) != std::string::npos);
      }
    }
  }
  CHECK(legal == static_cast<int>(legal_table().size()));
  CHECK(legal + illegal == static_cast<int>(8 * event_kind_names().size()));
}

TEST_CASE("a case must start with submitted, and submitted never comes twice") {
  CHECK(start(test::classified()).error().code == ErrorCode::conflict);
  CHECK(start(test::submitted()).has_value());
  auto twice = fold(std::vector<Event>{test::submitted(), test::submitted()});
  REQUIRE_FALSE(twice.has_value());
  CHECK(twice.error().code == ErrorCode::conflict);
  CHECK(twice.error().where == "event 1");
  CHECK(fold(std::vector<Event>{}).error().code == ErrorCode::invalid_input);
  CHECK(start(test::submitted("", "x")).error().code == ErrorCode::invalid_input);
}

TEST_CASE(
    "the happy path: received, assigned, accepted, in mediation, resolved with 司法确认, closed") {
  auto s =
      fold(std::vector<Event>{test::submitted(), test::classified(), sample(EventKind::assigned),
                              sample(EventKind::accepted), sample(EventKind::mediation_started),
                              sample(EventKind::resolved), sample(EventKind::closed)});
  REQUIRE(s.has_value());
  CHECK(s->status == Status::closed);
  CHECK(s->body == BodyId{"b.a"});
  REQUIRE(s->resolution.has_value());
  CHECK(s->resolution->judicial_confirmation);
  CHECK(s->classification->category == "labour");
  CHECK(format_date(*s->due) == "2026-03-05");
  CHECK(s->events == 7);
  CHECK_FALSE(is_open(s->status));
}

TEST_CASE("failure records the next route, reopen sends the case back to its body") {
  auto s = case_in(Status::failed);
  CHECK(s.failure->next_route == NextRoute::arbitration);
  auto r = apply(s, make_event(Reopened{"new evidence", parse_date("2026-04-01")}));
  REQUIRE(r.has_value());
  CHECK(r->status == Status::assigned);
  CHECK(r->body == BodyId{"b.a"});
  CHECK(r->reopens == 1);
  CHECK_FALSE(r->failure.has_value());
  CHECK(format_date(*r->due) == "2026-04-01");
}

TEST_CASE("reopen may name another body") {
  auto r = apply(case_in(Status::closed),
                 make_event(Reopened{"moved", {}}, "2026-04-01T09:00:00+08:00", "b.other"));
  REQUIRE(r.has_value());
  CHECK(r->body == BodyId{"b.other"});
}

TEST_CASE("transfer and escalation keep the case id, move the body and must be accepted again") {
  auto s = case_in(Status::in_mediation);
  s.id = CaseId{42};
  auto t = apply(s, sample(EventKind::transferred));
  REQUIRE(t.has_value());
  CHECK(t->id == CaseId{42});
  CHECK(t->body == BodyId{"b.t"});
  CHECK(t->status == Status::assigned);
  CHECK(t->transfers == 1);
  auto e = apply(*t, make_event(Escalated{BodyId{"b.p"}, "overdue", parse_date("2026-03-12")}));
  REQUIRE(e.has_value());
  CHECK(e->escalations == 1);
  CHECK(e->body == BodyId{"b.p"});
  CHECK(format_date(*e->due) == "2026-03-12");
}

TEST_CASE("malformed events are invalid_input, not conflicts") {
  auto s = case_in(Status::assigned);
  CHECK(apply(s, make_event(Transferred{BodyId{""}, "x", {}})).error().code ==
        ErrorCode::invalid_input);
  CHECK(apply(s, make_event(Transferred{BodyId{"b.a"}, "to itself", {}})).error().code ==
        ErrorCode::invalid_input);
  CHECK(apply(s, make_event(SupervisionNotice{{}, "x", *parse_date("2026-03-05")})).error().code ==
        ErrorCode::invalid_input);
  auto received = case_in(Status::received);
  CHECK(apply(received, make_event(Assigned{Assignment{}})).error().code ==
        ErrorCode::invalid_input);
}

TEST_CASE("due_soon and overdue mark the current deadline only, a new deadline clears the marks") {
  auto s = case_in(Status::accepted);
  auto a = apply(s, sample(EventKind::due_soon));
  REQUIRE(a.has_value());
  CHECK(a->due_soon_sent);
  auto b = apply(*a, sample(EventKind::overdue));
  CHECK(b->overdue_sent);
  auto stale = apply(s, make_event(Overdue{*parse_date("2026-01-01")}));
  CHECK_FALSE(stale->overdue_sent);
  auto c = apply(*b, make_event(Escalated{BodyId{"b.p"}, "overdue", parse_date("2026-03-12")}));
  CHECK_FALSE(c->due_soon_sent);
  CHECK_FALSE(c->overdue_sent);
}

TEST_CASE("status and event kind spellings round-trip") {
  for (auto name : status_names()) CHECK(to_string(*parse_status(name)) == name);
  for (auto name : event_kind_names()) CHECK(to_string(*parse_event_kind(name)) == name);
  CHECK_FALSE(parse_status("open").has_value());
  CHECK(to_string(*parse_next_route("administrative")) == "administrative");
}

TEST_CASE(
    "feedback needs a resolution: the last rating is the case's, a failure or reopening refuses "
    "it") {
  auto resolved = case_in(Status::resolved);
  auto rated = apply(resolved, sample(EventKind::feedback));
  REQUIRE(rated.has_value());
  CHECK(rated->status == Status::resolved);
  REQUIRE(rated->feedback.has_value());
  CHECK(rated->feedback->rating == Satisfaction::basically_satisfied);
  auto again = apply(*rated, make_event(FeedbackGiven{Satisfaction::dissatisfied, "sms", ""}));
  REQUIRE(again.has_value());
  CHECK(again->feedback->rating == Satisfaction::dissatisfied);
  CHECK(again->feedbacks == 2);
  // Closed after a failure: no resolution to rate.
  auto failed_closed = apply(case_in(Status::failed), sample(EventKind::closed));
  REQUIRE(failed_closed.has_value());
  auto refused = apply(*failed_closed, sample(EventKind::feedback));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::conflict);
  // Reopened, then closed without a new resolution: refused too.
  auto reopened = apply(resolved, sample(EventKind::reopened));
  REQUIRE(reopened.has_value());
  CHECK_FALSE(apply(*reopened, sample(EventKind::feedback)).has_value());
}

TEST_CASE("a submitted event's repeat links become the case's") {
  auto sub = test::submitted();
  std::get<Submitted>(sub.data).repeat_of = {{CaseId{3}, RepeatReason::same_party},
                                             {CaseId{5}, RepeatReason::same_subject}};
  auto state = start(sub);
  REQUIRE(state.has_value());
  CHECK(state->repeat_of.size() == 2);
  CHECK(state->repeat_of[1].reason == RepeatReason::same_subject);
  CHECK(parse_satisfaction("基本满意") == Satisfaction::basically_satisfied);
  CHECK(parse_satisfaction("非常满意") == Satisfaction::satisfied);
  CHECK_FALSE(parse_satisfaction("很好").has_value());
}

TEST_CASE("a deadline warning is refused when already sent or for a date no longer the deadline") {
  auto state = fold(test::intake());  // due 2026-03-05
  REQUIRE(state.has_value());
  const auto due = *parse_date("2026-03-05");
  const auto other = *parse_date("2026-03-12");
  CHECK(check_warning(*state, DueSoon{due}).has_value());
  CHECK(check_warning(*state, Overdue{due}).has_value());
  CHECK(check_warning(*state, Accepted{}).has_value());  // not a warning: nothing to check

  auto stale = check_warning(*state, Overdue{other});
  REQUIRE_FALSE(stale.has_value());
  CHECK(stale.error().code == ErrorCode::conflict);
  CHECK(stale.error().message ==
        "case 0: overdue for 2026-03-12, but its deadline is now 2026-03-05");

  auto warned = apply(*state, make_event(Overdue{due}));
  REQUIRE(warned.has_value());
  auto again = check_warning(*warned, Overdue{due});
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().message == "case 0: overdue for 2026-03-05 was already sent");
  CHECK(check_warning(*warned, DueSoon{due}).has_value());  // the other warning is still unsent
  // apply() itself still folds a log that holds a second one (written before the rule).
  CHECK(apply(*warned, make_event(Overdue{due})).has_value());

  // A new deadline (an escalation) may be warned again; the old one may not.
  auto escalated =
      apply(*warned, make_event(Escalated{BodyId{"hz.district.centre"}, "overdue", other}));
  REQUIRE(escalated.has_value());
  CHECK(check_warning(*escalated, Overdue{other}).has_value());
  CHECK_FALSE(check_warning(*escalated, Overdue{due}).has_value());

  // The reply deadline's warnings: none without one.
  auto reply = check_warning(*state, ReplyOverdue{test::at("2026-02-16T17:00:00+08:00")});
  REQUIRE_FALSE(reply.has_value());
  CHECK(reply.error().message.find("its deadline is now none") != std::string::npos);
}

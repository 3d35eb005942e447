// The daemon's deadline timers against a real daemon (daemon_fixture.hpp): the manual clock moves
// by days, Server::clock_changed() tells the daemon, and the daemon's own timer does the rest
// (due-soon warning, overdue, supervision notice 督办函, escalation to the parent body).
#include <doctest/doctest.h>

#include <algorithm>

#include "daemon_fixture.hpp"
#include "log_capture.hpp"
#include "store/sqlite_store.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace json = boost::json;

namespace {

// 09:00 Asia/Shanghai on `days` days after (or before, if negative) `date`.
Timestamp nine_am(CivilDate date, int days) {
  return shanghai_midnight(CivilDate{std::chrono::sys_days(date) + std::chrono::days(days)}) +
         std::chrono::hours(9);
}

// The escalation tests run in June 2026: a 30-day case escalated in December would need the 2027
// working-day calendar for its new due date, which config/calendar does not have yet.
Timestamp june_first() { return *parse_timestamp("2026-06-01T10:00:00+08:00"); }

// A family quarrel: decided at community level (a community's committee), due in 30 days.
json::object community_dispute(const std::string& external_id) {
  auto d = hotline_dispute(external_id, "邻居夫妻吵架，离婚后分居，双方为房屋归属争执");
  d["parties"] = 2;
  d["received_at"] = "2026-06-01T09:30:00+08:00";
  return d;
}

CivilDate due_of(const json::object& o) {
  return *parse_date(std::string(o.at("due").as_string()));
}

// The next event on a subscribed connection, as an object.
json::object next_event(daemon::Client& sub) {
  auto e = sub.receive();
  REQUIRE_MESSAGE(e.has_value(), e.error().to_string());
  REQUIRE(e->contains("event"));
  return e->at("event").as_object();
}

}  // namespace

TEST_CASE(
    "deadline timers warn, then mark an overdue case and send a supervision notice, by "
    "themselves") {
  TestDaemon d;
  auto sub = d.connect(k_operator_token);
  REQUIRE(is_ok(*sub->call(
      {{"op", "subscribe"},
       {"filter",
        {{"kind", json::array{"due_soon", "overdue", "supervision_notice", "escalated"}}}}})));
  auto c = d.connect(k_hotline_token);
  auto ack = c->call(submit_request(hotline_dispute("D-1")));  // labour: 15 calendar days
  REQUIRE(is_ok(*ack));
  REQUIRE(ack->at("due").is_string());
  auto due = *parse_date(std::string(ack->at("due").as_string()));
  auto body = text(*ack, "body");
  auto op = d.connect(k_operator_token);
  auto get = [&] { return *op->call({{"op", "get"}, {"case", ack->at("case")}}); };

  // The day before the due date: the due-soon warning, and nothing else.
  d.clock().set(shanghai_midnight(CivilDate{std::chrono::sys_days(due) - std::chrono::days(1)}) +
                std::chrono::hours(9));
  d.server().clock_changed();
  REQUIRE(eventually([&] { return has_kind(get(), "due_soon"); }));
  CHECK_FALSE(has_kind(get(), "overdue"));

  // After the due date: overdue and a supervision notice (督办函). The labour case sits with a
  // district body, which has no parent to escalate to (the policy: the notice alone).
  d.clock().set(shanghai_midnight(CivilDate{std::chrono::sys_days(due) + std::chrono::days(1)}) +
                std::chrono::hours(9));
  d.server().clock_changed();
  REQUIRE(eventually([&] { return has_kind(get(), "supervision_notice"); }));
  auto got = get();
  CHECK(got.at("supervision_notices").as_int64() == 1);
  CHECK(has_kind(got, "overdue"));
  CHECK(text(got, "body") == body);
  // The subscriber saw the same events, in order (they are all sent by now).
  std::vector<std::string> kinds;
  for (int i = 0; i < 3; ++i) {
    auto e = sub->receive();
    REQUIRE(e.has_value());
    kinds.push_back(text(e->at("event").as_object(), "kind"));
  }
  CHECK(kinds == std::vector<std::string>{"due_soon", "overdue", "supervision_notice"});
}

TEST_CASE("after a restart the deadline timers are re-armed from the store") {
  TestDaemon d;
  json::value case_id;
  {
    auto c = d.connect(k_hotline_token);
    auto ack = c->call(submit_request(hotline_dispute("D-2")));
    REQUIRE(is_ok(*ack));
    case_id = ack->at("case");
    auto due = *parse_date(std::string(ack->at("due").as_string()));
    // Two days later at 09:00, inside the body's office hours (notices wait for them).
    d.clock().set(nine_am(due, 2));
  }
  d.restart();  // the clock moved past the due date while the daemon was down
  auto op = d.connect(k_operator_token);
  CHECK(eventually([&] {
    return has_kind(*op->call({{"op", "get"}, {"case", case_id}}), "supervision_notice");
  }));
  auto got = *op->call({{"op", "get"}, {"case", case_id}});
  auto kinds = event_kinds(got);
  CHECK(std::count(kinds.begin(), kinds.end(), "overdue") == 1);  // once, not again per restart
  d.restart();
  auto again = *d.connect(k_operator_token)->call({{"op", "get"}, {"case", case_id}});
  CHECK(again.at("events").as_array().size() == got.at("events").as_array().size());
}

TEST_CASE(
    "an overdue case is escalated to its parent body by the daemon's own timer, notice pushed and "
    "stored") {
  TestDaemon d;
  d.clock().set(june_first());
  d.server().clock_changed();
  auto sub = d.connect(k_operator_token);
  REQUIRE(is_ok(*sub->call(
      {{"op", "subscribe"},
       {"filter",
        {{"kind", json::array{"due_soon", "overdue", "supervision_notice", "escalated"}}}}})));
  auto c = d.connect(k_hotline_token);
  auto ack = c->call(submit_request(community_dispute("E-1")));
  REQUIRE(is_ok(*ack));
  CAPTURE(json::serialize(*ack));
  REQUIRE(text(*ack, "level") == "community");
  const std::string community_body = text(*ack, "body");
  const CivilDate due = due_of(*ack);
  auto op = d.connect(k_operator_token);
  auto get = [&] { return *op->call({{"op", "get"}, {"case", ack->at("case")}}); };

  // The daemon alone: the clock passes the due date and nobody sends a request about the case.
  d.clock().set(nine_am(due, 1));
  d.server().clock_changed();
  REQUIRE(eventually([&] { return has_kind(get(), "escalated"); }));

  // Pushed to the subscriber as stored, in the policy's order: overdue, the notice to the body and
  // its parent, the escalation to that parent. (No due-soon warning: the clock jumped past it.)
  auto stored = get();
  std::vector<std::string> timer_kinds;
  for (const auto& k : event_kinds(stored)) {
    if (k == "due_soon" || k == "overdue" || k == "supervision_notice" || k == "escalated")
      timer_kinds.push_back(k);
  }
  CHECK(timer_kinds == std::vector<std::string>{"overdue", "supervision_notice", "escalated"});
  std::vector<json::object> events;
  for (std::size_t i = 0; i < timer_kinds.size(); ++i) events.push_back(next_event(*sub));
  std::vector<std::string> kinds;
  for (const auto& e : events) kinds.push_back(text(e, "kind"));
  REQUIRE(kinds == timer_kinds);
  const auto& notice = events[1].at("data").as_object();
  const auto& escalated = events[2].at("data").as_object();
  const std::string parent = text(escalated, "target");
  CHECK_FALSE(parent.empty());
  CHECK(parent != community_body);
  json::array addressees = notice.at("addressees").as_array();
  CHECK(addressees.size() == 2);
  CHECK(std::find(addressees.begin(), addressees.end(), json::value(community_body)) !=
        addressees.end());
  CHECK(std::find(addressees.begin(), addressees.end(), json::value(parent)) != addressees.end());
  for (const auto& e : events) CHECK(e.at("case") == ack->at("case"));

  // Stored: the case now sits with the parent, under a new due date, with one notice on record.
  auto got = get();
  CHECK(text(got, "body") == parent);
  CHECK(got.at("escalations").as_int64() == 1);
  CHECK(got.at("supervision_notices").as_int64() == 1);
  const CivilDate new_due = due_of(got);
  CHECK(new_due > due);
  CHECK(text(escalated, "due") == format_date(new_due));
  // The parent's backlog counts it; the community body's no longer does.
  auto backlog = *op->call({{"op", "backlog"}});
  bool parent_counted = false;
  for (const auto& row : backlog.at("bodies").as_array()) {
    if (text(row.as_object(), "body") == parent) parent_counted = row.at("open").as_int64() == 1;
    CHECK(text(row.as_object(), "body") != community_body);
  }
  CHECK(parent_counted);

  // And it is durable: a restart finds the same history and sends nothing twice.
  d.restart();
  auto again = *d.connect(k_operator_token)->call({{"op", "get"}, {"case", ack->at("case")}});
  CHECK(event_kinds(again) == event_kinds(got));
  CHECK(text(again, "body") == parent);
}

TEST_CASE(
    "timers re-armed after a restart fire when their time comes, and the escalated deadline too") {
  TestDaemon d;
  json::value case_id;
  CivilDate due{};
  std::string community_body;
  d.clock().set(june_first());
  {
    auto c = d.connect(k_hotline_token);
    auto ack = c->call(submit_request(community_dispute("E-2")));
    REQUIRE(is_ok(*ack));
    case_id = ack->at("case");
    due = due_of(*ack);
    community_body = text(*ack, "body");
  }
  // Restarted long before anything is due: the wake-ups come from the store, not from memory.
  d.restart();
  auto op = d.connect(k_operator_token);
  auto get = [&] { return *op->call({{"op", "get"}, {"case", case_id}}); };
  CHECK(event_kinds(get()) == std::vector<std::string>{"submitted", "classified", "assigned"});

  // The morning before the due date: the due-soon warning and nothing more.
  d.clock().set(nine_am(due, -1));
  d.server().clock_changed();
  REQUIRE(eventually([&] { return has_kind(get(), "due_soon"); }));
  CHECK_FALSE(has_kind(get(), "overdue"));

  // Past it: escalated to the parent with a new due date, whose timer is armed in turn.
  d.clock().set(nine_am(due, 1));
  d.server().clock_changed();
  REQUIRE(eventually([&] { return has_kind(get(), "escalated"); }));
  auto first = get();
  const std::string parent = text(first, "body");
  CHECK(parent != community_body);
  const CivilDate new_due = due_of(first);

  // Another restart, then the parent misses its own deadline: a second notice, by the re-armed
  // timer.
  d.restart();
  auto op2 = d.connect(k_operator_token);
  d.clock().set(nine_am(new_due, 1));
  d.server().clock_changed();
  REQUIRE(eventually([&] {
    return (*op2->call({{"op", "get"}, {"case", case_id}})).at("supervision_notices").as_int64() ==
           2;
  }));
  auto second = *op2->call({{"op", "get"}, {"case", case_id}});
  auto kinds = event_kinds(second);
  CHECK(std::count(kinds.begin(), kinds.end(), "overdue") == 2);
  CHECK(std::count(kinds.begin(), kinds.end(), "supervision_notice") == 2);
}

TEST_CASE(
    "an escalation whose new deadline lands in a year without its calendar file is not held back") {
  // A calendar folder of the test's own with the shipped years only: 2027 is counted on the
  // provisional calendar (Monday–Friday, no holidays) instead of leaving the case undecided
  // (docs/calendar.md "A year without a calendar file").
  LogCapture log;
  TestDaemon d([&](daemon::DaemonConfig& c) {
    const auto calendar = c.data_dir.parent_path() / "calendar";
    std::filesystem::copy(source_dir() / "config" / "calendar", calendar);
    c.calendar_dir = calendar;
  });
  auto c = d.connect(k_hotline_token);
  auto late = community_dispute("Y-1");
  late["received_at"] = "2026-11-24T09:30:00+08:00";  // due 2026-12-24: escalation lands in 2027
  auto ack = c->call(submit_request(late));
  REQUIRE(is_ok(*ack));
  const CivilDate due = due_of(*ack);
  auto op = d.connect(k_operator_token);
  auto get = [&] { return *op->call({{"op", "get"}, {"case", ack->at("case")}}); };

  // Past the due date: overdue, notice and escalation at once, no hourly retry.
  d.clock().set(nine_am(due, 1));
  d.server().clock_changed();
  REQUIRE(eventually([&] { return has_kind(get(), "escalated"); }));
  CHECK(get().at("supervision_notices").as_int64() == 1);
  CHECK(log.text().find("retrying in an hour") == std::string::npos);
}

TEST_CASE(
    "a warning another daemon already stored is not sent again, and the timer does not retry it") {
  // As when two daemons both believe they lead: the other one commits the overdue step while this
  // one's view of the case is stale. This one's commit is refused (lifecycle::check_warning); it
  // reads the case again and has nothing left to send, rather than retrying at once, forever.
  TestDaemon d;
  auto c = d.connect(k_hotline_token);
  auto ack = *c->call(submit_request(hotline_dispute("F-1")));  // labour, with a district body
  REQUIRE(is_ok(ack));
  const CivilDate due = due_of(ack);
  const lifecycle::CaseId id{ack.at("case").as_int64()};
  {
    auto other = store::SqliteStore::open({.path = (d.dir() / "data" / "tiaojie.sqlite").string()});
    REQUIRE_MESSAGE(other.has_value(), failure(other));
    const Timestamp when = nine_am(due, 1);
    const BodyId body{text(ack, "body")};
    std::vector<store::Change> step{store::CaseEvents{
        id,
        {lifecycle::Event{id, when, "system", body, lifecycle::Overdue{due}},
         lifecycle::Event{id, when, "system", body,
                          lifecycle::SupervisionNotice{{body}, "overdue", due}}}}};
    auto r = (*other)->commit(step);
    REQUIRE(r.has_value());
    REQUIRE_MESSAGE((*r)[0].has_value(), failure((*r)[0]));
  }
  auto op = d.connect(k_operator_token);
  auto timer_events = [&] { return op->call({{"op", "stats"}})->at("timer_events").as_int64(); };
  REQUIRE(timer_events() == 0);
  d.clock().set(nine_am(due, 1));
  d.server().clock_changed();
  REQUIRE(eventually([&] { return timer_events() > 0; }));  // it tried, with its stale view
  const auto tried = timer_events();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(timer_events() == tried);  // and did not try again
  auto kinds = event_kinds(*op->call({{"op", "get"}, {"case", ack.at("case")}}));
  CHECK(std::count(kinds.begin(), kinds.end(), "overdue") == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), "supervision_notice") == 1);
}

TEST_CASE("deadline events the store fails to commit are tried again after a pause, not at once") {
  // Writes of a daemon that starts, stores one case and stops (catching up its projections).
  auto run = [](const std::shared_ptr<store::FaultPlan>& plan) {
    auto d = std::make_unique<TestDaemon>([&](daemon::DaemonConfig& c) { c.store_faults = plan; });
    auto ack = *d->connect(k_hotline_token)->call(submit_request(hotline_dispute("G-1")));
    REQUIRE(is_ok(ack));
    return std::make_pair(std::move(d), ack);
  };
  std::int64_t clean_writes = 0;
  {
    auto clean = std::make_shared<store::FaultPlan>();
    auto [d, ack] = run(clean);
    d->stop();
    clean_writes = clean->writes();
  }
  // The same again, but the store fails every write after those (a database gone away).
  auto failing = std::make_shared<store::FaultPlan>(clean_writes + 1, /*sticky=*/true);
  auto [d, ack] = run(failing);
  auto op = d->connect(k_operator_token);
  auto timer_events = [&] { return op->call({{"op", "stats"}})->at("timer_events").as_int64(); };
  d->clock().set(nine_am(due_of(ack), 1));
  d->server().clock_changed();
  REQUIRE(eventually([&] { return timer_events() > 0; }));  // the overdue step, refused
  const auto tried = timer_events();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(timer_events() == tried);  // not tried again yet: the retry waits 10 s of its clock
  CHECK_FALSE(has_kind(*op->call({{"op", "get"}, {"case", ack.at("case")}}), "overdue"));
}

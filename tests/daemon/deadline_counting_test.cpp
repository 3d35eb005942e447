// Deadlines end to end (docs/calendar.md): provisional deadlines for a year without a calendar
// file, the recount when the file arrives (hot reload or restart) with its deadline_changed
// event, and clocks that start at acceptance. The daemon reads a copy of the shipped 2025 and 2026
// calendar files; the 2027 file is a test fixture (tests/data/calendar/2027.toml).
#include <doctest/doctest.h>

#include "daemon/daemon_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// The daemon's calendar folder: a copy of the shipped files, without 2027.
void own_calendar(daemon::DaemonConfig& c) {
  c.calendar_dir = c.data_dir.parent_path() / "calendar";
  fs::create_directories(c.calendar_dir);
  for (const char* year : {"2025.toml", "2026.toml"}) {
    fs::copy_file(source_dir() / "config" / "calendar" / year, c.calendar_dir / year);
  }
}

void add_2027(const TestDaemon& d) {
  fs::copy_file(source_dir() / "tests" / "data" / "calendar" / "2027.toml",
                d.dir() / "calendar" / "2027.toml");
}

// A labour dispute (15 days from receipt, 劳动争议调解仲裁法 art. 14) received on `received_at`.
json::object labour(const std::string& id, const std::string& received_at) {
  auto d = hotline_dispute(id);
  d["received_at"] = received_at;
  return d;
}

}  // namespace

TEST_CASE(
    "with no 2027 file a case is due provisionally, adding the file and reloading recounts it") {
  TestDaemon d(own_calendar);
  d.clock().set(*parse_timestamp("2026-12-21T10:00:00+08:00"));
  d.server().clock_changed();
  auto op = d.connect(k_operator_token);
  // From 1 November the missing year is reported (the clock is the daemon's, not the machine's).
  auto stats = *op->call({{"op", "stats"}});
  CHECK(text(stats, "calendar_warning").find("config/calendar/2027.toml") != std::string::npos);

  auto sub = d.connect(k_operator_token);
  REQUIRE(is_ok(
      *sub->call({{"op", "subscribe"}, {"filter", {{"kind", json::array{"deadline_changed"}}}}})));
  auto c = d.connect(k_hotline_token);
  auto ack = *c->call(submit_request(labour("P-1", "2026-12-21T09:00:00+08:00")));
  REQUIRE(is_ok(ack));
  // Day 1 is 22 Dec, day 15 Tue 5 Jan 2027: a weekday on the provisional calendar.
  CHECK(text(ack, "due") == "2027-01-05");
  CHECK(ack.at("due_provisional") == true);
  CHECK(text(ack, "provisional_reason").find("2027") != std::string::npos);
  auto get = [&] { return *op->call({{"op", "get"}, {"case", ack.at("case")}}); };
  CHECK(get().at("due_provisional") == true);

  add_2027(d);
  auto reloaded = *op->call({{"op", "reload"}});
  REQUIRE(is_ok(reloaded));
  CHECK(reloaded.at("changed") == true);
  auto pushed = sub->receive();
  REQUIRE(pushed.has_value());
  const auto& ev = pushed->at("event").as_object();
  CHECK(text(ev, "kind") == "deadline_changed");
  CHECK(ev.at("case") == ack.at("case"));
  const auto& data = ev.at("data").as_object();
  CHECK(text(data, "old_due") == "2027-01-05");
  CHECK(text(data, "due") == "2027-01-05");  // 5 Jan is a working day in the 2027 file too
  CHECK(data.at("old_provisional_year").as_int64() == 2027);
  CHECK(data.at("provisional_year").as_int64() == 0);
  CHECK(text(data, "cause") == "calendar changed");

  auto got = get();
  CHECK(text(got, "due") == "2027-01-05");
  CHECK(got.at("due_provisional") == false);
  CHECK_FALSE(got.contains("provisional_reason"));
  CHECK(has_kind(got, "deadline_changed"));
  stats = *op->call({{"op", "stats"}});
  CHECK_FALSE(stats.contains("calendar_warning"));
  CHECK(stats.at("deadlines_changed").as_int64() == 1);

  // A second reload with the same files changes nothing and writes nothing.
  REQUIRE(is_ok(*op->call({{"op", "reload"}})));
  auto kinds = event_kinds(get());
  CHECK(std::count(kinds.begin(), kinds.end(), "deadline_changed") == 1);
}

TEST_CASE("a calendar file added while the daemon was down: the restart recounts, once") {
  TestDaemon d(own_calendar);
  auto c = d.connect(k_hotline_token);
  auto ack = *c->call(submit_request(labour("P-2", "2026-12-21T09:00:00+08:00")));
  REQUIRE(is_ok(ack));
  CHECK(ack.at("due_provisional") == true);
  add_2027(d);
  d.restart();  // the file arrived while the daemon was down
  auto op = d.connect(k_operator_token);
  auto get = [&] { return *op->call({{"op", "get"}, {"case", ack.at("case")}}); };
  REQUIRE(eventually([&] { return has_kind(get(), "deadline_changed"); }));
  auto got = get();
  CHECK(got.at("due_provisional") == false);
  const auto& last = got.at("events").as_array().back().as_object();
  CHECK(text(last, "kind") == "deadline_changed");
  CHECK(text(last.at("data").as_object(), "cause") == "deadlines counted again at start");
  // Counted once: another restart finds nothing to change.
  d.restart();
  auto again = *d.connect(k_operator_token)->call({{"op", "get"}, {"case", ack.at("case")}});
  CHECK(again.at("events").as_array().size() == got.at("events").as_array().size());
}

TEST_CASE("a medical case's 30 working days start at acceptance (医疗纠纷预防和处理条例 art. 38)") {
  TestDaemon d(own_calendar);
  // Received and accepted Fri 13 Feb 2026: due Thu 2 Apr, both make-up Saturdays counted.
  d.clock().set(*parse_timestamp("2026-02-13T11:00:00+08:00"));
  d.server().clock_changed();
  auto c = d.connect(k_hotline_token);
  auto dispute = hotline_dispute("M-1", "医院误诊导致延误治疗，患者家属要求赔偿");
  dispute["received_at"] = "2026-02-13T09:00:00+08:00";
  dispute.erase("parties");
  auto ack = *c->call(submit_request(dispute));
  REQUIRE(is_ok(ack));
  REQUIRE(text(ack, "category") == "medical");
  CHECK(ack.at("due").is_null());
  CHECK(text(ack, "due_waits_for") == "accepted");
  CHECK(text(ack.at("deadline").as_object(), "from") == "accepted");

  auto op = d.connect(k_operator_token);
  auto accepted = *op->call({{"op", "accept"}, {"case", ack.at("case")}});
  REQUIRE(is_ok(accepted));
  CHECK(text(accepted, "due") == "2026-04-02");
  CHECK(accepted.at("due_provisional") == false);
  auto got = *op->call({{"op", "get"}, {"case", ack.at("case")}});
  CHECK(text(got, "due") == "2026-04-02");
  CHECK_FALSE(got.contains("due_waits_for"));
}

TEST_CASE("suspend, resume and extend a medical case's clock, refusals store nothing") {
  TestDaemon d(own_calendar);
  d.clock().set(*parse_timestamp("2026-02-13T11:00:00+08:00"));
  d.server().clock_changed();
  auto c = d.connect(k_hotline_token);
  auto dispute = hotline_dispute("M-2", "医院误诊导致延误治疗，患者家属要求赔偿");
  dispute["received_at"] = "2026-02-13T09:00:00+08:00";
  dispute.erase("parties");
  auto ack = *c->call(submit_request(dispute));
  REQUIRE(is_ok(ack));
  auto op = d.connect(k_operator_token);
  const auto case_id = ack.at("case");
  auto call = [&](json::object req) {
    req["case"] = case_id;
    return *op->call(req);
  };
  auto events = [&] { return call({{"op", "get"}}).at("events").as_array().size(); };
  REQUIRE(text(call({{"op", "accept"}}), "due") == "2026-04-02");

  // Appraisal from Mon 2 Mar to Sat 14 Mar: 9 working days are not counted.
  d.clock().set(*parse_timestamp("2026-03-02T10:00:00+08:00"));
  REQUIRE(is_ok(call({{"op", "suspend"}, {"reason", "鉴定"}})));
  auto before = events();
  auto again = call({{"op", "suspend"}, {"reason", "鉴定"}});
  CHECK(error_code(again) == "conflict");
  CHECK(events() == before);
  CHECK(text(call({{"op", "get"}}), "suspended_since") == "2026-03-02");
  CHECK(error_code(call({{"op", "extend"}, {"reason", "约定"}, {"days", 5}})) ==
        "conflict");  // resume first

  d.clock().set(*parse_timestamp("2026-03-14T10:00:00+08:00"));
  auto resumed = call({{"op", "resume"}});
  REQUIRE(is_ok(resumed));
  CHECK(text(resumed, "due") == "2026-04-16");
  before = events();
  CHECK(error_code(call({{"op", "resume"}})) == "conflict");
  CHECK(events() == before);

  // Extension by agreement, within the rule's cap (30 working days in all).
  CHECK(error_code(call({{"op", "extend"}, {"reason", "双方约定延长"}, {"days", 31}})) ==
        "invalid_input");
  CHECK(events() == before);
  auto extended = call(
      {{"op", "extend"}, {"reason", "双方约定延长"}, {"days", 10}, {"approved_by", "医调委主任"}});
  REQUIRE(is_ok(extended));
  // 16 Apr + 10 working days: 17, 20–24, 27–30 Apr.
  CHECK(text(extended, "due") == "2026-04-30");
  CHECK(error_code(call({{"op", "extend"}, {"reason", "再延"}, {"days", 25}})) == "invalid_input");
  auto got = call({{"op", "get"}});
  CHECK(got.at("suspended_units").as_int64() == 9);
  CHECK(got.at("extended_units").as_int64() == 10);
  CHECK(got.at("extensions").as_int64() == 1);
  const auto& last = got.at("events").as_array().back().as_object();
  CHECK(text(last, "kind") == "extended");
  CHECK(text(last.at("data").as_object(), "approved_by") == "医调委主任");

  // A labour case's law allows no extension.
  auto labour_ack = *c->call(submit_request(labour("L-9", "2026-03-14T09:00:00+08:00")));
  REQUIRE(is_ok(labour_ack));
  auto refused =
      *op->call({{"op", "extend"}, {"case", labour_ack.at("case")}, {"reason", "x"}, {"days", 3}});
  CHECK(error_code(refused) == "conflict");
}

TEST_CASE("a suspended case is not counted overdue while its clock is stopped, and is after") {
  TestDaemon d(own_calendar);
  d.clock().set(*parse_timestamp("2026-02-13T11:00:00+08:00"));
  d.server().clock_changed();
  auto c = d.connect(k_hotline_token);
  auto dispute = hotline_dispute("M-3", "医院误诊导致延误治疗，患者家属要求赔偿");
  dispute["received_at"] = "2026-02-13T09:00:00+08:00";
  dispute.erase("parties");
  auto ack = *c->call(submit_request(dispute));
  REQUIRE(is_ok(ack));
  auto op = d.connect(k_operator_token);
  auto call = [&](json::object req) {
    req["case"] = ack.at("case");
    return *op->call(req);
  };
  auto overdue = [&] { return op->call({{"op", "backlog"}})->at("overdue").as_int64(); };
  REQUIRE(text(call({{"op", "accept"}}), "due") == "2026-04-02");
  d.clock().set(*parse_timestamp("2026-03-02T10:00:00+08:00"));
  REQUIRE(is_ok(call({{"op", "suspend"}, {"reason", "鉴定"}})));
  // Past the due date the case was given before its appraisal: stopped, so not overdue (the
  // deadline policy raises no overdue notice for it either).
  d.clock().set(*parse_timestamp("2026-04-10T10:00:00+08:00"));
  d.server().clock_changed();
  CHECK(overdue() == 0);
  // Resumed, its due date moves by the stopped time (2 Mar to 10 Apr: 27 working days).
  auto resumed = call({{"op", "resume"}});
  REQUIRE(is_ok(resumed));
  const auto due = *parse_date(text(resumed, "due"));
  CHECK(std::chrono::sys_days(due) > std::chrono::sys_days(*parse_date("2026-04-10")));
  CHECK(overdue() == 0);
  d.clock().set(shanghai_midnight(
      std::chrono::year_month_day{std::chrono::sys_days(due) + std::chrono::days{1}}));
  d.server().clock_changed();
  CHECK(overdue() == 1);
}

// `submit` with a native format (issue 6): the channel's token decides which formats it may use,
// the record is mapped by config/formats/<id>.toml, and a 12345 work order's reply deadline runs
// as a second clock beside the mediation deadline.
#include <doctest/doctest.h>

#include <thread>

#include "daemon_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace json = boost::json;

namespace {

json::object work_order(const std::string& id,
                        const std::string& reply_by = "2026年11月26日 17:00") {
  return {{"工单编号", id},
          {"来电时间", "2026年11月24日 09:30"},
          {"诉求人", "王某某"},
          {"联系电话", "138-0000-0001"},
          {"诉求内容", "反映某工地拖欠三十多名工人工资约四十万元，多次讨要未果。"},
          {"诉求类型", "劳资纠纷"},
          {"事发地址", "广州市海珠区凤阳街第3社区某工地"},
          {"办理时限", reply_by}};
}

json::object submit_native(json::object record, const char* format = "hotline_12345") {
  return {{"id", 1}, {"op", "submit"}, {"format", format}, {"record", std::move(record)}};
}

// The daemon with the hotline channel allowed its native work-order format.
void allow_hotline_format(TestDaemon& d) {
  d.config().channels[0].formats = {"hotline_12345"};
  d.restart();
}

bool has_event(const json::object& got, std::string_view kind) {
  for (const auto& e : got.at("events").as_array()) {
    if (e.at("kind").as_string() == kind) return true;
  }
  return false;
}

}  // namespace

TEST_CASE(
    "a 12345 work order submitted in its native format lands with street, community and category") {
  TestDaemon d;
  allow_hotline_format(d);
  auto c = d.connect(k_hotline_token);
  auto ack = c->call(submit_native(work_order("GZ12345-1")));
  REQUIRE(ack.has_value());
  REQUIRE_MESSAGE(is_ok(*ack), json::serialize(*ack));
  CHECK(text(*ack, "category").starts_with("labour"));
  auto got = c->call({{"op", "get"}, {"case", ack->at("case")}});
  REQUIRE(is_ok(*got));
  CHECK(text(*got, "reply_due") == "2026-11-26T17:00:00+08:00");
  CHECK(text(*got, "reply_status") == "pending");
  // The same work order again is the same case.
  auto again = c->call(submit_native(work_order("GZ12345-1")));
  CHECK(again->at("duplicate") == true);
  CHECK(again->at("case") == ack->at("case"));
}

TEST_CASE("a channel may submit only the formats its token allows") {
  TestDaemon d;
  allow_hotline_format(d);
  auto walkin = d.connect(k_walkin_token);
  auto r = walkin->call(submit_native(work_order("GZ12345-2")));
  CHECK(error_code(*r) == "permission_denied");
  CHECK(text(r->at("error").as_object(), "where") == "format");
  auto hotline = d.connect(k_hotline_token);
  CHECK(error_code(*hotline->call(submit_native(work_order("GZ12345-3"), "police_referral"))) ==
        "permission_denied");
  CHECK(error_code(*hotline->call(submit_native(work_order("GZ12345-4"), "fax"))) ==
        "invalid_input");
  // An operator may use any format.
  auto op = d.connect(k_operator_token);
  CHECK(is_ok(*op->call(submit_native(work_order("GZ12345-5")))));
}

TEST_CASE("a malformed native record is refused with its native field and reason") {
  TestDaemon d;
  allow_hotline_format(d);
  auto c = d.connect(k_hotline_token);
  auto record = work_order("GZ12345-6");
  record["来电时间"] = "昨天上午";
  auto r = c->call(submit_native(record));
  REQUIRE(error_code(*r) == "invalid_input");
  CHECK(text(r->at("error").as_object(), "where") == "record.来电时间");
  CHECK(text(r->at("error").as_object(), "message").find("not a date-time") != std::string::npos);
  CHECK(is_ok(*c->call(submit_native(work_order("GZ12345-7")))));  // the connection goes on
}

TEST_CASE("the reply deadline warns and runs over on its own clock, shown by get") {
  TestDaemon d;
  allow_hotline_format(d);
  auto c = d.connect(k_hotline_token);
  // Received 24 Nov 09:30, reply due 25 Nov 17:00: the warning is due from 24 Nov 17:00.
  auto ack = c->call(submit_native(work_order("GZ12345-8", "2026-11-25 17:00")));
  REQUIRE(is_ok(*ack));
  auto op = d.connect(k_operator_token);
  auto wait_for = [&](std::string_view kind) {
    for (int i = 0; i < 200; ++i) {
      auto got = op->call({{"op", "get"}, {"case", ack->at("case")}});
      REQUIRE(is_ok(*got));
      if (has_event(*got, kind)) return *got;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL("no " << kind << " event");
    return json::object{};
  };
  d.clock().advance(std::chrono::hours(8));  // 24 Nov 18:00
  d.server().clock_changed();
  auto soon = wait_for("reply_due_soon");
  CHECK(text(soon, "reply_status") == "due_soon");
  CHECK_FALSE(has_event(soon, "reply_overdue"));
  d.clock().advance(std::chrono::hours(24));  // 25 Nov 18:00
  d.server().clock_changed();
  auto late = wait_for("reply_overdue");
  CHECK(text(late, "reply_status") == "overdue");
}

TEST_CASE(
    "a canonical dispute's address is resolved by the daemon's gazetteer, one outside the district "
    "goes to review") {
  TestDaemon d;
  auto c = d.connect(k_hotline_token);
  auto canonical = [](const std::string& id, const std::string& address) {
    return json::object{{"external_id", id},
                        {"channel", "hotline_12345"},
                        {"received_at", "2026-11-24T09:30:00+08:00"},
                        {"description", "工地拖欠工人工资"},
                        {"address", address}};
  };
  auto inside = c->call(submit_request(canonical("ADDR-1", "海珠区沙园街某工地")));
  REQUIRE_MESSAGE(is_ok(*inside), json::serialize(*inside));
  CHECK(inside->at("needs_review") == false);

  auto outside = c->call(submit_request(canonical("ADDR-2", "广州市天河区某写字楼")));
  REQUIRE_MESSAGE(is_ok(*outside), json::serialize(*outside));
  CHECK(outside->at("needs_review") == true);
  CHECK(text(*outside, "review_reason") ==
        "location needs review: the address lies in 天河区, outside 海珠区");

  auto boundary = c->call(submit_request(canonical("ADDR-3", "海珠区凤阳街与沙园街交界处")));
  REQUIRE(is_ok(*boundary));
  CHECK(boundary->at("needs_review") == true);
  CHECK(text(*boundary, "review_reason").find("candidates: ") != std::string::npos);
}

TEST_CASE("a work order's 办理时限 in working days becomes its reply deadline") {
  TestDaemon d;
  allow_hotline_format(d);
  auto c = d.connect(k_hotline_token);
  auto ack = c->call(submit_native(work_order("GZ12345-9", "2个工作日")));
  REQUIRE_MESSAGE(is_ok(*ack), json::serialize(*ack));
  auto got = c->call({{"op", "get"}, {"case", ack->at("case")}});
  REQUIRE(is_ok(*got));
  CHECK(text(*got, "reply_due") == "2026-11-26T23:59:59+08:00");
}

TEST_CASE("a calendar reload reaches the reply periods of work orders submitted after it") {
  namespace fs = std::filesystem;
  // The daemon's own calendar folder: the shipped 2025 and 2026 files, no 2027 yet.
  TestDaemon d([](daemon::DaemonConfig& c) {
    c.channels[0].formats = {"hotline_12345"};
    c.calendar_dir = c.data_dir.parent_path() / "calendar";
    fs::create_directories(c.calendar_dir);
    for (const char* year : {"2025.toml", "2026.toml"})
      fs::copy_file(source_dir() / "config" / "calendar" / year, c.calendar_dir / year);
  });
  auto c = d.connect(k_hotline_token);
  auto order = [&](const std::string& id) {
    auto o = work_order(id, "2个工作日");
    o["来电时间"] = "2026年12月30日 09:30";
    auto ack = c->call(submit_native(std::move(o)));
    REQUIRE_MESSAGE(is_ok(*ack), json::serialize(*ack));
    auto got = c->call({{"op", "get"}, {"case", ack->at("case")}});
    REQUIRE(is_ok(*got));
    return text(*got, "reply_due");
  };
  // Day 1 Thu 31 Dec, day 2 Fri 1 Jan 2027: a weekday while 2027 has no file.
  CHECK(order("GZ12345-Y1") == "2027-01-01T23:59:59+08:00");

  // The 2027 file (a fixture: 1–3 January off) dropped in and reloaded, no restart.
  fs::copy_file(source_dir() / "tests" / "data" / "calendar" / "2027.toml",
                d.dir() / "calendar" / "2027.toml");
  auto op = d.connect(k_operator_token);
  REQUIRE(is_ok(*op->call({{"op", "reload"}})));
  CHECK(order("GZ12345-Y2") == "2027-01-04T23:59:59+08:00");
}

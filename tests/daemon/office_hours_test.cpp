// Office hours through the daemon's own deadline timer, with the manual clock (docs/calendar.md
// "Office hours"): notices raised outside a body's hours wait for its next opening, a body's own
// hours move that opening and the instant its cases become overdue (close of business, 民法典
// art. 203).
#include <doctest/doctest.h>

#include "daemon_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// A family quarrel at a community committee, one month from receipt (人民调解工作若干规定 art. 33):
// received Tue 3 March 2026, due Fri 3 April, the day before Qingming (4–6 April).
json::object family_dispute(const std::string& id) {
  auto d = hotline_dispute(id, "邻居夫妻吵架，离婚后分居，双方为房屋归属争执");
  d["parties"] = 2;
  d["received_at"] = "2026-03-03T09:30:00+08:00";
  return d;
}

// The shipped graph, with every community committee open 09:00–18:00.
void late_communities(daemon::DaemonConfig& c) {
  const fs::path graph = c.data_dir.parent_path() / "bodies";
  fs::copy(source_dir() / "config" / "bodies", graph, fs::copy_options::recursive);
  const fs::path district = graph / "district.toml";
  std::string text;
  {
    std::ifstream in(district);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string kind = "[kind.community_committee]\n";
  auto at = text.find(kind);
  REQUIRE(at != std::string::npos);
  text.insert(at + kind.size(), "office_hours = [\"09:00-18:00\"]\n");
  std::ofstream(district) << text;
  c.graph_path = graph;
}

struct Case {
  json::value id;
  std::string due;
};

Case submit(TestDaemon& d, const std::string& id) {
  d.clock().set(*parse_timestamp("2026-03-03T10:00:00+08:00"));
  d.server().clock_changed();
  auto ack = *d.connect(k_hotline_token)->call(submit_request(family_dispute(id)));
  REQUIRE_MESSAGE(is_ok(ack), json::serialize(ack));
  REQUIRE(text(ack, "level") == "community");
  return {ack.at("case"), text(ack, "due")};
}

void set_clock(TestDaemon& d, const char* t) {
  d.clock().set(*parse_timestamp(t));
  d.server().clock_changed();
}

// The instant the case's first event of `kind` was stored at, or "" when it has none.
std::string stored_at(TestDaemon& d, const json::value& id, std::string_view kind) {
  auto got = *d.connect(k_operator_token)->call({{"op", "get"}, {"case", id}});
  for (const auto& e : got.at("events").as_array()) {
    if (e.at("kind").as_string() == kind) return text(e.as_object(), "at");
  }
  return "";
}

std::int64_t overdue_in_backlog(TestDaemon& d) {
  return d.connect(k_operator_token)->call({{"op", "backlog"}})->at("overdue").as_int64();
}

}  // namespace

TEST_CASE(
    "an overdue notice raised at 22:00 on the Friday before Qingming goes out on Tuesday 08:30") {
  TestDaemon d;
  const Case c = submit(d, "OH-1");
  REQUIRE(c.due == "2026-04-03");
  // Due soon two working days before, from 00:00 on Wednesday 1 April: delivered at 08:30.
  set_clock(d, "2026-04-01T00:00:00+08:00");
  set_clock(d, "2026-04-01T08:30:00+08:00");
  REQUIRE(eventually([&] { return !stored_at(d, c.id, "due_soon").empty(); }));
  CHECK(stored_at(d, c.id, "due_soon") == "2026-04-01T08:30:00+08:00");

  // Overdue from close of business (17:30) on the due date, as the backlog counts it.
  set_clock(d, "2026-04-03T17:29:00+08:00");
  CHECK(overdue_in_backlog(d) == 0);
  set_clock(d, "2026-04-03T17:30:00+08:00");
  CHECK(overdue_in_backlog(d) == 1);

  // Raised at 22:00 Friday, the notices wait through the holiday for the next opening.
  set_clock(d, "2026-04-03T22:00:00+08:00");
  set_clock(d, "2026-04-06T10:00:00+08:00");  // Qingming Monday: closed
  set_clock(d, "2026-04-07T08:30:00+08:00");
  REQUIRE(eventually([&] { return !stored_at(d, c.id, "escalated").empty(); }));
  CHECK(stored_at(d, c.id, "overdue") == "2026-04-07T08:30:00+08:00");
  CHECK(stored_at(d, c.id, "supervision_notice") == "2026-04-07T08:30:00+08:00");
  auto got = *d.connect(k_operator_token)->call({{"op", "get"}, {"case", c.id}});
  CHECK(text(got, "due") == "2026-04-14");  // five working days from Tuesday's delivery
}

TEST_CASE("a body open 09:00-18:00 is overdue at 18:00 and notified at its own opening") {
  TestDaemon d(late_communities);
  const Case c = submit(d, "OH-2");
  REQUIRE(c.due == "2026-04-03");
  set_clock(d, "2026-04-03T17:45:00+08:00");
  CHECK(overdue_in_backlog(d) == 0);  // the default hours would have closed at 17:30
  set_clock(d, "2026-04-03T18:00:00+08:00");
  CHECK(overdue_in_backlog(d) == 1);

  // 08:45 on Tuesday: the default hours are open, this body not yet.
  set_clock(d, "2026-04-07T08:45:00+08:00");
  set_clock(d, "2026-04-07T09:00:00+08:00");
  REQUIRE(eventually([&] { return !stored_at(d, c.id, "overdue").empty(); }));
  CHECK(stored_at(d, c.id, "overdue") == "2026-04-07T09:00:00+08:00");
}

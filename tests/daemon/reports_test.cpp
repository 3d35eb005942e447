// The daemon's scheduled weekly reports: written at start when a week is due, caught up after
// downtime, computed from what the daemon stored.
#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>

#include "daemon/internal/engine.hpp"
#include "daemon_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::test;

namespace {

// Waits (without asserting on time) until `path` exists.
bool appears(const std::filesystem::path& path) {
  return eventually([&] { return std::filesystem::exists(path); });
}

}  // namespace

TEST_CASE("the daemon writes the week's report when due and catches up the weeks it missed") {
  TestDaemon d;  // Tuesday 2026-11-24 10:00: W47 was due on Monday 08:00
  {
    auto c = d.connect(k_hotline_token);
    auto r = c->call(submit_request(hotline_dispute("R-1")));
    REQUIRE(is_ok(*r));
  }
  const auto dir = d.dir() / "reports";
  d.config().reports.enabled = true;
  d.config().reports.weekly_at = "MON 08:00";
  d.config().reports.dir = dir;
  d.restart();
  REQUIRE(appears(dir / "2026-W47.json"));
  for (const char* ext : {".md", ".html"}) {
    CHECK(std::filesystem::exists(dir / (std::string("2026-W47") + ext)));
  }
  CHECK(std::filesystem::exists(dir / "report-2026-W47-bodies.csv"));
  CHECK_FALSE(std::filesystem::exists(dir / "2026-W46.json"));  // a fresh folder: no backfill

  // Down for two weeks: W48 and W49 are written at the next start, W50 is not over yet.
  d.stop();
  d.clock().set(*parse_timestamp("2026-12-09T09:00:00+08:00"));
  d.start();
  REQUIRE(appears(dir / "2026-W49.json"));
  CHECK(std::filesystem::exists(dir / "2026-W48.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "2026-W50.json"));

  // W49's report is computed from the store: the hotline case submitted in W48 is open in it.
  std::ifstream in(dir / "2026-W49.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto v = boost::json::parse(ss.str());
  CHECK(v.at("week").as_string() == "2026-W49");
  CHECK(v.at("total").at("flows").at("open_end").as_int64() == 1);
  // The test calendar has no 2027: the daemon's note says so in the report's language.
  std::ifstream md(dir / "2026-W49.md");
  std::stringstream paper;
  paper << md.rdbuf();
  CHECK(paper.str().find("尚无2027年工作日历（config/calendar/2027.toml）") != std::string::npos);
  CHECK(paper.str().find("no working-day calendar") == std::string::npos);
}

TEST_CASE("with monthly and quarterly on, the daemon writes those reports too, with workbooks") {
  TestDaemon d;  // Tuesday 2026-11-24 10:00
  {
    auto c = d.connect(k_hotline_token);
    REQUIRE(is_ok(*c->call(submit_request(hotline_dispute("R-1")))));
  }
  const auto dir = d.dir() / "reports";
  d.config().reports.enabled = true;
  d.config().reports.dir = dir;
  d.config().reports.monthly = true;
  d.config().reports.quarterly = true;
  d.restart();
  // A fresh folder: the latest due of each kind, October and the third quarter, no backfill.
  REQUIRE(appears(dir / "2026-10.json"));
  REQUIRE(appears(dir / "2026-Q3.json"));
  CHECK(appears(dir / "2026-W47.json"));
  CHECK(std::filesystem::exists(dir / "report-2026-10-handling.csv"));
  CHECK(std::filesystem::exists(dir / "report-2026-10.xlsx"));
  CHECK(std::filesystem::exists(dir / "report-2026-W47.xlsx"));
  CHECK_FALSE(std::filesystem::exists(dir / "2026-09.json"));

  // Down until 2 December 09:00: November is due (1 December 08:00), the fourth quarter is not.
  d.stop();
  d.clock().set(*parse_timestamp("2026-12-02T09:00:00+08:00"));
  d.start();
  REQUIRE(appears(dir / "2026-11.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "2026-Q4.json"));
  std::ifstream in(dir / "2026-11.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto v = boost::json::parse(ss.str());
  CHECK(v.at("kind").as_string() == "month");
  CHECK(v.at("week").as_string() == "2026-11");
  CHECK(v.at("total").at("flows").at("new").as_int64() == 1);  // R-1, received 11-24
}

TEST_CASE("a scheduled report does not hold up commits: a submit is acknowledged while it runs") {
  TestDaemon d;
  {
    auto c = d.connect(k_hotline_token);
    REQUIRE(is_ok(*c->call(submit_request(hotline_dispute("R-1")))));
  }
  // The hook holds the report between reading the store and writing its files, until released.
  std::mutex mu;
  std::condition_variable cv;
  bool in_report = false, released = false, gave_up = false;
  struct ClearHook {
    ~ClearHook() { daemon::internal::set_report_hook(nullptr); }
  } clear_hook;
  daemon::internal::set_report_hook([&] {
    std::unique_lock lock(mu);
    in_report = true;
    cv.notify_all();
    // Bounded only so that a regression fails the test instead of hanging it.
    gave_up = !cv.wait_for(lock, std::chrono::seconds(60), [&] { return released; });
  });
  const auto dir = d.dir() / "reports";
  d.config().reports.enabled = true;
  d.config().reports.dir = dir;
  d.restart();
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return in_report; }));
  }
  // The report is in progress; a new case is committed and acknowledged meanwhile.
  auto c = d.connect(k_hotline_token);
  auto r = c->call(submit_request(hotline_dispute("R-2")));
  REQUIRE(r.has_value());
  CHECK(is_ok(*r));
  {
    std::lock_guard lock(mu);
    CHECK_FALSE(gave_up);  // acknowledged while the report was still held
    CHECK_FALSE(released);
    released = true;
  }
  cv.notify_all();
  REQUIRE(appears(dir / "2026-W47.json"));
}

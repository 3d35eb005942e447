// /healthz, /readyz and /metrics against a daemon started in the test process.
#include "daemon/http/operations.hpp"

#include <doctest/doctest.h>

#include "daemon/daemon_fixture.hpp"
#include "http/exposition_parser.hpp"
#include "http/http_client.hpp"

namespace tiaojie::test {
namespace {

Exposition scrape(TestDaemon& d) {
  auto r = http_call(d.server().http_port(), "/metrics");
  REQUIRE(r.has_value());
  REQUIRE(r->result_int() == 200);
  CHECK(content_type(*r) == "text/plain; version=0.0.4; charset=utf-8");
  auto e = parse_exposition(r->body());
  for (const auto& why : e.errors) FAIL_CHECK(why);
  return e;
}

}  // namespace

TEST_CASE("the daemon answers HTTP on its own port, and /healthz says it is alive") {
  TestDaemon d;
  REQUIRE(d.server().http_port() != 0);
  CHECK(d.server().http_port() != d.server().port());
  auto r = http_call(d.server().http_port(), "/healthz");
  REQUIRE(r.has_value());
  CHECK(r->result_int() == 200);
  CHECK(content_type(*r) == "text/plain; charset=utf-8");
  CHECK(r->body() == "ok\n");
  CHECK((*r)[beast_http::field::cache_control] == "no-store");
}

TEST_CASE("[http] listen = off starts no HTTP listener") {
  TestDaemon d([](daemon::DaemonConfig& c) { c.http.enabled = false; });
  CHECK(d.server().http_port() == 0);
}

TEST_CASE(
    "/readyz is 503 with the missing year when the calendar does not cover the next 60 days") {
  // The fixture's clock: 2026-11-24. The next 60 days reach 2027-01-23, and config/calendar has no
  // 2027.toml.
  TestDaemon d;
  auto r = http_call(d.server().http_port(), "/readyz");
  REQUIRE(r.has_value());
  CHECK(r->result_int() == 503);
  CHECK(content_type(*r) == "text/plain; charset=utf-8");
  CAPTURE(r->body());
  CHECK(r->body().starts_with("not ready\n"));
  CHECK(r->body().find("- calendar: no working-day calendar for 2027") != std::string::npos);
  CHECK(r->body().find("2027-01-23") != std::string::npos);

  // On 2026-06-01 the next 60 days lie within 2026, which has its file: ready. The clock is the
  // daemon's (injected), never the wall clock.
  d.clock().set(*parse_timestamp("2026-06-01T09:00:00+08:00"));
  auto ready = http_call(d.server().http_port(), "/readyz");
  REQUIRE(ready.has_value());
  CHECK(ready->result_int() == 200);
  CHECK(ready->body() == "ready\n");

  // 2026-11-01: the 60 days reach 2026-12-31 exactly, still within the year's file.
  d.clock().set(*parse_timestamp("2026-11-01T09:00:00+08:00"));
  CHECK(http_call(d.server().http_port(), "/readyz")->result_int() == 200);
  d.clock().set(*parse_timestamp("2026-11-02T09:00:00+08:00"));
  CHECK(http_call(d.server().http_port(), "/readyz")->result_int() == 503);
}

TEST_CASE("/readyz is ready when a calendar file covers the coming year") {
  // A calendar folder of its own: the shipped years and an (empty: weekends only) 2027.
  TestDaemon probe;
  const auto dir = probe.dir() / "calendar";
  std::filesystem::create_directories(dir);
  for (const auto& f : std::filesystem::directory_iterator(source_dir() / "config" / "calendar"))
    std::filesystem::copy(f.path(), dir / f.path().filename());
  // A test file, not the real notice (none was published when this was written): one holiday.
  std::ofstream(dir / "2027.toml") << "year = 2027\nsource = \"test\"\n[[holiday]]\n"
                                   << "name = \"test\"\nfirst = 2027-01-01\nlast = 2027-01-01\n";
  TestDaemon d([&](daemon::DaemonConfig& c) { c.calendar_dir = dir; });
  auto r = http_call(d.server().http_port(), "/readyz");
  REQUIRE(r.has_value());
  CAPTURE(r->body());
  CHECK(r->result_int() == 200);
}

TEST_CASE("/metrics is the Prometheus text format, parsed line by line") {
  TestDaemon d;
  auto e = scrape(d);
  // Every family the operations need is there, with its type.
  const std::map<std::string, std::string> expected{
      {"tiaojie_intake_total", "counter"},
      {"tiaojie_refusals_total", "counter"},
      {"tiaojie_open_cases", "gauge"},
      {"tiaojie_overdue_cases", "gauge"},
      {"tiaojie_ack_latency_seconds", "histogram"},
      {"tiaojie_group_commit_size", "histogram"},
      {"tiaojie_reloads_total", "counter"},
      {"tiaojie_connections", "gauge"},
      {"tiaojie_store_busy_seconds_total", "counter"},
      {"tiaojie_store_busy_share", "gauge"},
      {"tiaojie_leader", "gauge"},
  };
  for (const auto& [name, type] : expected) {
    CAPTURE(name);
    CHECK(e.types[name] == type);
  }
  // One sample per configured channel and level, even before any dispute.
  CHECK(e.value("tiaojie_intake_total", {{"channel", "hotline_12345"}, {"result", "accepted"}}) ==
        0);
  CHECK(e.value("tiaojie_intake_total", {{"channel", "walk_in"}, {"result", "duplicate"}}) == 0);
  for (const char* level : {"community", "street", "district"}) {
    CHECK(e.value("tiaojie_open_cases", {{"level", level}}) == 0);
    CHECK(e.value("tiaojie_overdue_cases", {{"level", level}}) == 0);
  }
  CHECK(e.value("tiaojie_ack_latency_seconds_bucket", {{"le", "0.00025"}}) == 0);
  CHECK(e.value("tiaojie_ack_latency_seconds_bucket", {{"le", "+Inf"}}) == 0);
  CHECK(e.value("tiaojie_info", {{"rules_version", d.server().rules_version()}}) == 1);
  // Alone on its store, the daemon runs the deadline timers and reports.
  CHECK(e.value("tiaojie_leader", {}) == 1);
  // This scrape's own connection is open while it is answered.
  CHECK(e.value("tiaojie_connections", {{"transport", "http"}}) == 1);
}

TEST_CASE(
    "metrics count submits, duplicates, refusals, open cases and overdue ones as they happen") {
  TestDaemon d;
  auto hotline = d.connect(k_hotline_token);
  for (int i = 0; i < 3; ++i) {
    auto r = hotline->call(submit_request(hotline_dispute("M-" + std::to_string(i)), i));
    REQUIRE(r.has_value());
    CHECK(is_ok(*r));
  }
  auto dup = hotline->call(submit_request(hotline_dispute("M-0"), 9));
  REQUIRE(dup.has_value());
  CHECK(dup->at("duplicate") == true);
  auto bad =
      hotline->call({{"id", 10}, {"op", "submit"}, {"dispute", {{"channel", "hotline_12345"}}}});
  REQUIRE(bad.has_value());
  CHECK_FALSE(is_ok(*bad));
  auto op = d.connect(k_operator_token);
  auto op_bad = op->call({{"id", 11}, {"op", "submit"}, {"dispute", 5}});
  REQUIRE(op_bad.has_value());
  CHECK_FALSE(is_ok(*op_bad));

  // A refusal before the engine is counted on the session's strand just after its answer went
  // out: the client may read the answer first.
  CHECK(eventually([&] {
    auto m = scrape(d);
    return m.value("tiaojie_refusals_total", {{"channel", "(operator)"}, {"stage", "request"}}) ==
               1 &&
           m.value("tiaojie_refusals_total",
                   {{"channel", "hotline_12345"}, {"stage", "request"}}) == 1;
  }));
  auto e = scrape(d);
  CHECK(e.value("tiaojie_intake_total", {{"channel", "hotline_12345"}, {"result", "accepted"}}) ==
        3);
  CHECK(e.value("tiaojie_intake_total", {{"channel", "hotline_12345"}, {"result", "duplicate"}}) ==
        1);
  CHECK(e.value("tiaojie_intake_total", {{"channel", "walk_in"}, {"result", "accepted"}}) == 0);
  CHECK(e.value("tiaojie_refusals_total", {{"channel", "hotline_12345"}, {"stage", "request"}}) ==
        1);
  CHECK(e.value("tiaojie_refusals_total", {{"channel", "(operator)"}, {"stage", "request"}}) == 1);
  CHECK(e.value("tiaojie_refusals_total", {{"channel", "hotline_12345"}, {"stage", "store"}}) == 0);
  CHECK(e.value("tiaojie_ack_latency_seconds_count") == 4);
  CHECK(e.value("tiaojie_ack_latency_seconds_bucket", {{"le", "+Inf"}}) == 4);
  CHECK(e.value("tiaojie_ack_latency_seconds_sum") > 0);
  CHECK(e.value("tiaojie_group_commit_size_sum") == 4);
  CHECK(e.value("tiaojie_group_commit_size_count") >= 1);
  CHECK(e.value("tiaojie_group_commit_size_count") <= 4);
  CHECK(e.total("tiaojie_open_cases") == 3);
  CHECK(e.total("tiaojie_overdue_cases") == 0);
  CHECK(e.value("tiaojie_connections", {{"transport", "tcp"}}) == 2);
  CHECK(e.value("tiaojie_connections_accepted_total", {{"transport", "tcp"}}) == 2);
  CHECK(e.value("tiaojie_store_busy_seconds_total") > 0);

  // Two months on, every case is past its due date: overdue, wherever the timers escalated it.
  d.clock().advance(std::chrono::days(60));
  d.server().clock_changed();
  CHECK(eventually([&] { return scrape(d).total("tiaojie_overdue_cases") == 3; }));
  CHECK(scrape(d).total("tiaojie_open_cases") == 3);
}

TEST_CASE("a reload is counted in the metrics") {
  TestDaemon d;
  auto op = d.connect(k_operator_token);
  auto r = op->call({{"id", 1}, {"op", "reload"}});
  REQUIRE(r.has_value());
  CHECK(is_ok(*r));
  auto e = scrape(d);
  CHECK(e.value("tiaojie_reloads_total", {{"result", "ok"}}) == 1);
  CHECK(e.value("tiaojie_reloads_total", {{"result", "failed"}}) == 0);
}

}  // namespace tiaojie::test

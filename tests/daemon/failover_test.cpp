// Two `tiaojie serve` on one PostgreSQL database (docs/scaling.md): one leads (deadline timers,
// reports) and the other takes over when it dies. The leader is killed with SIGKILL while both
// take submits; then every acknowledged dispute is stored exactly once, each case got its
// deadline warnings exactly once (none lost with the leader, none sent again by the new one), and
// the store verifies. The disputes' 12345 reply deadline has long passed: the leader sends
// reply_overdue for each at once (the reply clock does not wait for office hours).
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "daemon_fixture.hpp"
#include "model/time.hpp"
#include "repeat_fixture.hpp"
#include "serve_config.hpp"
#include "serve_process.hpp"
#include "store/internal/pg_connection.hpp"
#include "store/open_store.hpp"
#include "support/pg_cluster.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

bool leads(const ServeProcess& d) {
  auto op = signed_in_client(d.port(), k_operator_token);
  auto stats = op->call({{"op", "stats"}});
  return stats && is_ok(*stats) && stats->at("leader").as_bool();
}

// A 12345 work order received ten days ago, its reply due three days later: past on any date
// the test runs.
json::object late_order(const std::string& external_id) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto d = hotline_dispute(external_id);
  d["received_at"] = format_timestamp(now - std::chrono::days{10});
  d["reply_due"] = format_timestamp(now - std::chrono::days{7});
  return d;
}

// A 12345 work order without `received_at`: the daemon stamps it with its own clock, so its reply
// and mediation deadlines lie ahead on any date the test runs and no deadline timer adds events.
// (With the fixture's fixed date, a run in 2028 found two overdue events beside the four the test
// counts.) The test itself reads no clock.
json::object fresh_order(
    const std::string& external_id,
    const std::string& description = "凤阳街某工地拖欠三十多名工人工资约四十万元") {
  auto d = hotline_dispute(external_id, description);
  d.erase("received_at");
  return d;
}

// Per case id, how many events of each kind the log holds.
std::map<std::int64_t, std::map<std::string, int>> kinds_per_case(const std::string& url) {
  auto s = store::open_store(*store::parse_store_url(url, {}),
                             {.create_if_missing = false, .read_only = true});
  REQUIRE_MESSAGE(s.has_value(), s.error().to_string());
  auto events = (*s)->events_since(0, 1'000'000);
  REQUIRE(events.has_value());
  std::map<std::int64_t, std::map<std::string, int>> out;
  for (const auto& se : *events)
    ++out[se.event.case_id.value][std::string(lifecycle::to_string(se.event.kind()))];
  return out;
}

}  // namespace

TEST_CASE(
    "failover: the leader dies under load, the other takes over, nothing lost or sent twice") {
  auto dir = fresh_test_dir("failover", "pg");
  const auto url = postgres_url();
  auto a = std::make_unique<ServeProcess>(
      std::vector<std::string>{"--config", write_shared_store_config(dir / "a", url).string()},
      dir / "a.log");
  REQUIRE(eventually([&] { return leads(*a); }));  // the first daemon takes the lead
  ServeProcess b({"--config", write_shared_store_config(dir / "b", url).string()}, dir / "b.log");
  CHECK_FALSE(leads(b));

  // Both take submits; the leader sends the warnings of the follower's cases too.
  std::set<std::string> acked;                  // external ids
  std::map<std::string, std::int64_t> case_of;  // external id → case
  auto submit = [&](daemon::Client& c, const std::string& id) {
    auto ack = c.call(submit_request(late_order(id)));
    if (!ack || !is_ok(*ack)) return false;
    acked.insert(id);
    case_of[id] = ack->at("case").as_int64();
    return true;
  };
  auto to_a = signed_in_client(a->port(), k_hotline_token);
  auto to_b = signed_in_client(b.port(), k_hotline_token);
  for (int i = 0; i < 20; ++i) {
    REQUIRE(submit(*to_a, fmt::format("FO-A-{:03}", i)));
    REQUIRE(submit(*to_b, fmt::format("FO-B-{:03}", i)));
  }
  auto every_case_warned = [&] {
    auto kinds = kinds_per_case(url);
    for (const auto& [id, c] : case_of) {
      if (kinds[c]["reply_overdue"] == 0) return false;
    }
    return true;
  };
  if (!eventually(every_case_warned)) {
    for (const auto& [kind, n] : kinds_per_case(url)[case_of.begin()->second])
      MESSAGE(kind, " ", n);
    MESSAGE(a->log());
    FAIL("the leader did not warn every case");
  }

  // Under load: submits to both, the leader killed in the middle; the follower keeps taking them.
  int i = 20;
  std::chrono::steady_clock::time_point killed;
  for (; i < 60; ++i) {
    (void)submit(*to_a, fmt::format("FO-A-{:03}", i));
    REQUIRE(submit(*to_b, fmt::format("FO-B-{:03}", i)));
    if (i == 40) {
      a->signal(SIGKILL);
      killed = std::chrono::steady_clock::now();
    }
  }
  REQUIRE(eventually([&] { return leads(b); }));
  const auto takeover = std::chrono::steady_clock::now() - killed;
  MESSAGE("takeover after the leader's death: ",
          std::chrono::duration_cast<std::chrono::milliseconds>(takeover).count(), " ms");
  CHECK(a->wait_exit() != 0);
  for (; i < 70; ++i) REQUIRE(submit(*to_b, fmt::format("FO-B-{:03}", i)));
  // The new leader sends what the dead one had not, for the cases of both.
  CHECK(eventually(every_case_warned));

  // Every acknowledged dispute once; no case warned twice for the same deadline.
  auto s = store::open_store(*store::parse_store_url(url, {}), {.create_if_missing = false});
  REQUIRE_MESSAGE(s.has_value(), s.error().to_string());
  std::set<std::int64_t> cases;
  for (const auto& id : acked) {
    auto found = (*s)->find_by_key("hotline_12345", id);
    REQUIRE(found.has_value());
    REQUIRE_MESSAGE(found->has_value(), id);
    CHECK((*found)->state.id.value == case_of[id]);
    cases.insert(case_of[id]);
  }
  CHECK(cases.size() == acked.size());
  for (const auto& [c, kinds] : kinds_per_case(url)) {
    CAPTURE(c);
    for (const char* kind : {"reply_due_soon", "reply_overdue", "due_soon", "overdue"}) {
      CAPTURE(kind);
      const auto sent = kinds.contains(kind) ? kinds.at(kind) : 0;
      CHECK(sent <= 1);
    }
    CHECK(kinds.at("submitted") == 1);
  }
  auto report = (*s)->verify();
  REQUIRE(report.has_value());
  CHECK(report->ok());
  b.signal(SIGTERM);
  CHECK(b.wait_exit() == 0);
  fs::remove_all(dir);
}

TEST_CASE(
    "a subscriber on one daemon sees the events committed through the other, in order, and a case "
    "changed through either is read fresh") {
  auto dir = fresh_test_dir("shared-events", "pg");
  const auto url = postgres_url();
  ServeProcess a({"--config", write_shared_store_config(dir / "a", url).string()}, dir / "a.log");
  ServeProcess b({"--config", write_shared_store_config(dir / "b", url).string()}, dir / "b.log");
  auto sub = signed_in_client(b.port(), k_operator_token);
  REQUIRE(is_ok(*sub->call({{"op", "subscribe"}, {"filter", {{"category", "labour"}}}})));

  auto to_a = signed_in_client(a.port(), k_hotline_token);
  auto neighbour = to_a->call(submit_request(fresh_order("SE-0", "楼上漏水，邻居不理")));
  REQUIRE(is_ok(*neighbour));  // filtered out
  auto labour = to_a->call(submit_request(fresh_order("SE-1")));
  REQUIRE(is_ok(*labour));
  // Accepted through the other daemon at once, before it polled: the event still names the body
  // the case is at (read from the store, not from what that daemon had seen).
  auto op_b = signed_in_client(b.port(), k_operator_token);
  auto accepted = op_b->call({{"op", "accept"}, {"case", labour->at("case")}});
  REQUIRE(is_ok(*accepted));
  CHECK(text(*accepted, "status") == "accepted");

  std::vector<std::string> kinds;
  std::int64_t previous_seq = 0;
  for (int i = 0; i < 4; ++i) {
    auto e = sub->receive();
    REQUIRE_MESSAGE(e.has_value(), e.error().to_string());
    REQUIRE(e->contains("event"));
    const auto& ev = e->at("event").as_object();
    CHECK(ev.at("case") == labour->at("case"));
    CHECK(ev.at("seq").as_int64() > previous_seq);
    previous_seq = ev.at("seq").as_int64();
    kinds.emplace_back(ev.at("kind").as_string());
  }
  CHECK(kinds == std::vector<std::string>{"submitted", "classified", "assigned", "accepted"});

  auto got = op_b->call({{"op", "get"}, {"case", labour->at("case")}});
  REQUIRE(is_ok(*got));
  const auto& events = got->at("events").as_array();
  REQUIRE(events.size() == 4);
  CHECK(text(events[3].as_object(), "kind") == "accepted");
  CHECK(text(events[3].as_object(), "body") == text(*labour, "body"));
  CHECK_FALSE(text(*labour, "body").empty());

  // The other daemon's cases count in this one's open cases and backlog too.
  CHECK(eventually([&] {
    auto stats = op_b->call({{"op", "stats"}});
    return stats && is_ok(*stats) && stats->at("open_cases").as_int64() == 2;
  }));
  a.signal(SIGTERM);
  b.signal(SIGTERM);
  CHECK(a.wait_exit() == 0);
  CHECK(b.wait_exit() == 0);
  fs::remove_all(dir);
}

TEST_CASE("a repeat dispute is linked to the earlier one that came in through the other daemon") {
  auto dir = fresh_test_dir("shared-repeats", "pg");
  const auto url = postgres_url();
  ServeProcess a({"--config", write_shared_store_config(dir / "a", url).string()}, dir / "a.log");
  ServeProcess b({"--config", write_shared_store_config(dir / "b", url).string()}, dir / "b.log");
  // Received yesterday, whatever the date: inside the repeat window.
  const auto yesterday =
      format_timestamp(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
                       std::chrono::days{1});
  auto from_claimant = [&](const std::string& id) {
    auto d = quarrel(id, "13900001111", yesterday);
    d["channel"] = "hotline_12345";
    return d;
  };
  auto to_a = signed_in_client(a.port(), k_hotline_token);
  auto first = to_a->call(submit_request(from_claimant("RP-1")));
  REQUIRE(is_ok(*first));
  auto op_b = signed_in_client(b.port(), k_operator_token);
  REQUIRE(eventually([&] {  // b has read it from the log
    auto stats = op_b->call({{"op", "stats"}});
    return stats && is_ok(*stats) && stats->at("open_cases").as_int64() == 1;
  }));
  auto to_b = signed_in_client(b.port(), k_hotline_token);
  auto second = to_b->call(submit_request(from_claimant("RP-2")));
  REQUIRE(is_ok(*second));
  CHECK(second->at("repeat_count").as_int64() == 1);
  CHECK(linked(*second) == std::vector<std::int64_t>{first->at("case").as_int64()});
  a.signal(SIGTERM);
  b.signal(SIGTERM);
  CHECK(a.wait_exit() == 0);
  CHECK(b.wait_exit() == 0);
  fs::remove_all(dir);
}

TEST_CASE("a daemon with another repeat key than the store's refuses to start, naming its file") {
  auto dir = fresh_test_dir("shared-repeats", "other-key");
  const auto url = postgres_url();
  ServeProcess a({"--config", write_shared_store_config(dir / "a", url).string()}, dir / "a.log");
  // b keeps its own key in its data folder, created at its start.
  fs::create_directories(dir / "b");
  auto config = write_serve_config(dir / "b");
  std::ofstream(config, std::ios::app) << "[store]\nurl = \"" << url << "\"\n";
  const std::string command = "cd '" + (dir / "b").string() + "' && timeout 60 '" +
                              std::string(TIAOJIE_CLI) + "' serve --config '" + config.string() +
                              "' 2> '" + (dir / "b.err").string() + "'";
  const int raw = std::system(command.c_str());
  REQUIRE(WIFEXITED(raw));
  CHECK(WEXITSTATUS(raw) != 0);
  CHECK(WEXITSTATUS(raw) != 124);  // stopped by itself, not by the timeout
  const auto err = slurp(dir / "b.err");
  CHECK_MESSAGE(
      err.find("is not the one the other daemons on this store hash with") != std::string::npos,
      err);
  CHECK_MESSAGE(err.find((dir / "b" / "data" / "repeat.key").string()) != std::string::npos, err);
  a.signal(SIGTERM);
  CHECK(a.wait_exit() == 0);
  fs::remove_all(dir);
}

TEST_CASE("a daemon whose database connection is cut connects again and goes on serving") {
  // As when the PostgreSQL server restarts under a running daemon: every session ends. The daemon
  // refuses what met the lost connection (the client sends it again) and takes the lead again.
  auto dir = fresh_test_dir("failover", "reconnect");
  const auto url = postgres_url();
  ServeProcess d({"--config", write_shared_store_config(dir / "d", url).string()}, dir / "d.log");
  REQUIRE(eventually([&] { return leads(d); }));
  auto c = signed_in_client(d.port(), k_hotline_token);
  REQUIRE(is_ok(*c->call(submit_request(hotline_dispute("R-1")))));

  auto admin = store::internal::PgConnection::connect(url);
  REQUIRE(admin.has_value());
  admin->exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");

  int refused = 0;
  bool stored = false;
  for (int i = 0; i < 50 && !stored; ++i) {  // a channel adapter's retries, 100 ms apart
    auto ack = c->call(submit_request(hotline_dispute("R-2")));
    REQUIRE(ack.has_value());
    stored = is_ok(*ack);
    if (!stored) {
      ++refused;
      CHECK(ack->at("error").at("code") == "io_error");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  CHECK(stored);
  CHECK(refused <= 1);  // only the submit that met the lost connection
  CHECK(eventually([&] { return leads(d); }));
  const auto kinds = kinds_per_case(url);
  CHECK(kinds.size() == 2);  // each once
  d.signal(SIGTERM);
  CHECK(d.wait_exit() == 0);
  fs::remove_all(dir);
}

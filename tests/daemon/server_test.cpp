// Integration tests against a real daemon (tests/daemon/daemon_fixture.hpp).
#include "daemon/server.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "daemon_fixture.hpp"
#include "graph/load.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace json = boost::json;

TEST_CASE(
    "a submitted dispute is acknowledged with its case, decision, body and rule-set version") {
  TestDaemon d;
  auto c = d.connect(k_hotline_token);
  auto r = c->call(submit_request(hotline_dispute("H-1"), 7));
  REQUIRE(r.has_value());
  REQUIRE_MESSAGE(is_ok(*r), json::serialize(*r));
  CHECK(r->at("id") == 7);
  CHECK(r->at("case").as_int64() > 0);
  CHECK(r->at("duplicate") == false);
  CHECK(text(*r, "category") == "labour");
  CHECK_FALSE(text(*r, "body").empty());
  CHECK(text(*r, "rules_version") == d.server().rules_version());
  CHECK(text(*r, "graph_version") == d.server().graph_version());
}

TEST_CASE("a resubmitted dispute returns the original acknowledgement, not a second case") {
  TestDaemon d;
  auto c = d.connect(k_hotline_token);
  auto first = c->call(submit_request(hotline_dispute("H-2")));
  auto again = c->call(submit_request(hotline_dispute("H-2")));
  REQUIRE(is_ok(*first));
  REQUIRE(is_ok(*again));
  CHECK(again->at("case") == first->at("case"));
  CHECK(again->at("duplicate") == true);
  CHECK(text(*again, "body") == text(*first, "body"));
  auto op = d.connect(k_operator_token);
  auto stats = op->call({{"op", "stats"}});
  CHECK(stats->at("open_cases").as_int64() == 1);
}

TEST_CASE("pipelined submits are answered in request order") {
  TestDaemon d;
  auto c = d.connect(k_hotline_token);
  for (int i = 0; i < 200; ++i)
    REQUIRE(c->send(submit_request(hotline_dispute("P-" + std::to_string(i)), i)));
  for (int i = 0; i < 200; ++i) {
    auto r = c->receive();
    REQUIRE(r.has_value());
    CHECK(r->at("id") == i);
    CHECK(is_ok(*r));
  }
}

TEST_CASE(
    "a get or a backlog pipelined right behind submits on one connection sees those submits") {
  // The reads were queued to the store thread straight from the connection, so they could
  // overtake a submit still waiting on the engine's strand and answer "no such case".
  TestDaemon d;
  auto c = d.connect(k_operator_token);
  const int n = 100;
  int id = 0;
  for (int i = 0; i < n; ++i) {
    const std::string ext = "RYW-" + std::to_string(i);
    REQUIRE(c->send(submit_request(hotline_dispute(ext), id++)));
    REQUIRE(
        c->send({{"id", id++}, {"op", "get"}, {"channel", "hotline_12345"}, {"external_id", ext}}));
  }
  REQUIRE(c->send({{"id", id++}, {"op", "backlog"}}));
  for (int i = 0; i < n; ++i) {
    auto ack = c->receive();
    REQUIRE(ack.has_value());
    REQUIRE(is_ok(*ack));
    auto got = c->receive();
    REQUIRE(got.has_value());
    CAPTURE(*got);
    CHECK(is_ok(*got));
    if (is_ok(*got)) CHECK(got->at("case") == ack->at("case"));
  }
  auto backlog = c->receive();
  REQUIRE(backlog.has_value());
  REQUIRE(is_ok(*backlog));
  CHECK(backlog->at("open") == n);
}

TEST_CASE("every lifecycle operation works and an illegal one is refused with conflict") {
  TestDaemon d;
  auto ch = d.connect(k_hotline_token);
  std::vector<std::int64_t> cases;
  for (int i = 0; i < 4; ++i) {
    auto r = ch->call(submit_request(hotline_dispute("L-" + std::to_string(i))));
    REQUIRE(is_ok(*r));
    cases.push_back(r->at("case").as_int64());
  }
  auto op = d.connect(k_operator_token);
  auto call = [&](json::object req) { return *op->call(req); };

  // accept → resolve → close
  CHECK(text(call({{"op", "accept"}, {"case", cases[0]}}), "status") == "accepted");
  // Issue 16: a resolve without its outcome was taken as "resolved".
  auto no_outcome = call({{"op", "resolve"}, {"case", cases[0]}, {"agreement", "分期支付"}});
  CHECK(error_code(no_outcome) == "invalid_input");
  CHECK(text(no_outcome.at("error").as_object(), "where") == "outcome");
  CHECK(text(call({{"op", "resolve"},
                   {"case", cases[0]},
                   {"outcome", "resolved"},
                   {"agreement", "分期支付"}}),
             "status") == "resolved");
  CHECK(text(call({{"op", "close"}, {"case", cases[0]}}), "status") == "closed");
  // accept → failed
  call({{"op", "accept"}, {"case", cases[1]}});
  auto failed = call({{"op", "resolve"},
                      {"case", cases[1]},
                      {"outcome", "failed"},
                      {"next_route", "arbitration"}});
  CHECK(text(failed, "status") == "failed");
  // transfer to another body keeps the case id
  auto transferred = call({{"op", "transfer"},
                           {"case", cases[2]},
                           {"body", "hz.district.committee"},
                           {"reason", "复杂"}});
  REQUIRE_MESSAGE(is_ok(transferred), json::serialize(transferred));
  CHECK(transferred.at("case") == cases[2]);
  CHECK(text(transferred, "body") == "hz.district.committee");
  // withdraw
  CHECK(text(call({{"op", "withdraw"}, {"case", cases[3]}, {"reason", "已私了"}}), "status") ==
        "withdrawn");
  // illegal: closing an open case; unknown case; unknown body
  CHECK(error_code(call({{"op", "close"}, {"case", cases[2]}})) == "conflict");
  CHECK(error_code(call({{"op", "accept"}, {"case", 999999}})) == "not_found");
  CHECK(error_code(call({{"op", "transfer"}, {"case", cases[2]}, {"body", "hz.nowhere"}})) ==
        "not_found");
  CHECK(error_code(call({{"op", "accept"}, {"case", "x"}})) == "invalid_input");
  // get returns the history
  auto got = call({{"op", "get"}, {"case", cases[0]}});
  REQUIRE(is_ok(got));
  CHECK(text(got, "status") == "closed");
  CHECK(got.at("events").as_array().size() >= 6);
  auto backlog = call({{"op", "backlog"}});
  CHECK(backlog.at("open").as_int64() == 1);  // only the transferred case is still open
}

TEST_CASE("each role is refused what it may not do, and the connection continues") {
  TestDaemon d;
  auto anon = d.connect();
  CHECK(error_code(*anon->call(submit_request(hotline_dispute("A-1")))) == "permission_denied");
  CHECK(error_code(*anon->call({{"op", "stats"}})) == "permission_denied");
  CHECK(error_code(*anon->call({{"op", "hello"}, {"token", "wrong-token"}})) ==
        "permission_denied");

  auto walkin = d.connect(k_walkin_token);
  auto own =
      walkin->call(submit_request(hotline_dispute("A-2")));  // a hotline dispute from walk_in
  CHECK(error_code(*own) == "permission_denied");
  for (const char* op :
       {"accept", "transfer", "resolve", "withdraw", "close", "backlog", "subscribe", "reload"}) {
    CAPTURE(op);
    CHECK(error_code(*walkin->call({{"op", op}, {"case", 1}})) == "permission_denied");
  }
  auto hotline = d.connect(k_hotline_token);
  auto ack = hotline->call(submit_request(hotline_dispute("A-3")));
  REQUIRE(is_ok(*ack));
  CHECK(is_ok(*hotline->call({{"op", "get"}, {"case", ack->at("case")}})));
  CHECK(is_ok(*hotline->call({{"op", "get"}, {"external_id", "A-3"}})));
  // another channel may not read it
  CHECK(error_code(*walkin->call({{"op", "get"}, {"case", ack->at("case")}})) ==
        "permission_denied");
  // still connected and working
  auto w = hotline_dispute("A-4");
  w["channel"] = "walk_in";
  CHECK(is_ok(*walkin->call(submit_request(w))));
}

TEST_CASE("bad JSON and invalid disputes get precise errors and the connection continues") {
  TestDaemon d;
  auto c = d.connect(k_hotline_token);
  REQUIRE(c->send_line("{\"op\":\"submit\",\"dispute\":{"));
  auto bad = c->receive();
  CHECK(error_code(*bad) == "invalid_input");
  auto no_desc = hotline_dispute("I-1");
  no_desc.erase("description");
  auto r1 = c->call(submit_request(no_desc));
  CHECK(error_code(*r1) == "invalid_input");
  CHECK(r1->at("error").at("where") == "dispute.description");
  auto bad_parties = hotline_dispute("I-2");
  bad_parties["parties"] = "three";
  CHECK(c->call(submit_request(bad_parties))->at("error").at("where") == "dispute.parties");
  auto unknown_channel = hotline_dispute("I-3");
  unknown_channel["channel"] = "fax";
  CHECK(error_code(*c->call(submit_request(unknown_channel))) == "invalid_input");
  // A dispute sent as text that is not JSON: the dispute parser's error, with a byte position.
  auto text_line = c->call({{"op", "submit"}, {"dispute", "{\"external_id\":\"T16\","}});
  CHECK(error_code(*text_line) == "invalid_input");
  CHECK(std::string(text_line->at("error").at("where").as_string()).starts_with("dispute"));
  CHECK(is_ok(*c->call(submit_request(hotline_dispute("I-4")))));
}

TEST_CASE("an over-long line closes the connection with a final error, the daemon keeps serving") {
  TestDaemon d;
  auto c = d.connect(k_hotline_token);
  REQUIRE(c->send_line(std::string(70 * 1024, 'x')));
  auto final_line = c->receive();
  REQUIRE(final_line.has_value());
  CHECK(error_code(*final_line) == "resource_exhausted");
  CHECK_FALSE(c->receive().has_value());
  auto other = d.connect(k_hotline_token);
  CHECK(is_ok(*other->call(submit_request(hotline_dispute("O-1")))));
}

TEST_CASE("a subscriber receives the events of new cases and lifecycle changes, filtered") {
  TestDaemon d;
  auto sub = d.connect(k_operator_token);
  REQUIRE(is_ok(*sub->call({{"op", "subscribe"}, {"filter", {{"category", "labour"}}}})));
  auto ch = d.connect(k_hotline_token);
  auto other = ch->call(submit_request(hotline_dispute("S-0", "楼上漏水，邻居不理")));
  auto ack = ch->call(submit_request(hotline_dispute("S-1")));
  REQUIRE(is_ok(*ack));
  auto op = d.connect(k_operator_token);
  REQUIRE(is_ok(*op->call({{"op", "accept"}, {"case", ack->at("case")}})));
  std::vector<std::string> kinds;
  for (int i = 0; i < 4; ++i) {
    auto e = sub->receive();
    REQUIRE(e.has_value());
    REQUIRE(e->contains("event"));
    const auto& ev = e->at("event").as_object();
    CHECK(ev.at("case") == ack->at("case"));  // the neighbour dispute is filtered out
    CHECK(text(ev, "category") == "labour");
    kinds.push_back(text(ev, "kind"));
  }
  CHECK(kinds == std::vector<std::string>{"submitted", "classified", "assigned", "accepted"});
  (void)other;
}

TEST_CASE("editing a rule file changes the next decision, a broken edit changes nothing") {
  TestDaemon d;
  auto c = d.connect(k_hotline_token);
  auto op = d.connect(k_operator_token);
  const std::string words = "测试专用词语甲乙丙";
  auto before = c->call(submit_request(hotline_dispute("R-1", words)));
  REQUIRE(is_ok(*before));
  CHECK(text(*before, "category") != "labour");
  auto old_version = d.server().rules_version();

  auto file = d.dir() / "rules" / "category.toml";
  std::stringstream buf;
  buf << std::ifstream(file).rdbuf();
  std::string original = buf.str();
  std::string edited = original;
  auto pos = edited.find("\"拖欠工资\",");
  REQUIRE(pos != std::string::npos);
  edited.insert(pos, "\"" + words + "\", ");
  std::ofstream(file, std::ios::trunc) << edited;
  // A dry run replays the stored case under the edit and swaps nothing.
  auto dry = op->call({{"op", "reload"}, {"dry_run", true}});
  REQUIRE_MESSAGE(is_ok(*dry), json::serialize(*dry));
  CHECK(dry->at("dry_run") == true);
  CHECK(dry->at("window_days") == 30);
  CHECK(dry->at("replay").at("cases") == 1);
  CHECK(dry->at("replay").at("changed") == 1);
  CHECK(dry->at("changed") == true);
  CHECK(d.server().rules_version() == old_version);
  auto bad_window = op->call({{"op", "reload"}, {"dry_run", true}, {"window_days", 0}});
  CHECK_FALSE(is_ok(*bad_window));
  auto reloaded = op->call({{"op", "reload"}});
  REQUIRE_MESSAGE(is_ok(*reloaded), json::serialize(*reloaded));
  CHECK(reloaded->at("changed") == true);
  auto after = c->call(submit_request(hotline_dispute("R-2", words)));
  CHECK(text(*after, "category") == "labour");
  CHECK(text(*after, "rules_version") != old_version);
  auto good_version = d.server().rules_version();

  std::ofstream(file, std::ios::app) << "\n[[rule]]\nid = \n";
  auto refused = op->call({{"op", "reload"}});
  REQUIRE(refused.has_value());
  CHECK_FALSE(is_ok(*refused));
  std::string where(refused->at("error").at("where").as_string());
  CHECK(where.find("category.toml:") != std::string::npos);
  CHECK(d.server().rules_version() == good_version);
  auto still = c->call(submit_request(hotline_dispute("R-3", words)));
  CHECK(text(*still, "category") == "labour");
  CHECK(text(*still, "rules_version") == good_version);
}

TEST_CASE("a dry-run reload replays the configured window unless the request names its own") {
  TestDaemon d;
  d.config().replay.dry_run_window_days = 5;
  d.restart();
  auto c = d.connect(k_hotline_token);
  auto op = d.connect(k_operator_token);
  REQUIRE(is_ok(*c->call(submit_request(hotline_dispute("W-1")))));
  // The case was received ten days before "now": outside the configured 5 days, inside 30.
  d.clock().advance(std::chrono::days{10});
  auto configured = op->call({{"op", "reload"}, {"dry_run", true}});
  REQUIRE_MESSAGE(is_ok(*configured), json::serialize(*configured));
  CHECK(configured->at("window_days") == 5);
  CHECK(configured->at("replay").at("cases") == 0);
  auto requested = op->call({{"op", "reload"}, {"dry_run", true}, {"window_days", 30}});
  REQUIRE_MESSAGE(is_ok(*requested), json::serialize(*requested));
  CHECK(requested->at("window_days") == 30);
  CHECK(requested->at("replay").at("cases") == 1);
}

TEST_CASE("after a restart every acknowledged case is there and open cases are counted again") {
  TestDaemon d;
  std::vector<std::int64_t> cases;
  {
    auto c = d.connect(k_hotline_token);
    for (int i = 0; i < 20; ++i) {
      auto r = c->call(submit_request(hotline_dispute("K-" + std::to_string(i))));
      REQUIRE(is_ok(*r));
      cases.push_back(r->at("case").as_int64());
    }
    auto op = d.connect(k_operator_token);
    REQUIRE(is_ok(*op->call({{"op", "withdraw"}, {"case", cases[0]}})));
  }
  d.restart();
  auto op = d.connect(k_operator_token);
  auto backlog = op->call({{"op", "backlog"}});
  CHECK(backlog->at("open").as_int64() == 19);
  for (auto id : cases) CHECK(is_ok(*op->call({{"op", "get"}, {"case", id}})));
  auto c = d.connect(k_hotline_token);
  auto again = c->call(submit_request(hotline_dispute("K-5")));
  CHECK(again->at("duplicate") == true);
  CHECK(again->at("case") == cases[5]);
}

TEST_CASE(
    "the daemon keeps its graph's snapshot in the data folder and routes the same after a "
    "restart") {
  TestDaemon d;
  const auto version = graph::check_graph(d.config().graph_path).graph->version();
  auto snapshots = [&] {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(d.config().data_dir / "graph-cache")) {
      names.push_back(e.path().filename().string());
    }
    return names;
  };
  REQUIRE(snapshots().size() == 1);
  CHECK(snapshots()[0].starts_with(version + "."));
  json::object first;
  {
    auto c = d.connect(k_hotline_token);
    first = *c->call(submit_request(hotline_dispute("S-1")));
    REQUIRE(is_ok(first));
  }
  d.restart();  // reads the snapshot: the graph files are unchanged
  CHECK(snapshots().size() == 1);
  auto c = d.connect(k_hotline_token);
  auto second = c->call(submit_request(hotline_dispute("S-2")));
  REQUIRE(is_ok(*second));
  auto op = d.connect(k_operator_token);
  auto a = op->call({{"op", "get"}, {"case", first.at("case")}});
  auto b = op->call({{"op", "get"}, {"case", second->at("case")}});
  REQUIRE((is_ok(*a) && is_ok(*b)));
  CHECK(text(*a, "graph_version") == version);
  CHECK(text(*b, "graph_version") == version);
  CHECK(a->at("needs_review") == false);
  CHECK(b->at("needs_review") == false);
}

TEST_CASE("a failed second hello drops the role the first one gave") {
  // Issue 16: the connection kept its operator role after a hello with a wrong token.
  TestDaemon d;
  auto c = d.connect(k_operator_token);
  REQUIRE(is_ok(*c->call({{"op", "stats"}})));
  auto again = c->call({{"op", "hello"}, {"token", "not-a-token"}});
  REQUIRE(again.has_value());
  CHECK(error_code(*again) == "permission_denied");
  CHECK(error_code(*c->call({{"op", "stats"}})) == "permission_denied");
  auto missing = c->call({{"op", "hello"}});
  CHECK(error_code(*missing) == "invalid_input");
  REQUIRE(c->hello(k_walkin_token).has_value());
  CHECK(is_ok(*c->call({{"op", "stats"}})));
  CHECK(is_ok(*c->hello(k_operator_token)));
  CHECK(is_ok(*c->call({{"op", "hello"}, {"token", 7}})) == false);
  CHECK(error_code(*c->call({{"op", "backlog"}})) == "permission_denied");
}

TEST_CASE("a store file the daemon cannot write is refused at start") {
  // Issue 16: the daemon started and then failed every submit. As root, file modes do not stop a
  // write, so the file is made immutable (chattr +i) instead; where neither works the test says so.
  std::filesystem::path store;
  {
    TestDaemon d;
    store = d.config().data_dir / "tiaojie.sqlite";
    REQUIRE(std::filesystem::exists(store));
    auto config = d.config();
    d.stop();
    const std::string quoted = "'" + store.string() + "'";
    const bool root = ::geteuid() == 0;
    if (root) {
      if (std::system(("chattr +i " + quoted + " 2>/dev/null").c_str()) != 0) {
        MESSAGE("chattr +i is not available here: not tested");
        return;
      }
    } else {
      std::filesystem::permissions(store, std::filesystem::perms::owner_read |
                                              std::filesystem::perms::group_read |
                                              std::filesystem::perms::others_read);
    }
    daemon::ManualClock clock(TestDaemon::start_time());
    auto refused = daemon::Server::create(config, clock);
    if (root) CHECK(std::system(("chattr -i " + quoted).c_str()) == 0);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == ErrorCode::io_error);
    CHECK(refused.error().message.find("not writable") != std::string::npos);
    CHECK(refused.error().where == store.string());
  }
}

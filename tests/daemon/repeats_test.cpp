// Repeat disputes (重复信访) and satisfaction (满意度) end to end (docs/repeats.md): a real daemon
// links a dispute to earlier ones by the claimant's phone or ID number and by the same subject at
// the same address, the rules see the count (rules/repeat.toml), `get` and subscribers see the
// link but never the keys, the index comes back after a restart, and `feedback` is recorded
// after a resolution only.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "daemon/daemon_fixture.hpp"
#include "daemon/repeat_fixture.hpp"
#include "lifecycle/event_json.hpp"
#include "store/sqlite_store.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace json = boost::json;

TEST_CASE(
    "the same claimant's phone written three ways links the third dispute to two, which goes up a "
    "level") {
  TestDaemon d;
  auto c = d.connect(k_walkin_token);
  auto op = d.connect(k_operator_token);
  REQUIRE(is_ok(*op->call({{"op", "subscribe"}, {"filter", {{"kind", "assigned"}}}})));
  auto first = *c->call(submit_request(quarrel("W-1", "13800001234")));
  REQUIRE(is_ok(first));
  CHECK(first.at("repeat_count").as_int64() == 0);
  CHECK(text(first, "level") == "community");
  auto second = *c->call(submit_request(quarrel("W-2", "+86 138-0000-1234")));
  CHECK(second.at("repeat_count").as_int64() == 1);
  CHECK(linked(second) == std::vector<std::int64_t>{first.at("case").as_int64()});
  CHECK(text(second.at("repeat_of").as_array()[0].as_object(), "reason") == "same_party");
  CHECK(text(second, "level") == "community");  // repeat.second only marks it
  auto third = *c->call(submit_request(quarrel("W-3", "86 13800001234")));
  CHECK(third.at("repeat_count").as_int64() == 2);
  CHECK(text(third, "level") == "street");  // repeat.third: one level up
  // Another claimant is no repeat.
  auto other = *c->call(submit_request(quarrel("W-4", "13900005678")));
  CHECK(other.at("repeat_count").as_int64() == 0);

  // The body it reaches sees the link on the pushed event; nobody sees the keys.
  for (int i = 0; i < 4; ++i) {  // the four `assigned` events, in commit order
    auto pushed = op->receive();
    REQUIRE(pushed.has_value());
    const auto& ev = pushed->at("event").as_object();
    if (ev.at("case") != third.at("case")) continue;
    CHECK(ev.at("repeat_count").as_int64() == 2);
  }
  auto got = *op->call({{"op", "get"}, {"case", third.at("case")}});
  CHECK(got.at("repeat_count").as_int64() == 2);
  const auto& submitted = got.at("events").as_array()[0].at("data").as_object();
  CHECK(submitted.at("repeat_of").as_array().size() == 2);
  CHECK_FALSE(submitted.contains("repeat_keys"));
  CHECK(json::serialize(got).find("p:") == std::string::npos);

  // The store holds keyed hashes only; the clear number stays in the dispute row.
  auto store = store::SqliteStore::open(
      {.path = (d.config().data_dir / "tiaojie.sqlite").string(), .read_only = true});
  REQUIRE(store.has_value());
  auto events = (*store)->events_since(0, 100);
  REQUIRE(events.has_value());
  for (const auto& e : *events) {
    CHECK(lifecycle::event_to_json(e.event).at("data").as_object().contains("phone") == false);
  }
  auto verified = (*store)->verify();
  REQUIRE(verified.has_value());
  CHECK(verified->ok());
  struct stat st {};
  REQUIRE(::stat((d.config().data_dir / "repeat.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 077) == 0);
  CHECK(st.st_size == 32);
}

TEST_CASE("the same category at the same address links two claimants, within the window only") {
  TestDaemon d;
  auto c = d.connect(k_walkin_token);
  auto at = [](std::string id, std::string phone, std::string address, std::string received) {
    auto q = quarrel(id, phone, received);
    q["address"] = address;
    return q;
  };
  auto old =
      *c->call(submit_request(at("S-0", "13700000001", "凤阳路12号", "2026-07-01T09:00:00+08:00")));
  auto first = *c->call(
      submit_request(at("S-1", "13700000002", "凤阳路 12 号", "2026-11-20T09:00:00+08:00")));
  REQUIRE(is_ok(first));
  CHECK(first.at("repeat_count").as_int64() == 0);  // S-0 is 142 days earlier: outside 90 days
  auto second = *c->call(
      submit_request(at("S-2", "13700000003", "凤阳路１２号", "2026-11-24T09:00:00+08:00")));
  CHECK(linked(second) == std::vector<std::int64_t>{first.at("case").as_int64()});
  CHECK(text(second.at("repeat_of").as_array()[0].as_object(), "reason") == "same_subject");
  auto elsewhere =
      *c->call(submit_request(at("S-3", "13700000004", "凤阳路14号", "2026-11-24T09:00:00+08:00")));
  CHECK(elsewhere.at("repeat_count").as_int64() == 0);
  (void)old;
}

TEST_CASE("after a restart the index is read back from the store") {
  TestDaemon d;
  {
    auto c = d.connect(k_walkin_token);
    REQUIRE(is_ok(*c->call(submit_request(quarrel("R-1", "13800001234")))));
  }
  d.restart();
  auto c = d.connect(k_walkin_token);
  auto again = *c->call(submit_request(quarrel("R-2", "138 0000 1234")));
  CHECK(again.at("repeat_count").as_int64() == 1);
}

TEST_CASE("feedback is recorded after a resolution only, with its rating, channel and comment") {
  TestDaemon d;
  auto c = d.connect(k_walkin_token);
  auto op = d.connect(k_operator_token);
  auto ack = *c->call(submit_request(quarrel("F-1", "13800001234")));
  const auto id = ack.at("case");
  auto call = [&](json::object r) {
    r["case"] = id;
    return *op->call(r);
  };
  auto early = call({{"op", "feedback"}, {"rating", "满意"}, {"channel", "phone"}});
  CHECK(error_code(early) == "conflict");
  REQUIRE(is_ok(call({{"op", "accept"}})));
  REQUIRE(is_ok(call({{"op", "resolve"}, {"outcome", "resolved"}, {"agreement", "修复漏水"}})));
  auto bad = call({{"op", "feedback"}, {"rating", "很好"}, {"channel", "phone"}});
  CHECK(error_code(bad) == "invalid_input");
  CHECK(text(bad.at("error").as_object(), "where") == "rating");
  auto no_channel = call({{"op", "feedback"}, {"rating", "满意"}});
  CHECK(text(no_channel.at("error").as_object(), "where") == "channel");
  auto by_channel =
      *c->call({{"op", "feedback"}, {"case", id}, {"rating", "满意"}, {"channel", "x"}});
  CHECK(error_code(by_channel) == "permission_denied");
  auto done = call(
      {{"op", "feedback"}, {"rating", "基本满意"}, {"channel", "phone"}, {"comment", "修得慢"}});
  REQUIRE(is_ok(done));
  CHECK(text(done, "feedback") == "basically_satisfied");
  auto got = call({{"op", "get"}});
  CHECK(text(got.at("feedback").as_object(), "label") == "基本满意");
  CHECK(text(got.at("feedback").as_object(), "comment") == "修得慢");
  CHECK(has_kind(got, "feedback"));
  REQUIRE(is_ok(call({{"op", "close"}})));
  CHECK(is_ok(call({{"op", "feedback"}, {"rating", "不满意"}, {"channel", "sms"}})));
}

TEST_CASE("a 12345 order sent again with its 回访 result records it once on the resolved case") {
  TestDaemon d;
  auto hotline = d.connect(k_hotline_token);
  auto op = d.connect(k_operator_token);
  auto order = hotline_dispute("H-1", "邻居漏水纠纷");
  auto ack = *hotline->call(submit_request(order));
  REQUIRE(is_ok(ack));
  order["feedback"] = "满意";
  CHECK(text(*hotline->call(submit_request(order)), "feedback") == "not_resolved");
  REQUIRE(is_ok(*op->call({{"op", "accept"}, {"case", ack.at("case")}})));
  REQUIRE(is_ok(*op->call({{"op", "resolve"}, {"case", ack.at("case")}, {"outcome", "resolved"}})));
  CHECK(text(*hotline->call(submit_request(order)), "feedback") == "recorded");
  CHECK(text(*hotline->call(submit_request(order)), "feedback") == "already_recorded");
  auto got = *op->call({{"op", "get"}, {"case", ack.at("case")}});
  CHECK(text(got.at("feedback").as_object(), "channel") == "hotline_12345");
  CHECK(got.at("feedback").at("count").as_int64() == 1);
  order["feedback"] = "很好";
  CHECK(error_code(*hotline->call(submit_request(order))) == "invalid_input");
}

TEST_CASE("pipelined disputes of one claimant (an import) link to those sent before them") {
  TestDaemon d;
  auto c = d.connect(k_walkin_token);
  for (int i = 1; i <= 4; ++i) {
    REQUIRE(
        c->send(submit_request(quarrel("P-" + std::to_string(i), "13800001234"), i)).has_value());
  }
  for (std::int64_t i = 1; i <= 4; ++i) {
    auto ack = c->receive();
    REQUIRE(ack.has_value());
    CHECK(ack->at("id").as_int64() == i);
    CHECK(ack->at("repeat_count").as_int64() == i - 1);  // every earlier one of the batch
  }
}

// The repeat backfill end to end (docs/repeats.md "Cases stored before v9"): a store written at
// schema v8 holds a case whose claimant comes back; the daemon does not link to it until
// `tiaojie store backfill-repeats` has given it keys (run while the daemon serves) and the daemon
// has restarted, and then links a new dispute by that claimant to it.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <algorithm>

#include "daemon/daemon_fixture.hpp"
#include "daemon/repeat_fixture.hpp"
#include "daemon/repeat_keys.hpp"
#include "daemon/serve_process.hpp"
#include "lifecycle/event_builders.hpp"
#include "store/old_store.hpp"
#include "store/sqlite_store.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace json = boost::json;

namespace {

constexpr const char* k_phone = "13800001234";

// The store a v8 daemon left: case 1, the claimant's first dispute, received on 1 November
// (within the 90-day window of the new disputes), decided and assigned, without repeat keys.
void write_v8_store(const std::filesystem::path& path) {
  REQUIRE(store::SqliteStore::open({.path = path.string(), .migrate_to = 8}).has_value());
  SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
  Dispute d;
  d.external_id = "V8-1";
  d.channel = "walk_in";
  d.received_at = at("2026-11-01T09:00:00+08:00");
  d.description = "邻居漏水纠纷";
  d.street = "凤阳";
  d.community = "凤阳街第3社区";
  d.claimant = Party{"王某", "138 0000 1234", ""};
  auto events = intake("V8-1");
  std::get<lifecycle::Submitted>(events[0].data).received_at = *d.received_at;
  write_old_case(db, 1, d, events, 8);
  derive_old_tables(db, 8);
}

}  // namespace

TEST_CASE("after the backfill and a restart, a v8 store's old party is linked as a repeat") {
  TestDaemon d([](daemon::DaemonConfig& config) {
    std::filesystem::create_directories(config.data_dir);
    write_v8_store(config.data_dir / "tiaojie.sqlite");
  });
  const auto store_path = d.config().data_dir / "tiaojie.sqlite";
  auto c = d.connect(k_walkin_token);
  // Before the backfill the old case has no keys: the claimant's return is not a repeat.
  auto before = *c->call(submit_request(quarrel("N-1", k_phone)));
  REQUIRE(is_ok(before));
  CHECK(before.at("repeat_count").as_int64() == 0);

  // The backfill, while the daemon serves, with the daemon's own key.
  const auto out = d.dir() / "backfill.out", err = d.dir() / "backfill.err";
  const std::string args = "store backfill-repeats --store '" + store_path.string() +
                           "' --key-file '" + (d.config().data_dir / "repeat.key").string() +
                           "' --batch 1";
  REQUIRE_MESSAGE(run_tiaojie(args, d.dir(), out, err) == 0, slurp(err));
  // Case 1 given its phone key; case 2 (N-1) had its keys from submit and is passed over.
  CHECK(slurp(out).find("1 case(s) without repeat keys given them (1 with a phone, ID number or "
                        "address: 1 keys)") != std::string::npos);
  // Run again: nothing left to do.
  REQUIRE(run_tiaojie(args, d.dir(), out, err) == 0);
  CHECK(slurp(out).find(": 0 case(s)") != std::string::npos);

  d.restart();
  c = d.connect(k_walkin_token);
  auto after = *c->call(submit_request(quarrel("N-2", "+86 138-0000-1234")));
  REQUIRE(is_ok(after));
  CHECK(linked(after) == std::vector<std::int64_t>{1, before.at("case").as_int64()});
  CHECK(after.at("repeat_count").as_int64() == 2);
  CHECK(text(after, "level") == "street");  // rules/repeat.toml: the third time goes up

  // The index holds the backfilled key, and verify derives it from the backfill's record.
  auto s = store::SqliteStore::open({.path = store_path.string(), .read_only = true});
  REQUIRE(s.has_value());
  auto verified = (*s)->verify();
  REQUIRE(verified.has_value());
  CHECK(verified->ok());
  auto keys = (*s)->repeat_keys_since(Timestamp{});
  REQUIRE(keys.has_value());
  CHECK(std::count_if(keys->begin(), keys->end(), [](const store::RepeatKeyRow& r) {
          return r.case_id == store::CaseId{1};
        }) == 1);
}

// `tiaojie store backup` while a real daemon ingests, and `tiaojie store restore` of that backup:
// the copy is one consistent point of the log, passes `store verify`, and a daemon started on the
// restored store serves exactly what the backup held.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <thread>

#include "daemon_fixture.hpp"
#include "serve_config.hpp"
#include "serve_process.hpp"
#include "store/sqlite_store.hpp"
#include "support/disputes.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// case id -> external id, for every case of a store file.
std::map<std::int64_t, std::string> cases_of(const fs::path& file) {
  auto s = store::SqliteStore::open({.path = file.string(), .create_if_missing = false});
  REQUIRE_MESSAGE(s.has_value(), s.error().to_string());
  std::map<std::int64_t, std::string> out;
  for (std::int64_t id = 1;; ++id) {
    auto c = (*s)->get_case(lifecycle::CaseId{id});
    if (!c) break;
    out[id] = c->state.external_id;
  }
  auto verified = (*s)->verify();
  REQUIRE(verified.has_value());
  CHECK_MESSAGE(verified->ok(), "store verify found differences in " << file.string());
  return out;
}

}  // namespace

TEST_CASE("store backup taken while the daemon ingests is consistent, and restore brings it back") {
  auto dir = fresh_test_dir("store-backup", "live");
  auto config = write_serve_config(dir);
  auto corpus = generated_disputes(20000, 9);
  std::map<std::int64_t, std::string> acked;  // case id -> external id
  std::map<std::int64_t, std::string> acked_before_backup;
  int backup_status = -1, compact_status = -1;
  {
    ServeProcess daemon({"--config", config.string()}, dir / "serve-1.log");
    auto c = signed_in_client(daemon.port(), k_operator_token);
    std::atomic<bool> backup_done = false;
    std::thread backup;
    std::size_t sent = 0, received = 0, received_after_backup = 0;
    const std::size_t window = 100, start_backup_at = 500, after_backup = 200;
    // Submits stay in flight for the whole backup, and go on for `after_backup` more acks once it
    // has finished, so that the daemon writes before, during and after the copy.
    while (received_after_backup < after_backup) {
      while (sent < corpus.size() && sent - received < window) {
        REQUIRE(c->send(submit_line(corpus[sent], static_cast<std::int64_t>(sent + 1))));
        ++sent;
      }
      REQUIRE(received < sent);  // the corpus outlasts the backup (20,000 disputes)
      auto r = c->receive();
      REQUIRE(r.has_value());
      ++received;
      REQUIRE_MESSAGE(r->at("ok") == true, json::serialize(*r));
      acked[r->at("case").as_int64()] = text(*r, "external_id");
      if (received == start_backup_at) {
        acked_before_backup = acked;
        backup = std::thread([&] {
          backup_status = run_tiaojie("store backup --config tiaojie.toml backup.sqlite", dir,
                                      dir / "backup.out", dir / "backup.err");
          // Then a compact copy (VACUUM INTO), the intake still going on.
          compact_status =
              run_tiaojie("store backup --compact --config tiaojie.toml compact.sqlite", dir,
                          dir / "compact.out", dir / "compact.err");
          backup_done = true;
        });
      }
      if (backup_done) ++received_after_backup;
    }
    backup.join();
    CAPTURE(slurp(dir / "backup.err"));
    REQUIRE(backup_status == 0);
    CHECK(slurp(dir / "backup.out").find("integrity ok") != std::string::npos);
    CAPTURE(slurp(dir / "compact.err"));
    REQUIRE(compact_status == 0);
    CHECK(slurp(dir / "compact.out").find("integrity ok") != std::string::npos);

    // Restore refuses while the daemon holds the store.
    CHECK(run_tiaojie("store restore --config tiaojie.toml backup.sqlite", dir, dir / "restore.out",
                      dir / "restore.err") == 1);
    CHECK(slurp(dir / "restore.err").find("in use") != std::string::npos);
    daemon.signal(SIGTERM);
    CHECK(daemon.wait_exit() == 0);
  }

  // The copy: verified, holding every case acknowledged before it began, and each case it holds
  // exactly as the daemon acknowledged it; the daemon went on after it, so it holds fewer.
  auto saved = cases_of(dir / "backup.sqlite");
  CHECK(saved.size() >= acked_before_backup.size());
  CHECK(saved.size() < acked.size());
  for (const auto& [id, external_id] : acked_before_backup) CHECK(saved[id] == external_id);
  std::size_t same = 0;
  for (const auto& [id, external_id] : saved) same += acked.at(id) == external_id ? 1 : 0;
  CHECK(same == saved.size());
  // The compact copy, taken later from its own snapshot: at least as many cases, each as
  // acknowledged.
  auto compacted = cases_of(dir / "compact.sqlite");
  CHECK(compacted.size() >= saved.size());
  CHECK(compacted.size() < acked.size());
  for (const auto& [id, external_id] : compacted) CHECK(acked.at(id) == external_id);

  REQUIRE(run_tiaojie("store restore --config tiaojie.toml backup.sqlite", dir, dir / "restore.out",
                      dir / "restore.err") == 0);
  CHECK(fs::exists(dir / "data" / "tiaojie.sqlite.pre-restore"));
  // The replaced store is kept whole: every acknowledged case (and those still in flight at
  // SIGTERM, which the daemon committed before it stopped).
  auto replaced = cases_of(dir / "data" / "tiaojie.sqlite.pre-restore");
  for (const auto& [id, external_id] : acked) CHECK(replaced[id] == external_id);

  // A daemon on the restored store serves the backup's cases, and a resubmission of one of them is
  // a duplicate, not a new case.
  ServeProcess again({"--config", config.string()}, dir / "serve-2.log");
  auto op = signed_in_client(again.port(), k_operator_token);
  auto stats = *op->call({{"op", "stats"}});
  CHECK(stats.at("open_cases").as_int64() == static_cast<std::int64_t>(saved.size()));
  const auto& [last_id, last_external] = *saved.rbegin();
  auto got = *op->call({{"op", "get"}, {"case", last_id}});
  CHECK(text(got, "external_id") == last_external);
  auto missing = *op->call({{"op", "get"}, {"case", last_id + 1}});
  CHECK_FALSE(is_ok(missing));
  const auto& first_external = saved.begin()->second;
  auto line = std::find_if(corpus.begin(), corpus.end(), [&](const std::string& l) {
    return l.find("\"" + first_external + "\"") != std::string::npos;
  });
  REQUIRE(line != corpus.end());
  auto again_submit = *op->call(submit_line(*line, 1));
  CHECK(again_submit.at("duplicate") == true);
  again.signal(SIGTERM);
  CHECK(again.wait_exit() == 0);
  fs::remove_all(dir);
}

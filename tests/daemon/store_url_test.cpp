// `[store] url` (docs/operators.md): a real `tiaojie serve` keeps its cases in the file the URL
// names, not in <data_dir>; the commands reach that file through a sqlite: URL too; a URL the
// build cannot serve stops the daemon at start with the key and its file:line:column; a
// postgresql: URL serves the demo (and `case list`, `rules versions` read it) and two daemons at
// once.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <fstream>

#include "daemon/config.hpp"
#include "daemon_fixture.hpp"
#include "serve_config.hpp"
#include "serve_process.hpp"
#include "store/open_store.hpp"
#include "support/pg_cluster.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace fs = std::filesystem;

namespace {
void append(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::app) << text;
}
}  // namespace

TEST_CASE("a daemon started from a config with [store] url stores into that file") {
  auto dir = fresh_test_dir("store-url", "serve");
  auto config = write_serve_config(dir);
  fs::create_directories(dir / "cases");
  append(config, "[store]\nurl = \"sqlite:cases/district.sqlite\"\n");  // from the config's folder
  std::string case_id;
  {
    ServeProcess daemon({"--config", config.string()}, dir / "serve.log");
    auto c = signed_in_client(daemon.port(), k_hotline_token);
    auto ack = c->call(submit_request(hotline_dispute("URL-0001")));
    REQUIRE_MESSAGE(ack.has_value(), failure(ack));
    REQUIRE_MESSAGE(is_ok(*ack), boost::json::serialize(*ack));
    case_id = std::to_string(ack->at("case").as_int64());
    daemon.signal(SIGTERM);
    CHECK(daemon.wait_exit() == 0);
  }
  const auto file = dir / "cases" / "district.sqlite";
  CHECK(fs::exists(file));
  CHECK_FALSE(fs::exists(dir / "data" / "tiaojie.sqlite"));
  auto s = store::open_store({.backend = store::Backend::sqlite, .path = file},
                             {.create_if_missing = false, .read_only = true});
  REQUIRE_MESSAGE(s.has_value(), s.error().to_string());
  auto found = (*s)->find_by_key("hotline_12345", "URL-0001");
  REQUIRE(found.has_value());
  CHECK(found->has_value());

  // The commands take the same file from the config ([store] url), or as a sqlite:/// URL.
  const auto url = "sqlite://" + fs::absolute(file).string();
  CHECK(run_tiaojie("store verify --config '" + config.string() + "'", dir, dir / "out",
                    dir / "err") == 0);
  CHECK(slurp(dir / "out").find("district.sqlite") != std::string::npos);
  CHECK(run_tiaojie("store verify --db '" + url + "'", dir, dir / "out", dir / "err") == 0);
  CHECK_MESSAGE(slurp(dir / "out").find("1 cases") != std::string::npos, slurp(dir / "out"));
  CHECK(run_tiaojie("case show " + case_id + " --store '" + url + "'", dir, dir / "out",
                    dir / "err") == 0);
  CHECK(slurp(dir / "out").find("URL-0001") != std::string::npos);
  CHECK(run_tiaojie("case list --json --store '" + url + "'", dir, dir / "out", dir / "err") == 0);
  CHECK_MESSAGE(slurp(dir / "out").find("\"URL-0001\"") != std::string::npos, slurp(dir / "out"));
  CHECK(run_tiaojie("store verify --db 'mysql://db/x'", dir, dir / "out", dir / "err") == 2);
  CHECK(slurp(dir / "err").find("unknown store URL scheme 'mysql'") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a postgresql store URL whose server is not there stops the daemon, naming it") {
  auto dir = fresh_test_dir("store-url", "postgres");
  auto config = write_serve_config(dir);
  append(config,
         "[store]\nurl = \"postgresql://tiaojie:s3cret@/tiaojie?host=/nonexistent-tiaojie-pg\"\n");
  CHECK(run_tiaojie("serve --config '" + config.string() + "'", dir, dir / "out", dir / "err") !=
        0);
  const auto err = slurp(dir / "err");
  CHECK_MESSAGE(err.find("cannot connect to PostgreSQL") != std::string::npos, err);
  CHECK_MESSAGE(err.find("/nonexistent-tiaojie-pg") != std::string::npos, err);
  CHECK_MESSAGE(err.find("s3cret") == std::string::npos, err);  // never the password
  fs::remove_all(dir);
}

TEST_CASE("a [store] url in a folder that does not exist stops the daemon, naming the folder") {
  auto dir = fresh_test_dir("store-url", "nofolder");
  auto config = write_serve_config(dir);
  append(config, "[store]\nurl = \"sqlite:///nonexistent-tiaojie-folder/x.sqlite\"\n");
  CHECK(run_tiaojie("serve --config '" + config.string() + "'", dir, dir / "out", dir / "err") !=
        0);
  const auto err = slurp(dir / "err");
  CHECK_MESSAGE(err.find("/nonexistent-tiaojie-folder") != std::string::npos, err);
  CHECK_MESSAGE(err.find("the folder of [store] url does not exist") != std::string::npos, err);
  fs::remove_all(dir);
}

TEST_CASE(
    "the demo serves from a postgresql store URL, the store verifies, staff's look-ups read it") {
  auto dir = fresh_test_dir("store-url", "postgres-demo");
  const auto url = postgres_url();
  CHECK(run_tiaojie("demo --disputes 40 --store '" + url + "'", dir, dir / "out", dir / "err") ==
        0);
  const auto out = slurp(dir / "out");
  CAPTURE(slurp(dir / "err"));
  CHECK_MESSAGE(out.find("40 acknowledged after commit, 0 refused") != std::string::npos, out);
  CHECK_MESSAGE(out.find("| **合计** | 0 | 40 |") != std::string::npos, out);  // 新收 40
  CHECK(run_tiaojie("store verify --db '" + url + "'", dir, dir / "out", dir / "err") == 0);
  CHECK_MESSAGE(slurp(dir / "out").find("40 cases") != std::string::npos, slurp(dir / "out"));

  namespace json = boost::json;
  REQUIRE(run_tiaojie("case list --json --limit 3 --store '" + url + "'", dir, dir / "out",
                      dir / "err") == 0);
  const auto listed = json::parse(slurp(dir / "out")).as_object();
  CHECK(listed.at("matched").as_int64() == 40);
  REQUIRE(listed.at("cases").as_array().size() == 3);
  CHECK(listed.at("cases").as_array()[0].at("case").as_int64() == 40);  // newest first
  REQUIRE(run_tiaojie("rules versions --json --store '" + url + "'", dir, dir / "out",
                      dir / "err") == 0);
  const auto versions = json::parse(slurp(dir / "out")).as_array();
  REQUIRE(versions.size() == 1);  // the demo's one rule set, which decided every case
  CHECK(versions[0].at("decisions").as_int64() == 40);
  CHECK(versions[0].at("first_used").is_string());
  fs::remove_all(dir);
}

TEST_CASE("two daemons on one PostgreSQL database: a resubmit to the other is the original case") {
  auto dir = fresh_test_dir("store-url", "postgres-two");
  const auto url = postgres_url();
  std::vector<fs::path> configs;
  for (const char* name : {"a", "b"}) configs.push_back(write_shared_store_config(dir / name, url));
  ServeProcess a({"--config", configs[0].string(), "--http-port", "0"}, dir / "a.log");
  ServeProcess b({"--config", configs[1].string(), "--http-port", "0"}, dir / "b.log");
  auto to_a = signed_in_client(a.port(), k_hotline_token);
  auto to_b = signed_in_client(b.port(), k_hotline_token);
  auto first = to_a->call(submit_request(hotline_dispute("PG-0001")));
  REQUIRE_MESSAGE(first.has_value(), failure(first));
  REQUIRE_MESSAGE(is_ok(*first), boost::json::serialize(*first));
  CHECK_FALSE(first->at("duplicate").as_bool());
  auto again = to_b->call(submit_request(hotline_dispute("PG-0001")));
  REQUIRE_MESSAGE(again.has_value(), failure(again));
  REQUIRE_MESSAGE(is_ok(*again), boost::json::serialize(*again));
  CHECK(again->at("duplicate").as_bool());
  CHECK(again->at("case").as_int64() == first->at("case").as_int64());
  // Case ids go on from the database's, whichever daemon takes the next dispute.
  auto second = to_b->call(submit_request(hotline_dispute("PG-0002")));
  REQUIRE_MESSAGE(second.has_value(), failure(second));
  CHECK(second->at("case").as_int64() == first->at("case").as_int64() + 1);
  auto third = to_a->call(submit_request(hotline_dispute("PG-0003")));
  REQUIRE_MESSAGE(third.has_value(), failure(third));
  CHECK(third->at("case").as_int64() == first->at("case").as_int64() + 2);
  for (auto* d : {&a, &b}) {
    d->signal(SIGTERM);
    CHECK(d->wait_exit() == 0);
  }
  auto s = store::open_store(*store::parse_store_url(url, {}), {.create_if_missing = false});
  REQUIRE_MESSAGE(s.has_value(), s.error().to_string());
  auto report = (*s)->verify();
  REQUIRE(report.has_value());
  CHECK(report->cases == 3);
  CHECK(report->ok());
  fs::remove_all(dir);
}

// `[store] url` (docs/operators.md): a real `tiaojie serve` keeps its cases in the file the URL
// names, not in <data_dir>; the commands reach that file through a sqlite: URL too; a URL the
// build cannot serve stops the daemon at start with the key and its file:line:column.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <fstream>

#include "daemon/config.hpp"
#include "daemon_fixture.hpp"
#include "serve_config.hpp"
#include "serve_process.hpp"
#include "store/open_store.hpp"

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

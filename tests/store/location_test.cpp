// Store URLs (store/location.hpp) and the factory that opens what they name (store/open_store.hpp).
#include "store/location.hpp"

#include <doctest/doctest.h>

#include "store/open_store.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
namespace fs = std::filesystem;

namespace {
std::string refusal(std::string_view url, const fs::path& base = "/etc/tiaojie") {
  auto parsed = parse_store_url(url, base);
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().code == ErrorCode::invalid_input);
  return parsed.error().message;
}
}  // namespace

TEST_CASE("a sqlite URL with three slashes names an absolute file, whatever the base") {
  auto parsed = parse_store_url("sqlite:///var/lib/tiaojie/tiaojie.sqlite", "/etc/tiaojie");
  REQUIRE(parsed.has_value());
  CHECK(parsed->backend == Backend::sqlite);
  CHECK(parsed->path == fs::path("/var/lib/tiaojie/tiaojie.sqlite"));
  CHECK(parse_store_url("sqlite:/var/lib/t.sqlite", "/etc")->path == fs::path("/var/lib/t.sqlite"));
  CHECK(parse_store_url("SQLite:///x.db", "")->path == fs::path("/x.db"));  // schemes: any case
}

TEST_CASE("a relative sqlite path is taken from the base folder") {
  CHECK(parse_store_url("sqlite:data/cases.sqlite", "/etc/tiaojie")->path ==
        fs::path("/etc/tiaojie/data/cases.sqlite"));
  CHECK(parse_store_url("sqlite:../cases.sqlite", "conf")->path ==
        fs::path("conf/../cases.sqlite"));
  CHECK(parse_store_url("sqlite:cases.sqlite", "")->path == fs::path("cases.sqlite"));
}

TEST_CASE("a sqlite URL that names no file is refused") {
  for (auto url : {"sqlite:", "sqlite://", "sqlite:///"}) {
    CAPTURE(url);
    CHECK(refusal(url).find("names no file") != std::string::npos);
  }
  CHECK(refusal("sqlite:///var/lib/").find("names a folder") != std::string::npos);
}

TEST_CASE("a sqlite URL with a host is refused: a SQLite store is a local file") {
  CHECK(refusal("sqlite://db.example/tiaojie.sqlite").find("not a host ('db.example')") !=
        std::string::npos);
}

TEST_CASE("percent signs, query strings and fragments are refused, never guessed at") {
  CHECK(refusal("sqlite:///var/lib/t%20j.sqlite").find("percent-encoding") != std::string::npos);
  CHECK(refusal("sqlite:///t.sqlite?mode=ro").find("no query string") != std::string::npos);
  CHECK(refusal("sqlite:t.sqlite#x").find("('#')") != std::string::npos);
}

TEST_CASE("a postgresql URL is kept as written for libpq, and shown without its password") {
  for (auto url : {"postgresql://tiaojie@db/tiaojie", "postgres://db:5433/tiaojie",
                   "PostgreSQL:///x?host=/run/postgresql"}) {
    CAPTURE(url);
    auto parsed = parse_store_url(url, "/etc/tiaojie");
    REQUIRE(parsed.has_value());
    CHECK(parsed->backend == Backend::postgresql);
    CHECK(parsed->url == url);
    CHECK(parsed->path.empty());
    CHECK(to_string(*parsed) == url);
  }
  auto secret = parse_store_url("postgresql://tiaojie:s3cret@db:5432/tiaojie?sslmode=require", "");
  REQUIRE(secret.has_value());
  CHECK(secret->url.find("s3cret") != std::string::npos);  // libpq needs it
  CHECK(to_string(*secret) == "postgresql://tiaojie:***@db:5432/tiaojie?sslmode=require");
  // A colon after the host is a port, not a password.
  CHECK(to_string(*parse_store_url("postgresql://db:5432/t", "")) == "postgresql://db:5432/t");
  CHECK(refusal("postgresql:tiaojie").find("starts with postgresql://") != std::string::npos);
  CHECK(sqlite_file(*secret, "store backup").error().message ==
        "store backup works on a SQLite store only, not postgresql");
}

TEST_CASE("an unknown scheme is refused with the known ones, and a bare path is not a URL") {
  const auto unknown = refusal("mysql://db/tiaojie");
  CHECK(unknown.find("unknown store URL scheme 'mysql'") != std::string::npos);
  CHECK(unknown.find("sqlite (") != std::string::npos);
  CHECK(unknown.find("postgresql") != std::string::npos);
  CHECK(refusal("/var/lib/tiaojie.sqlite").find("no scheme") != std::string::npos);
  CHECK(refusal("").find("no scheme") != std::string::npos);
}

TEST_CASE("a command line's store is a plain path unless it starts with a store scheme") {
  CHECK(parse_store_argument("data/tiaojie.sqlite")->path == fs::path("data/tiaojie.sqlite"));
  CHECK(parse_store_argument("backup:2026.sqlite")->path == fs::path("backup:2026.sqlite"));
  CHECK(parse_store_argument("sqlite:///srv/t.sqlite")->path == fs::path("/srv/t.sqlite"));
  CHECK(parse_store_argument("sqlite:t.sqlite")->path == fs::path("t.sqlite"));
  CHECK(parse_store_argument("postgres://db/t")->backend == Backend::postgresql);
  CHECK(parse_store_argument("mysql://db/t").error().message.find("unknown") != std::string::npos);
  CHECK_FALSE(parse_store_argument("").has_value());
}

TEST_CASE("open_store opens the SQLite file a location names, with the options mapped") {
  test::TempDir dir;
  const StoreLocation at{.backend = Backend::sqlite, .path = dir.file("cases.db")};
  CHECK(open_store(at, {.create_if_missing = false}).error().code == ErrorCode::not_found);
  {
    auto s = open_store(at, {.cache_kib = 1024});
    REQUIRE(s.has_value());
    std::vector<Change> batch;
    batch.emplace_back(std::in_place_type<NewCase>, test::new_case("loc-1"));
    REQUIRE((*s)->commit(batch).has_value());
  }
  auto reader = open_store(at, {.create_if_missing = false, .read_only = true});
  REQUIRE(reader.has_value());
  auto found = (*reader)->find_by_key("walk_in", "loc-1");
  REQUIRE(found.has_value());
  CHECK(found->has_value());
  std::vector<Change> batch;
  batch.emplace_back(std::in_place_type<NewCase>, test::new_case("loc-2"));
  CHECK_FALSE((*reader)->commit(batch).has_value());  // read_only reached SQLite
}

TEST_CASE("open_store opens the PostgreSQL database a location names, with the options mapped") {
  const StoreLocation at{.backend = Backend::postgresql, .url = test::postgres_url()};
  // An empty database holds no store until one is created in it.
  CHECK(open_store(at, {.create_if_missing = false}).error().code == ErrorCode::not_found);
  {
    auto s = open_store(at);
    REQUIRE(s.has_value());
    std::vector<Change> batch;
    batch.emplace_back(std::in_place_type<NewCase>, test::new_case("loc-1"));
    REQUIRE((*s)->commit(batch).has_value());
  }
  auto reader = open_store(at, {.create_if_missing = false, .read_only = true});
  REQUIRE(reader.has_value());
  auto found = (*reader)->find_by_key("walk_in", "loc-1");
  REQUIRE(found.has_value());
  CHECK(found->has_value());
  std::vector<Change> batch;
  batch.emplace_back(std::in_place_type<NewCase>, test::new_case("loc-2"));
  CHECK_FALSE((*reader)->commit(batch).has_value());  // read_only reached PostgreSQL
  // A server that is not there is an io_error naming what failed, not a crash or a hang.
  const StoreLocation nowhere{.backend = Backend::postgresql,
                              .url = "postgresql:///x?host=/nonexistent-tiaojie-socket-dir"};
  auto refused = open_store(nowhere);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::io_error);
  CHECK(refused.error().message.find("cannot connect to PostgreSQL") != std::string::npos);
}

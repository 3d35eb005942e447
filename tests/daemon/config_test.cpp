#include "daemon/config.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "daemon/auth.hpp"
#include "support/paths.hpp"

using namespace tiaojie;
using namespace tiaojie::daemon;
namespace fs = std::filesystem;

TEST_CASE("an empty configuration gives the documented defaults") {
  auto c = parse_config("", "/etc/tiaojie/tiaojie.toml");
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  CHECK(c->listen_address == "127.0.0.1");
  CHECK(c->port == 7411);
  CHECK(c->limits.max_line_bytes == 64 * 1024);
  CHECK(c->limits.max_queued_responses == 256);
  CHECK(c->data_dir == fs::path("/etc/tiaojie/data"));
  CHECK(c->rules_dir == fs::path("/etc/tiaojie/rules"));
  CHECK(c->channels.empty());
  CHECK(c->replay.dry_run_window_days == 30);
}

TEST_CASE("the dry-run replay window is read from [replay] and checked at its position") {
  auto c = parse_config("[replay]\ndry_run_window_days = 7\n", "t.toml");
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  CHECK(c->replay.dry_run_window_days == 7);
  auto zero = parse_config("[replay]\ndry_run_window_days = 0\n", "t.toml");
  REQUIRE_FALSE(zero.has_value());
  CHECK(zero.error().where == "t.toml:2:23");
  CHECK(zero.error().message.find("between 1 and 3660") != std::string::npos);
  auto typo = parse_config("[replay]\nwindow_days = 7\n", "t.toml");
  REQUIRE_FALSE(typo.has_value());
  CHECK(typo.error().where == "t.toml:2:1");
}

TEST_CASE("the shipped configuration is valid") {
  auto file = test::source_dir() / "config" / "tiaojie.toml";
  auto c = load_config(file);
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  CHECK_FALSE(c->channels.empty());
  CHECK_FALSE(c->operators.empty());
  CHECK(c->rules_dir == file.parent_path() / ".." / "rules");
}

TEST_CASE("a TOML syntax error is reported at file:line:col") {
  auto c = parse_config("[server]\nport = = 7\n", "x/tiaojie.toml");
  REQUIRE_FALSE(c.has_value());
  CHECK(c.error().code == ErrorCode::invalid_input);
  CHECK(c.error().where.starts_with("x/tiaojie.toml:2:"));
}

TEST_CASE("an unknown key is an error at its position, not silently ignored") {
  auto c = parse_config("[limits]\nmax_line_byte = 10\n", "t.toml");
  REQUIRE_FALSE(c.has_value());
  CHECK(c.error().where == "t.toml:2:1");
  CHECK(c.error().message.find("max_line_byte") != std::string::npos);
}

TEST_CASE("values of the wrong type or out of range are refused") {
  auto port = parse_config("[server]\nport = 70000\n", "t.toml");
  REQUIRE_FALSE(port.has_value());
  CHECK(port.error().where == "t.toml:2:8");
  auto type = parse_config("[server]\nlisten = 5\n", "t.toml");
  REQUIRE_FALSE(type.has_value());
  CHECK(type.error().message.find("must be a string") != std::string::npos);
  auto level = parse_config("[log]\nlevel = \"loud\"\n", "t.toml");
  REQUIRE_FALSE(level.has_value());
}

TEST_CASE("channels and operators are read, and a shared token is refused") {
  auto c = parse_config(R"(
[[channel]]
id = "walk_in"
token = "walk-in-secret-1"
[[operator]]
name = "zhang"
token = "operator-secret-1"
)",
                        "t.toml");
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  REQUIRE(c->channels.size() == 1);
  CHECK(c->channels[0].channel == "walk_in");
  CHECK(c->operators[0].name == "zhang");

  auto dup = parse_config(R"(
[[channel]]
id = "walk_in"
token = "same-secret-1"
[[operator]]
name = "zhang"
token = "same-secret-1"
)",
                          "t.toml");
  REQUIRE_FALSE(dup.has_value());
  CHECK(dup.error().message.find("reuses") != std::string::npos);
  CHECK(dup.error().message.find("same-secret") == std::string::npos);  // never echo a token
}

TEST_CASE("a token file adds entries, and a bad line is reported at file:line:col") {
  auto dir = fs::temp_directory_path() / "tiaojie-config-test";
  fs::create_directories(dir);
  {
    std::ofstream(dir / "tokens")
        << "# secrets\nchannel walk_in walk-in-secret-9\n\noperator li ops-secret-99\n";
    std::ofstream(dir / "bad-tokens") << "channel walk_in\n";
  }
  const auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
  fs::permissions(dir / "tokens", owner_only);
  fs::permissions(dir / "bad-tokens", owner_only);
  auto c = parse_config("[auth]\ntoken_file = \"tokens\"\n", dir / "tiaojie.toml");
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  CHECK(c->channels.size() == 1);
  CHECK(c->operators.size() == 1);
  auto bad = parse_config("[auth]\ntoken_file = \"bad-tokens\"\n", dir / "tiaojie.toml");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().where == (dir / "bad-tokens").string() + ":1:1");
  fs::remove_all(dir);
}

TEST_CASE(
    "a token file its group or other users may read is refused, naming its mode and the fix") {
  auto dir = fs::temp_directory_path() / "tiaojie-config-test-modes";
  fs::create_directories(dir);
  std::ofstream(dir / "tokens") << "channel walk_in walk-in-secret-9\n";
  for (auto mode : {fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read,
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read}) {
    fs::permissions(dir / "tokens", mode);
    auto c = parse_config("[auth]\ntoken_file = \"tokens\"\n", dir / "tiaojie.toml");
    REQUIRE_FALSE(c.has_value());
    CHECK(c.error().code == ErrorCode::permission_denied);
    CHECK(c.error().message.find("chmod 600") != std::string::npos);
    CHECK(c.error().message.find("walk-in-secret") == std::string::npos);
  }
  fs::permissions(dir / "tokens", fs::perms::owner_read | fs::perms::owner_write);
  CHECK(parse_config("[auth]\ntoken_file = \"tokens\"\n", dir / "tiaojie.toml").has_value());
  fs::remove_all(dir);
}

TEST_CASE("a channel declared without a token takes its formats to the token file's line") {
  auto dir = fs::temp_directory_path() / "tiaojie-config-declared-test";
  fs::create_directories(dir);
  std::ofstream(dir / "tokens") << "channel hotline_12345 hotline-secret-9\n";
  fs::permissions(dir / "tokens", fs::perms::owner_read | fs::perms::owner_write);
  const std::string declared =
      "[auth]\ntoken_file = \"tokens\"\n"
      "[[channel]]\nid = \"hotline_12345\"\nformats = [\"hotline_12345\"]\n"
      "[[channel]]\nid = \"walk_in\"\nformats = [\"walk_in\"]\n";
  auto c = parse_config(declared, dir / "tiaojie.toml");
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  // walk_in has no token anywhere: not served (an empty token must never sign in).
  REQUIRE(c->channels.size() == 1);
  CHECK(c->channels[0].channel == "hotline_12345");
  CHECK(c->channels[0].token == "hotline-secret-9");
  CHECK(c->channels[0].formats == std::vector<std::string>{"hotline_12345"});
  // A token given but short is still an error; a declaration given twice is too.
  CHECK_FALSE(parse_config("[[channel]]\nid = \"a\"\ntoken = \"short\"\n", "t.toml"));
  CHECK_FALSE(parse_config("[[channel]]\nid = \"a\"\n[[channel]]\nid = \"a\"\n", "t.toml"));
  fs::remove_all(dir);
}

TEST_CASE("tokens compare equal only when identical, whatever their lengths") {
  CHECK(constant_time_equal("secret-token", "secret-token"));
  CHECK_FALSE(constant_time_equal("secret-token", "secret-tokem"));
  CHECK_FALSE(constant_time_equal("secret-token", "secret-token-longer"));
  CHECK_FALSE(constant_time_equal("", "x"));
  CHECK(constant_time_equal("", ""));
}

TEST_CASE("roles allow exactly their operations") {
  CHECK(role_allows(Role::none, Op::hello));
  CHECK_FALSE(role_allows(Role::none, Op::submit));
  CHECK_FALSE(role_allows(Role::none, Op::stats));
  CHECK(role_allows(Role::channel, Op::submit));
  CHECK(role_allows(Role::channel, Op::get));
  CHECK_FALSE(role_allows(Role::channel, Op::accept));
  CHECK_FALSE(role_allows(Role::channel, Op::subscribe));
  CHECK_FALSE(role_allows(Role::channel, Op::reload));
  CHECK(role_allows(Role::operator_, Op::reload));
  CHECK(role_allows(Role::operator_, Op::backlog));
}

TEST_CASE("a bad report schedule is refused when the file is loaded, at its position") {
  auto day = parse_config("[reports]\nenabled = true\nweekly_at = \"MOM 08:00\"\n", "r.toml");
  REQUIRE_FALSE(day.has_value());
  CHECK(day.error().code == ErrorCode::invalid_input);
  CHECK(day.error().where == "r.toml:3:13");
  CHECK(day.error().message.find("reports.weekly_at") != std::string::npos);
  auto time = parse_config("[reports]\nweekly_at = \"MON 25:00\"\n", "r.toml");
  REQUIRE_FALSE(time.has_value());
  CHECK(time.error().where == "r.toml:2:13");
  auto catch_up = parse_config("[reports]\nmax_catch_up = -1\n", "r.toml");
  REQUIRE_FALSE(catch_up.has_value());
  CHECK(catch_up.error().where == "r.toml:2:16");
  auto good = parse_config("[reports]\nweekly_at = \"tue 09:30\"\nmax_catch_up = 8\n", "r.toml");
  REQUIRE(good.has_value());
  CHECK(good->reports.weekly_at == "tue 09:30");
  CHECK(good->reports.max_catch_up == 8);
}

TEST_CASE("[store] url names the store, and without it the store is <data_dir>/tiaojie.sqlite") {
  auto none = parse_config("", "/etc/tiaojie/tiaojie.toml");
  REQUIRE(none.has_value());
  CHECK_FALSE(none->store.has_value());
  CHECK(store_location(*none).path == fs::path("/etc/tiaojie/data/tiaojie.sqlite"));

  auto absolute =
      parse_config("[store]\nurl = \"sqlite:///var/lib/tiaojie/t.sqlite\"\n", "/etc/t/t.toml");
  REQUIRE_MESSAGE(absolute.has_value(), absolute.error().to_string());
  CHECK(store_location(*absolute).backend == store::Backend::sqlite);
  CHECK(store_location(*absolute).path == fs::path("/var/lib/tiaojie/t.sqlite"));

  // Relative: from the config file's folder, as every path of the file.
  auto relative = parse_config("[store]\nurl = \"sqlite:cases/t.sqlite\"\n", "/etc/t/t.toml");
  REQUIRE_MESSAGE(relative.has_value(), relative.error().to_string());
  CHECK(store_location(*relative).path == fs::path("/etc/t/cases/t.sqlite"));
}

TEST_CASE("a [store] url the build cannot serve is refused with the key at file:line:col") {
  auto postgres =
      parse_config("[server]\nport = 0\n[store]\nurl = \"postgresql://db/tiaojie\"\n", "t.toml");
  REQUIRE_MESSAGE(postgres.has_value(), postgres.error().to_string());
  CHECK(store_location(*postgres).backend == store::Backend::postgresql);
  CHECK(store_location(*postgres).url == "postgresql://db/tiaojie");
  auto not_url = parse_config("[server]\nport = 0\n[store]\nurl = \"postgresql:db\"\n", "t.toml");
  REQUIRE_FALSE(not_url.has_value());
  CHECK(not_url.error().code == ErrorCode::invalid_input);
  CHECK(not_url.error().where == "t.toml:4:7");
  CHECK(not_url.error().message.find("store.url: a postgresql URL starts with postgresql://") == 0);

  auto unknown = parse_config("[store]\nurl = \"mysql://db/tiaojie\"\n", "t.toml");
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().where == "t.toml:2:7");
  CHECK(unknown.error().message.find(
            "store.url: unknown store URL scheme 'mysql': known are sqlite") != std::string::npos);

  auto no_file = parse_config("[store]\nurl = \"sqlite://\"\n", "t.toml");
  REQUIRE_FALSE(no_file.has_value());
  CHECK(no_file.error().where == "t.toml:2:7");

  auto not_text = parse_config("[store]\nurl = 3\n", "t.toml");
  REQUIRE_FALSE(not_text.has_value());
  CHECK(not_text.error().message == "store.url: must be a string");

  auto typo = parse_config("[store]\nuri = \"sqlite:x.sqlite\"\n", "t.toml");
  REQUIRE_FALSE(typo.has_value());
  CHECK(typo.error().message == "unknown key 'store.uri'");
}

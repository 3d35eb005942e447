// [http] in the daemon's configuration: defaults, the listen address forms, and refusals at
// file:line:column as every other section's.
#include <doctest/doctest.h>

#include "daemon/config.hpp"
#include "support/paths.hpp"

namespace tiaojie::test {
using daemon::parse_config;

TEST_CASE("HTTP is on at 127.0.0.1:7412 by default, and the shipped configuration keeps it there") {
  auto c = parse_config("", "t.toml");
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  CHECK(c->http.enabled);
  CHECK(c->http.listen_address == "127.0.0.1");
  CHECK(c->http.port == 7412);
  CHECK(c->http.trusted_proxies.empty());
  CHECK(c->http.max_connections == 256);
  CHECK(c->http.max_header_bytes == 16 * 1024);
  CHECK(c->http.max_body_bytes == 1024 * 1024);
  CHECK(c->http.request_timeout == std::chrono::seconds(10));
  auto shipped = daemon::load_config(source_dir() / "config" / "tiaojie.toml");
  REQUIRE_MESSAGE(shipped.has_value(), shipped.error().to_string());
  CHECK(shipped->http.enabled);
  CHECK(shipped->http.listen_address == "127.0.0.1");
  CHECK(shipped->http.port == 7412);
}

TEST_CASE("[http] listen takes ADDRESS:PORT, [IPv6]:PORT, or off") {
  auto v4 = parse_config("[http]\nlisten = \"0.0.0.0:8080\"\n", "t.toml");
  REQUIRE_MESSAGE(v4.has_value(), v4.error().to_string());
  CHECK(v4->http.listen_address == "0.0.0.0");
  CHECK(v4->http.port == 8080);
  auto v6 = parse_config("[http]\nlisten = \"[::1]:0\"\n", "t.toml");
  REQUIRE_MESSAGE(v6.has_value(), v6.error().to_string());
  CHECK(v6->http.listen_address == "::1");
  CHECK(v6->http.port == 0);
  for (const char* off : {"off", ""}) {
    auto c = parse_config(std::string("[http]\nlisten = \"") + off + "\"\n", "t.toml");
    REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
    CHECK_FALSE(c->http.enabled);
  }
}

TEST_CASE("a bad [http] value is refused at file:line:column") {
  struct Bad {
    const char* text;
    const char* where;
    const char* says;
  };
  for (const Bad& b : {
           Bad{"[http]\nlisten = \"127.0.0.1\"\n", "t.toml:2:10", "has no port"},
           Bad{"[http]\nlisten = \"localhost:80\"\n", "t.toml:2:10", "not an IP address"},
           Bad{"[http]\nlisten = \"::1:80\"\n", "t.toml:2:10", "without brackets"},
           Bad{"[http]\nlisten = \"127.0.0.1:99999\"\n", "t.toml:2:10", "from 0 to 65535"},
           Bad{"[http]\nlisten = 7412\n", "t.toml:2:10", "must be a string"},
           Bad{"[http]\ntrusted_proxies = [\"10.0.0.1\", \"proxy.lan\"]\n", "t.toml:2:32",
               "'proxy.lan' is not an IP address"},
           Bad{"[http]\ntrusted_proxies = \"10.0.0.1\"\n", "t.toml:2:19", "must be an array"},
           Bad{"[http]\nmax_header_bytes = 10\n", "t.toml:2:20", "between 1024 and"},
           Bad{"[http]\nrequest_timeout_seconds = 0\n", "t.toml:2:27", "between 1 and 3600"},
           Bad{"[http]\nlisten_on = \"127.0.0.1:80\"\n", "t.toml:2:1",
               "unknown key 'http.listen_on'"},
       }) {
    CAPTURE(b.text);
    auto c = parse_config(b.text, "t.toml");
    REQUIRE_FALSE(c.has_value());
    CHECK(c.error().where == b.where);
    CHECK(c.error().message.find(b.says) != std::string::npos);
  }
}

TEST_CASE("[http] trusted_proxies and the limits are read") {
  auto c = parse_config(
      "[http]\ntrusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\", \"::1\"]\nmax_connections = 8\n"
      "max_header_bytes = 4096\nmax_body_bytes = 0\nrequest_timeout_seconds = 3\n",
      "t.toml");
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  CHECK(c->http.trusted_proxies == std::vector<std::string>{"127.0.0.1", "10.0.0.0/8", "::1"});
  CHECK(c->http.max_connections == 8);
  CHECK(c->http.max_header_bytes == 4096);
  CHECK(c->http.max_body_bytes == 0);
  CHECK(c->http.request_timeout == std::chrono::seconds(3));
}

TEST_CASE(
    "[http] accounts and the session times are read, a relative accounts path from the config "
    "folder") {
  auto defaults = parse_config("", "/etc/tiaojie/tiaojie.toml");
  REQUIRE_MESSAGE(defaults.has_value(), defaults.error().to_string());
  CHECK(defaults->http.accounts.empty());  // no web logins
  CHECK(defaults->http.session_idle == std::chrono::minutes(30));
  CHECK(defaults->http.session_lifetime == std::chrono::hours(12));
  auto c = parse_config(
      "[http]\naccounts = \"accounts.toml\"\nsession_idle_minutes = 10\nsession_hours = 8\n",
      "/etc/tiaojie/tiaojie.toml");
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  CHECK(c->http.accounts == std::filesystem::path("/etc/tiaojie/accounts.toml"));
  CHECK(c->http.session_idle == std::chrono::minutes(10));
  CHECK(c->http.session_lifetime == std::chrono::hours(8));
  auto absolute = parse_config("[http]\naccounts = \"/srv/a.toml\"\n", "/etc/tiaojie/tiaojie.toml");
  REQUIRE_MESSAGE(absolute.has_value(), absolute.error().to_string());
  CHECK(absolute->http.accounts == std::filesystem::path("/srv/a.toml"));
  auto off = parse_config("[http]\naccounts = \"\"\n", "t.toml");
  REQUIRE_MESSAGE(off.has_value(), off.error().to_string());
  CHECK(off->http.accounts.empty());
}

TEST_CASE("a bad [http] accounts or session value is refused at file:line:column") {
  struct Bad {
    const char* text;
    const char* where;
    const char* says;
  };
  for (const Bad& b : {
           Bad{"[http]\naccounts = 3\n", "t.toml:2:12", "http.accounts: must be a string"},
           Bad{"[http]\nsession_idle_minutes = 0\n", "t.toml:2:24", "between 1 and 1440"},
           Bad{"[http]\nsession_hours = 200\n", "t.toml:2:17", "between 1 and 168"},
           Bad{"[http]\nsession_hours = \"12\"\n", "t.toml:2:17", "must be an integer"},
           Bad{"[http]\nsession_minutes = 5\n", "t.toml:2:1", "unknown key 'http.session_minutes'"},
       }) {
    CAPTURE(b.text);
    auto c = parse_config(b.text, "t.toml");
    REQUIRE_FALSE(c.has_value());
    CHECK(c.error().where == b.where);
    CHECK(c.error().message.find(b.says) != std::string::npos);
  }
}

}  // namespace tiaojie::test

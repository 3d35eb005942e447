// X-Forwarded-For and -Proto are believed only from the configured proxies.
#include "daemon/http/forwarded.hpp"

#include <doctest/doctest.h>

#include "daemon/daemon_fixture.hpp"
#include "daemon/log_capture.hpp"
#include "http/http_client.hpp"

namespace tiaojie::test {
namespace ip = boost::asio::ip;
using daemon::http::parse_network;
using daemon::http::resolve_client;
using daemon::http::TrustedProxies;

namespace {
ip::address addr(const char* a) { return ip::make_address(a); }
TrustedProxies proxies(std::vector<std::string> list) {
  auto p = TrustedProxies::parse(list);
  REQUIRE(p.has_value());
  return *p;
}
}  // namespace

TEST_CASE("trusted proxies are addresses or networks, IPv4 and IPv6, written exactly") {
  CHECK(parse_network("127.0.0.1").has_value());
  CHECK(parse_network("10.0.0.0/8").has_value());
  CHECK(parse_network("::1").has_value());
  CHECK(parse_network("fd00::/8").has_value());
  CHECK_FALSE(parse_network("localhost").has_value());
  CHECK_FALSE(parse_network("10.0.0.0/33").has_value());
  CHECK_FALSE(parse_network("10.0.0.0/").has_value());
  CHECK_FALSE(parse_network("10.1.0.0/8").has_value());  // bits beyond the prefix: a typo
  auto t = proxies({"10.0.0.0/8", "::1"});
  CHECK(t.trusts(addr("10.200.3.4")));
  CHECK_FALSE(t.trusts(addr("11.0.0.1")));
  CHECK(t.trusts(addr("::1")));
  CHECK(t.trusts(addr("::ffff:10.0.0.7")));  // a dual-stack socket's IPv4 peer
  CHECK_FALSE(TrustedProxies{}.trusts(addr("127.0.0.1")));
}

TEST_CASE("X-Forwarded-For names the client only when the peer is a trusted proxy") {
  auto t = proxies({"127.0.0.1", "10.0.0.0/8"});
  // Untrusted peer: its headers are ignored, whatever they say.
  auto direct = resolve_client(addr("192.0.2.7"), "203.0.113.9", "https", t);
  CHECK(direct.address == "192.0.2.7");
  CHECK_FALSE(direct.secure);
  CHECK_FALSE(direct.forwarded);
  // Trusted peer: the nearest untrusted hop, read from the right.
  auto via = resolve_client(addr("127.0.0.1"), "203.0.113.9", "https", t);
  CHECK(via.address == "203.0.113.9");
  CHECK(via.secure);
  CHECK(via.forwarded);
  // A client that sends its own X-Forwarded-For cannot choose its address: the proxy appends the
  // real one, and the walk stops there.
  auto spoofed = resolve_client(addr("127.0.0.1"), "1.2.3.4, 198.51.100.3, 10.1.1.1", "http", t);
  CHECK(spoofed.address == "198.51.100.3");
  CHECK_FALSE(spoofed.secure);
  // Every hop trusted: the leftmost; a hop that is not an address ends the walk.
  CHECK(resolve_client(addr("127.0.0.1"), "10.0.0.5, 10.0.0.6", "", t).address == "10.0.0.5");
  CHECK(resolve_client(addr("127.0.0.1"), "unknown, 10.0.0.6", "", t).address == "10.0.0.6");
  // No header: the peer.
  CHECK(resolve_client(addr("127.0.0.1"), "", "", t).address == "127.0.0.1");
}

TEST_CASE(
    "the daemon logs the forwarded client of a trusted proxy and ignores the header from others") {
  LogCapture log;
  spdlog::default_logger()->set_level(spdlog::level::debug);
  const std::map<std::string, std::string> headers{{"X-Forwarded-For", "203.0.113.9"},
                                                   {"X-Forwarded-Proto", "https"}};
  {
    TestDaemon untrusted;  // no trusted_proxies: the test's 127.0.0.1 is just a client
    REQUIRE(http_call(untrusted.server().http_port(), "/healthz", beast_http::verb::get, headers)
                .has_value());
  }
  CAPTURE(log.text());
  CHECK(log.text().find("203.0.113.9") == std::string::npos);
  CHECK(log.text().find("GET /healthz from 127.0.0.1\n") != std::string::npos);
  {
    TestDaemon trusted([](daemon::DaemonConfig& c) { c.http.trusted_proxies = {"127.0.0.1"}; });
    REQUIRE(http_call(trusted.server().http_port(), "/healthz", beast_http::verb::get, headers)
                .has_value());
  }
  CHECK(log.text().find("GET /healthz from 203.0.113.9 (forwarded by 127.0.0.1)") !=
        std::string::npos);
}

}  // namespace tiaojie::test

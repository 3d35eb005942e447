// What the HTTP listener refuses and how: methods, paths, oversize headers, slow clients, too many
// connections; and that a kept-alive connection serves several requests.
#include <doctest/doctest.h>

#include "daemon/daemon_fixture.hpp"
#include "daemon/http/http_server.hpp"
#include "http/http_client.hpp"

namespace tiaojie::test {

TEST_CASE("a method other than GET or HEAD is refused with 405 and the methods allowed") {
  TestDaemon d;
  for (auto method : {beast_http::verb::post, beast_http::verb::put, beast_http::verb::delete_}) {
    auto r = http_call(d.server().http_port(), "/metrics", method);
    REQUIRE(r.has_value());
    CHECK(r->result_int() == 405);
    CHECK((*r)[beast_http::field::allow] == "GET, HEAD");
  }
  auto head = http_call(d.server().http_port(), "/healthz", beast_http::verb::head);
  REQUIRE(head.has_value());
  CHECK(head->result_int() == 200);
  CHECK(head->body().empty());
  CHECK((*head)[beast_http::field::content_length] == "3");
}

TEST_CASE("an unknown path is 404, and a query string does not change the path") {
  TestDaemon d;
  auto r = http_call(d.server().http_port(), "/nope");
  REQUIRE(r.has_value());
  CHECK(r->result_int() == 404);
  CHECK(http_call(d.server().http_port(), "/healthz/")->result_int() == 404);
  CHECK(http_call(d.server().http_port(), "/healthz?verbose=1")->result_int() == 200);
}

TEST_CASE("a kept-alive connection answers one request after another") {
  TestDaemon d;
  HttpTestClient c;
  REQUIRE(c.connect(d.server().http_port()));
  for (const char* path : {"/healthz", "/readyz", "/metrics", "/nope", "/healthz"}) {
    CAPTURE(path);
    auto r = c.request(beast_http::verb::get, path);
    REQUIRE(r.has_value());
    CHECK(r->keep_alive());
  }
  // Two requests sent at once (pipelined) are answered in order.
  REQUIRE(
      c.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto first = c.read_response();
  auto second = c.read_response();
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(first->result_int() == 200);
  CHECK(second->result_int() == 404);
}

TEST_CASE("headers over max_header_bytes are refused with 431 and the connection closed") {
  TestDaemon d([](daemon::DaemonConfig& c) { c.http.max_header_bytes = 2048; });
  HttpTestClient c;
  REQUIRE(c.connect(d.server().http_port()));
  auto r = c.request(beast_http::verb::get, "/healthz", {{"X-Padding", std::string(8000, 'a')}});
  REQUIRE(r.has_value());
  CHECK(r->result_int() == 431);
  CHECK_FALSE(r->keep_alive());
  CHECK(c.wait_closed());
  // Within the limit, the same request is answered.
  auto fine = http_call(d.server().http_port(), "/healthz", beast_http::verb::get,
                        {{"X-Padding", std::string(1000, 'a')}});
  REQUIRE(fine.has_value());
  CHECK(fine->result_int() == 200);
}

TEST_CASE("a body over max_body_bytes is refused with 413, and garbage with 400") {
  TestDaemon d([](daemon::DaemonConfig& c) { c.http.max_body_bytes = 100; });
  HttpTestClient c;
  REQUIRE(c.connect(d.server().http_port()));
  auto r = c.request(beast_http::verb::post, "/metrics", {}, std::string(1000, 'x'));
  REQUIRE(r.has_value());
  CHECK(r->result_int() == 413);

  HttpTestClient g;
  REQUIRE(g.connect(d.server().http_port()));
  REQUIRE(g.send_raw("HELLO / SMTP\r\n\r\n"));
  auto garbage = g.read_response();
  REQUIRE(garbage.has_value());
  CHECK(garbage->result_int() == 400);
  CHECK(g.wait_closed());
}

TEST_CASE("a client that does not finish its request within request_timeout is closed") {
  TestDaemon d([](daemon::DaemonConfig& c) { c.http.request_timeout = std::chrono::seconds(1); });
  // Half a request, then silence (slowloris).
  HttpTestClient slow;
  REQUIRE(slow.connect(d.server().http_port()));
  REQUIRE(slow.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
  std::string got;
  CHECK(slow.wait_closed(&got));
  CHECK(got.empty());  // the stream closed the socket at its deadline: nothing was answered
  // A connection that never sends anything is closed too.
  HttpTestClient silent;
  REQUIRE(silent.connect(d.server().http_port()));
  CHECK(silent.wait_closed());
  // Others are served meanwhile and after.
  CHECK(http_call(d.server().http_port(), "/healthz")->result_int() == 200);
}

TEST_CASE(
    "over [http] max_connections a connection gets 503 and is closed, and the TCP port is not "
    "affected") {
  TestDaemon d([](daemon::DaemonConfig& c) { c.http.max_connections = 1; });
  HttpTestClient held;
  REQUIRE(held.connect(d.server().http_port()));
  REQUIRE(held.request(beast_http::verb::get, "/healthz").has_value());  // open, kept alive
  HttpTestClient second;
  REQUIRE(second.connect(d.server().http_port()));
  auto r = second.read_response();
  REQUIRE(r.has_value());
  CHECK(r->result_int() == 503);
  CHECK((*r)[beast_http::field::retry_after] == "1");
  auto tcp = d.connect(k_operator_token);
  CHECK(tcp->call({{"op", "stats"}}).has_value());
  // The held connection still works.
  auto again = held.request(beast_http::verb::get, "/metrics");
  REQUIRE(again.has_value());
  CHECK(again->body().find("tiaojie_connections_refused_total{transport=\"http\"} 1\n") !=
        std::string::npos);
}

TEST_CASE("a daemon stopping closes its idle HTTP connections and answers the request in flight") {
  TestDaemon d;
  HttpTestClient idle;
  REQUIRE(idle.connect(d.server().http_port()));
  REQUIRE(idle.request(beast_http::verb::get, "/healthz").has_value());
  d.server().stop();
  CHECK(idle.wait_closed());
  d.server().wait();
}

}  // namespace tiaojie::test

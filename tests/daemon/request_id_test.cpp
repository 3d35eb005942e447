// Issue 16, fault 2: the request id was parsed and serialized again, so that 1e999 came back as
// Infinity (not JSON), 18446744073709551617 as 1.8446744073709552E19 and 1.0 as 1E0. Now it is
// echoed byte for byte when it is a string or a 64-bit integer, and refused otherwise.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "daemon/protocol.hpp"
#include "daemon_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::daemon;
using namespace tiaojie::test;
namespace json = boost::json;

namespace {

const char* const k_echoed[] = {
    "1",
    "-0",
    "0",
    R"("a")",
    R"("")",
    R"("\u0041\/é")",
    "18446744073709551615",
    "-9223372036854775808",
    "9223372036854775808",
};

const char* const k_refused[] = {
    "1e999", "1.0",  "1E0", "18446744073709551617", "-9223372036854775809", "0.5",
    "null",  "true", "[1]", R"({"a":1})",
};

}  // namespace

TEST_CASE("a string or 64-bit integer id is echoed byte for byte") {
  for (const char* raw : k_echoed) {
    const std::string shown = raw;
    CAPTURE(shown);
    const std::string line = std::string(R"({"id":)") + raw + R"(,"op":"stats"})";
    auto r = parse_request(line);
    REQUIRE(r);
    REQUIRE(r->id);
    CHECK(r->id->json_text() == raw);
    CHECK(ok_response(r->id, {{"n", 1}}) ==
          std::string(R"({"id":)") + raw + R"(,"ok":true,"n":1})" + "\n");
    CHECK(error_response(r->id, not_found("x")).starts_with(std::string(R"({"id":)") + raw + ","));
  }
}

TEST_CASE("any other id is refused, and the error carries no id") {
  for (const char* raw : k_refused) {
    const std::string shown = raw;
    CAPTURE(shown);
    std::optional<RequestId> id;
    auto r = parse_request(std::string(R"({"id":)") + raw + R"(,"op":"stats"})", &id);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::invalid_input);
    CHECK(r.error().where == "id");
    CHECK_FALSE(id);
    const auto reply = json::parse(error_response(id, r.error())).as_object();
    CHECK_FALSE(reply.contains("id"));
  }
}

TEST_CASE("a repeated key is refused, with the id echoed unless the id is what is repeated") {
  std::optional<RequestId> id;
  auto r = parse_request(R"({"id":7,"op":"stats","op":"reload"})", &id);
  REQUIRE_FALSE(r);
  CHECK(r.error().where == "op");
  REQUIRE(id);
  CHECK(id->json_text() == "7");
  id.reset();
  auto twice = parse_request(R"({"id":7,"op":"stats","id":8})", &id);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().where == "id");
  CHECK_FALSE(id);
}

TEST_CASE("the daemon answers odd ids with JSON: the id as sent, or an error without one") {
  TestDaemon d;
  auto c = d.connect(k_hotline_token);
  auto exchange = [&](const std::string& id) {
    REQUIRE(c->send_line(R"({"id":)" + id + R"(,"op":"stats"})"));
    auto line = c->receive_line();
    REQUIRE(line.has_value());
    return *line;
  };
  for (const char* raw : {"18446744073709551615", R"("\u0041")", "-0"}) {
    const std::string shown = raw;
    CAPTURE(shown);
    auto line = exchange(raw);
    CHECK(line.starts_with(std::string(R"({"id":)") + raw + R"(,"ok":true)"));
  }
  for (const char* raw : {"1e999", "18446744073709551617", "1.0"}) {
    const std::string shown = raw;
    CAPTURE(shown);
    auto line = exchange(raw);
    CAPTURE(line);
    boost::system::error_code ec;
    auto reply = json::parse(line, ec);
    REQUIRE_FALSE(ec);  // Infinity is not JSON
    CHECK(reply.at("ok") == false);
    CHECK(reply.at("error").at("where") == "id");
    CHECK_FALSE(reply.as_object().contains("id"));
  }
}

TEST_CASE("a request that repeats a key is refused over the wire, not read as its last value") {
  TestDaemon d;
  auto c = d.connect();
  // Boost.JSON keeps the last of repeated keys: this hello used to authenticate.
  REQUIRE(c->send_line(std::string(R"({"id":1,"op":"hello","token":"wrong","token":")") +
                       k_hotline_token + "\"}"));
  auto reply = c->receive();
  REQUIRE(reply.has_value());
  CHECK(reply->at("ok") == false);
  CHECK(reply->at("id") == 1);
  CHECK(reply->at("error").at("where") == "token");
  auto stats = c->call({{"op", "stats"}});
  REQUIRE(stats.has_value());
  CHECK(error_code(*stats) == "permission_denied");
}

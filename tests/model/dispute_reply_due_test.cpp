#include <doctest/doctest.h>

#include "model/dispute_json.hpp"

using namespace tiaojie;

TEST_CASE("a 12345 work order's reply deadline is carried and survives a round trip") {
  auto d =
      parse_dispute(R"({"external_id":"12345-1","channel":"hotline_12345","description":"噪音扰民",
    "received_at":"2026-11-24T09:30:00+08:00","reply_due":"2026-11-27T17:00:00+08:00"})");
  REQUIRE_MESSAGE(d.has_value(), d.error().to_string());
  REQUIRE(d->reply_due);
  CHECK(format_timestamp(*d->reply_due) == "2026-11-27T17:00:00+08:00");
  auto again = parse_dispute(dispute_to_json_text(*d));
  REQUIRE(again);
  CHECK(*again == *d);
}

TEST_CASE("a dispute without reply_due has none and writes none") {
  auto d = parse_dispute(R"({"external_id":"w1","channel":"walk_in","description":"楼上漏水"})");
  REQUIRE(d);
  CHECK_FALSE(d->reply_due);
  CHECK(dispute_to_json_text(*d).find("reply_due") == std::string::npos);
}

TEST_CASE("a reply deadline that is not a date-time is refused with its field") {
  auto d = parse_dispute(
      R"({"external_id":"a","channel":"hotline_12345","description":"x","reply_due":"三个工作日"})");
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "reply_due");
  CHECK(d.error().message.find("RFC 3339") != std::string::npos);
}

TEST_CASE("a reply deadline before the time of receipt is refused") {
  auto d = parse_dispute(R"({"external_id":"a","channel":"hotline_12345","description":"x",
    "received_at":"2026-11-24T09:30:00+08:00","reply_due":"2026-11-23T17:00:00+08:00"})");
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "reply_due");
  CHECK(d.error().message.find("before received_at") != std::string::npos);
}

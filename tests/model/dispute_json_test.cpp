#include "model/dispute_json.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "support/disputes.hpp"

using namespace tiaojie;

namespace {
const char* k_design_sample = R"({
  "external_id": "12345-20261124-000123",
  "channel": "hotline_12345",
  "received_at": "2026-11-24T09:30:00+08:00",
  "description": "凤阳街某工地拖欠三十多名工人工资约四十万元……",
  "parties": 32,
  "amount_claimed": 400000,
  "injuries": false,
  "street": "凤阳",
  "community": "凤阳街第3社区",
  "claimant": {"name": "王某", "phone": "13800000000", "id_number": "440105199001010000"},
  "respondent": {"name": "某建筑公司"},
  "declared_category": null
})";
}  // namespace

TEST_CASE("the design's sample dispute parses with every field") {
  auto d = parse_dispute(k_design_sample);
  REQUIRE_MESSAGE(d.has_value(), d.error().to_string());
  CHECK(d->external_id == "12345-20261124-000123");
  CHECK(d->channel == "hotline_12345");
  CHECK(format_timestamp(*d->received_at) == "2026-11-24T09:30:00+08:00");
  CHECK(d->parties == 32);
  CHECK(d->amount_claimed == 400000.0);
  CHECK_FALSE(d->injuries);
  CHECK(d->street == "凤阳");
  CHECK(d->community == "凤阳街第3社区");
  CHECK(d->claimant->phone == "13800000000");
  CHECK(d->respondent->name == "某建筑公司");
  CHECK_FALSE(d->declared_category.has_value());
}

TEST_CASE("a dispute survives a round trip through its canonical JSON") {
  auto d = parse_dispute(k_design_sample);
  REQUIRE(d);
  auto again = parse_dispute(dispute_to_json_text(*d));
  REQUIRE_MESSAGE(again.has_value(), again.error().to_string());
  CHECK(*again == *d);
}

// Found by fuzz_dispute_json (tests/fuzz/regressions/dispute_json/amount_long_mantissa.json):
// Boost 1.81's parser is not correctly rounded for a long mantissa, so the double read from
// "9.3377…7702" and the one read back from its canonical text could differ in the last bit.
TEST_CASE("an amount is kept to the fen, so a long mantissa round-trips") {
  const std::string line =
      R"({"external_id":"a","channel":"online","description":"x","amount_claimed":9.3)" +
      std::string(120, '7') + R"(02})";
  auto d = parse_dispute(line);
  REQUIRE(d.has_value());
  REQUIRE(d->amount_claimed.has_value());
  CHECK(*d->amount_claimed == 9.38);
  auto again = parse_dispute(dispute_to_json_text(*d));
  REQUIRE(again.has_value());
  CHECK(*again == *d);
  CHECK(dispute_to_json_text(*again) == dispute_to_json_text(*d));
  // Half a fen rounds away from zero; whole yuan and fen stay as they are.
  for (const auto& [text, yuan] : {std::pair{"400000", 400000.0}, std::pair{"400000.5", 400000.5},
                                   std::pair{"0.125", 0.13}, std::pair{"12.34", 12.34}}) {
    CAPTURE(text);
    auto a = parse_dispute(
        std::string(
            R"({"external_id":"a","channel":"online","description":"x","amount_claimed":)") +
        text + "}");
    REQUIRE(a.has_value());
    CHECK(*a->amount_claimed == yuan);
  }
}

TEST_CASE("optional fields default to unknown") {
  auto d = parse_dispute(R"({"external_id":"a","channel":"walk_in","description":"楼上漏水"})");
  REQUIRE(d);
  CHECK_FALSE(d->received_at);
  CHECK_FALSE(d->parties);
  CHECK_FALSE(d->amount_claimed);
  CHECK_FALSE(d->injuries);
  CHECK_FALSE(d->street);
}

struct BadCase {
  const char* json;
  const char* where;
  const char* message_part;
};

TEST_CASE("every bad field is named with the reason") {
  const BadCase cases[] = {
      {R"({"channel":"online","description":"x"})", "external_id", "is required"},
      {R"({"external_id":"","channel":"online","description":"x"})", "external_id",
       "must not be empty"},
      {R"({"external_id":7,"channel":"online","description":"x"})", "external_id",
       "must be a string, got an integer"},
      {R"({"external_id":"a","description":"x"})", "channel", "is required"},
      {R"({"external_id":"a","channel":"Fax Machine","description":"x"})", "channel",
       "not a channel id"},
      {R"({"external_id":"a","channel":"online"})", "description", "is required"},
      {R"({"external_id":"a","channel":"online","description":null})", "description", "got null"},
      {R"({"external_id":"a","channel":"online","description":""})", "description",
       "must not be empty"},
      {R"({"external_id":"a","channel":"online","description":"x","parties":"three"})", "parties",
       "whole number, got a string"},
      {R"({"external_id":"a","channel":"online","description":"x","parties":2.5})", "parties",
       "whole number"},
      {R"({"external_id":"a","channel":"online","description":"x","parties":-2})", "parties",
       "must not be negative"},
      {R"({"external_id":"a","channel":"online","description":"x","amount_claimed":-100})",
       "amount_claimed", "must not be negative"},
      {R"({"external_id":"a","channel":"online","description":"x","amount_claimed":"100"})",
       "amount_claimed", "must be a number"},
      {R"({"external_id":"a","channel":"online","description":"x","injuries":"yes"})", "injuries",
       "true or false"},
      {R"({"external_id":"a","channel":"online","description":"x","received_at":"yesterday"})",
       "received_at", "RFC 3339"},
      {R"({"external_id":"a","channel":"online","description":"x","received_at":"2026-02-30T10:00:00+08:00"})",
       "received_at", "RFC 3339"},
      {R"({"external_id":"a","channel":"online","description":"x","claimant":"张三"})", "claimant",
       "must be an object"},
      {R"({"external_id":"a","channel":"online","description":"x","claimant":{"phone":5}})",
       "claimant.phone", "must be a string"},
      {R"({"external_id":"a","channel":"online","description":"x","claimant":{"nmae":"张三"}})",
       "claimant.nmae", "unknown field"},
      {R"({"external_id":"a","channel":"online","description":"x","partys":3})", "partys",
       "unknown field"},
      {"{\"external_id\":\"a\",\"channel\":\"online\",\"description\":\"\xff\xfe\"}", "description",
       "not valid UTF-8"},
      {R"({"external_id":"a","channel":"online",)", "byte", "invalid JSON"},
      {R"([1,2,3])", "", "must be a JSON object"},
      {R"({"external_id":"a","channel":"online","description":"x"} trailing)", "byte",
       "invalid JSON"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.json);
    auto d = parse_dispute(c.json);
    REQUIRE_FALSE(d.has_value());
    CHECK(d.error().code == ErrorCode::invalid_input);
    CHECK(d.error().where.starts_with(c.where));
    CHECK(d.error().message.find(c.message_part) != std::string::npos);
  }
}

TEST_CASE("limits are enforced per field") {
  DisputeSchema schema;
  schema.limits.max_description = 10;
  auto d = parse_dispute(R"({"external_id":"a","channel":"online","description":"楼上漏水很久了"})",
                         schema);
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "description");
  CHECK(d.error().message.find("too long: 21 bytes, the limit is 10") != std::string::npos);
}

TEST_CASE("configured channels reject the others") {
  DisputeSchema schema;
  schema.channels = {"hotline_12345", "walk_in"};
  CHECK(parse_dispute(R"({"external_id":"a","channel":"walk_in","description":"x"})", schema));
  auto d = parse_dispute(R"({"external_id":"a","channel":"fax","description":"x"})", schema);
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "channel");
  CHECK(d.error().message.find("unknown channel \"fax\"") != std::string::npos);
}

TEST_CASE("every tricky record is rejected with a field or position") {
  DisputeSchema schema;
  schema.channels = {"hotline_12345",  "walk_in",  "online", "police_referral",
                     "court_referral", "petition", "media"};
  auto lines = test::tricky_disputes();
  REQUIRE(lines.size() == test::k_tricky_count);
  int accepted = 0;
  for (const auto& line : lines) {
    auto d = parse_dispute(line, schema);
    if (d) {
      // T7 names a street that does not exist: well-formed, routed to intake for review later.
      CHECK(d->external_id == "T7");
      ++accepted;
      continue;
    }
    CAPTURE(line.substr(0, 120));
    CHECK_FALSE(d.error().message.empty());
    bool located =
        !d.error().where.empty() || d.error().message.find("JSON object") != std::string::npos;
    CHECK(located);
  }
  CHECK(accepted == 1);
}

TEST_CASE("every generated dispute parses and round-trips") {
  auto lines = test::generated_disputes(2000, 11);
  REQUIRE(lines.size() == 2000);
  for (const auto& line : lines) {
    auto d = parse_dispute(line);
    REQUIRE_MESSAGE(d.has_value(), d.error().to_string());
    auto again = parse_dispute(dispute_to_json_text(*d));
    REQUIRE(again);
    CHECK(*again == *d);
  }
}

// Syntax errors in a dispute's JSON name the field they are in, and a lone surrogate escape (the
// tricky record T19, support/disputes.hpp) is called what it is rather than Boost's bare "syntax
// error".
#include "model/internal/json_syntax.hpp"

#include <doctest/doctest.h>

#include "model/dispute_json.hpp"

using namespace tiaojie;
using tiaojie::internal::member_at;

TEST_CASE("member_at names the member whose value holds a byte") {
  const std::string_view text =
      R"({"external_id":"A1","claimant":{"name":"王某","tags":["x","y"]},"parties":3})";
  auto at = [&](std::string_view needle) { return member_at(text, text.find(needle)); };
  CHECK(at("A1") == "external_id");
  CHECK(at("王某") == "claimant.name");
  CHECK(at("\"y\"") == "claimant.tags");
  CHECK(at("3}") == "parties");
  CHECK(at("external_id") == "");  // inside a key
  CHECK(member_at(text, 0) == "");
  CHECK(member_at(text, text.find(",\"parties\"") + 1) == "");  // between members
  CHECK(member_at(R"({"a":"x\"y","b":1})", 16) == "b");  // an escaped quote does not end the string
}

TEST_CASE("a lone surrogate escape is named with its field") {
  auto d =
      parse_dispute(R"({"external_id":"T19","channel":"hotline_12345","description":"\ud800"})");
  REQUIRE_FALSE(d);
  CHECK(d.error().code == ErrorCode::invalid_input);
  CHECK(d.error().where == "byte 68");
  CHECK(d.error().message.find("in field description") != std::string::npos);
  CHECK(d.error().message.find("\\ud800") != std::string::npos);
  CHECK(d.error().message.find("surrogate pair") != std::string::npos);

  auto low = parse_dispute(R"({"external_id":"X","claimant":{"name":"x\udc00"}})");
  REQUIRE_FALSE(low);
  CHECK(low.error().message.find("in field claimant.name") != std::string::npos);
  CHECK(low.error().message.find("\\udc00") != std::string::npos);

  auto unpaired = parse_dispute(R"({"description":"\uD83D\u0041"})");
  REQUIRE_FALSE(unpaired);
  CHECK(unpaired.error().message.find("\\uD83D") != std::string::npos);

  // A proper pair is one character (U+1F600) and parses.
  auto pair =
      parse_dispute(R"({"external_id":"P","channel":"walk_in","description":"\ud83d\ude00"})");
  REQUIRE_MESSAGE(pair, pair.error().to_string());
  CHECK(pair->description == "\xF0\x9F\x98\x80");
}

TEST_CASE("other syntax errors keep Boost's reason and add the field when there is one") {
  auto in_value = parse_dispute(R"({"external_id":"X","parties":3x})");
  REQUIRE_FALSE(in_value);
  CHECK(in_value.error().message.find("in field parties") != std::string::npos);
  CHECK(in_value.error().message.find("surrogate") == std::string::npos);

  auto truncated = parse_dispute(R"({"external_id":"T16","channel":"hotline_12345",)");
  REQUIRE_FALSE(truncated);
  CHECK(truncated.error().message.rfind("invalid JSON: ", 0) == 0);
  CHECK(truncated.error().where.rfind("byte ", 0) == 0);
}

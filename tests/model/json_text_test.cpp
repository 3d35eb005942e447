// Repeated keys (which Boost.JSON drops silently, keeping the last) and a member's text as written.
#include "model/json_text.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include "model/dispute_json.hpp"

using namespace tiaojie;
namespace json = boost::json;

namespace {
Result<void> unique(std::string_view text) { return check_unique_keys(text, json::parse(text)); }
}  // namespace

TEST_CASE("members are counted in the text and in the value, nested ones included") {
  const std::string_view text = R"({"a":{"b":[{"c":1},{"d":"x:y"}]},"e":"f\":g"})";
  CHECK(members_in_text(text) == 5);
  CHECK(members_in_value(json::parse(text)) == 5);
}

TEST_CASE("a repeated key is named with its path, at any depth") {
  CHECK(unique(R"({"op":"stats","id":1})"));
  CHECK(unique(R"({"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]})"));
  auto top = unique(R"({"op":"resolve","outcome":"failed","outcome":"resolved"})");
  REQUIRE_FALSE(top);
  CHECK(top.error().code == ErrorCode::invalid_input);
  CHECK(top.error().where == "outcome");
  CHECK(top.error().message.starts_with("is repeated"));
  auto nested = unique(R"({"dispute":{"claimant":{"phone":"1","phone":"2"}}})");
  REQUIRE_FALSE(nested);
  CHECK(nested.error().where == "dispute.claimant.phone");
  auto in_array = unique(R"({"list":[{"a":1},{"b":1,"b":2}]})");
  REQUIRE_FALSE(in_array);
  CHECK(in_array.error().where == "list.b");
  // Keys are compared as decoded: \u0069d is "id".
  CHECK(first_repeated_key(R"({"id":1,"\u0069d":2})") == "id");
}

TEST_CASE("a top-level member's text is taken as written") {
  const std::string_view text =
      R"( { "x" : {"id":"inner"}, "s":"id", "id" : "a\u0041\/" , "n":-0, "o":{"k":[1,"]"]}} )";
  CHECK(top_level_member_text(text, "id") == R"("a\u0041\/")");
  CHECK(top_level_member_text(text, "n") == "-0");
  CHECK(top_level_member_text(text, "o") == R"({"k":[1,"]"]})");
  CHECK(top_level_member_text(text, "x") == R"({"id":"inner"})");
  CHECK_FALSE(top_level_member_text(text, "k"));
  CHECK_FALSE(top_level_member_text("[1,2]", "id"));
  CHECK(top_level_member_text(R"({"\u0069d":18446744073709551615})", "id") ==
        "18446744073709551615");
}

TEST_CASE("a dispute document that repeats a key is refused, naming it") {
  auto d = parse_dispute(
      R"({"external_id":"R1","channel":"walk_in","description":"甲","description":"乙"})");
  REQUIRE_FALSE(d);
  CHECK(d.error().code == ErrorCode::invalid_input);
  CHECK(d.error().where == "description");
}

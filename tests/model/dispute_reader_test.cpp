#include "model/internal/dispute_reader.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <string>

#include "support/disputes.hpp"

using namespace tiaojie;

namespace {

// The strict reader's view of a text without repeated keys: the DOM, then the field checks.
Result<Dispute> strict(std::string_view text, const DisputeSchema& schema = {}) {
  boost::json::parse_options options;
  options.allow_invalid_utf8 = true;
  return dispute_from_json(boost::json::parse(text, {}, options), schema);
}

std::string with(std::string_view members) {
  return std::string(R"({"external_id":"a-1","channel":"walk_in","description":"拖欠工资")") +
         std::string(members) + "}";
}

}  // namespace

TEST_CASE("the one-pass reader reads every valid dispute as the strict reader does") {
  const std::string valid[] = {
      with(""),
      with(R"(,"received_at":"2026-11-24T09:30:00+08:00","reply_due":"2026-11-27T17:00:00+08:00")"),
      with(R"(,"parties":32,"amount_claimed":400000,"injuries":true)"),
      with(R"(,"parties":3.0,"amount_claimed":12.5,"injuries":false)"),
      with(R"(,"parties":0,"amount_claimed":-0.0)"),
      with(R"(,"parties":null,"amount_claimed":null,"injuries":null,"street":null)"),
      with(R"(,"street":"凤阳","community":"凤阳街第3社区","address":"凤阳路1号")"),
      with(R"(,"street":"","community":"","declared_category":"")"),
      with(R"(,"location_review":"two streets","declared_category":"labour")"),
      with(R"(,"feedback":"满意","feedback_comment":"好")"),
      with(R"(,"feedback":"dissatisfied","feedback_comment":"")"),
      with(R"(,"claimant":{"name":"王某","phone":"13800000000","id_number":"4401"})"),
      with(R"(,"claimant":{},"respondent":{"name":null,"phone":"1"})"),
      with(R"(,"claimant":null,"respondent":{"name":"某公司"})"),
      // Escapes: keys and strings decoded as the DOM decodes them.
      with(R"(,"str\u0065et":"\u51e4\u9633","address":"a\"b\\c\/d\n")"),
      R"({"description":"x","channel":"online","external_id":"reordered"})",
      R"(  {"external_id":"ws","channel":"walk_in","description":"x"}  )"
      "\n",
  };
  for (const auto& text : valid) {
    CAPTURE(text);
    auto fast = internal::read_valid_dispute(text, {});
    auto slow = strict(text);
    REQUIRE_MESSAGE(slow.has_value(), slow.error().to_string());
    REQUIRE(fast.has_value());
    CHECK(*fast == *slow);
    CHECK(*fast == *parse_dispute(text));
  }
}

TEST_CASE("the one-pass reader leaves every invalid dispute to the strict reader") {
  const std::string invalid[] = {
      R"({"channel":"walk_in","description":"x"})",
      R"({"external_id":"","channel":"walk_in","description":"x"})",
      R"({"external_id":null,"channel":"walk_in","description":"x"})",
      R"({"external_id":"a","channel":"Walk In","description":"x"})",
      R"({"external_id":"a","channel":"walk_in","description":"x","description":"y"})",
      R"({"external_id":"a","channel":"walk_in","description":"x","descr\u0069ption":"y"})",
      R"([{"external_id":"a","channel":"walk_in","description":"x"}])",
      R"("a dispute")",
      R"({"external_id":"a","channel":"walk_in","description":"x"} {})",
      R"({"external_id":"a","channel":"walk_in","description":"x")",
      with(R"(,"colour":"red")"),
      with(R"(,"parties":-1)"),
      with(R"(,"parties":2.5)"),
      with(R"(,"parties":18446744073709551615)"),
      with(R"(,"parties":"3")"),
      with(R"(,"parties":1000001)"),
      with(R"(,"amount_claimed":-3)"),
      with(R"(,"amount_claimed":1e14)"),
      with(R"(,"amount_claimed":"3")"),
      with(R"(,"injuries":1)"),
      with(R"(,"street":5)"),
      with(R"(,"street":["凤阳"])"),
      with(R"(,"street":{"name":"凤阳"})"),
      with(R"(,"received_at":"")"),
      with(R"(,"received_at":"yesterday")"),
      with(R"(,"received_at":"2026-11-24T09:30:00+08:00","reply_due":"2026-11-23T09:30:00+08:00")"),
      with(R"(,"feedback":"so-so")"),
      with(R"(,"claimant":"王某")"),
      with(R"(,"claimant":{"name":"王某","email":"x"})"),
      with(R"(,"claimant":{"name":"王某","name":"李某"})"),
      with(R"(,"claimant":{"name":1})"),
      with(R"(,"claimant":{"name":{"first":"王"}})"),
      with(",\"street\":\"\xff\""),
      with(",\"claimant\":{\"name\":\"\xc3\"}"),
      with(",\"community\":\"" + std::string(257, 'x') + "\""),
  };
  for (const auto& text : invalid) {
    CAPTURE(text);
    CHECK_FALSE(internal::read_valid_dispute(text, {}).has_value());
    CHECK_FALSE(parse_dispute(text).has_value());
  }
}

TEST_CASE("the one-pass reader applies the schema's limits and channels") {
  DisputeSchema schema;
  schema.channels = {"hotline_12345"};
  CHECK_FALSE(internal::read_valid_dispute(with(""), schema).has_value());
  schema.channels.push_back("walk_in");
  CHECK(internal::read_valid_dispute(with(""), schema).has_value());
  schema.limits.max_description = 3;
  CHECK_FALSE(internal::read_valid_dispute(with(""), schema).has_value());
}

TEST_CASE(
    "on generated disputes and damaged copies, what the one-pass reader accepts is what the "
    "strict reader reads") {
  const DisputeSchema schema;
  int accepted = 0, damaged_accepted = 0, damaged = 0;
  for (const auto& line : test::generated_disputes(1500, 23)) {
    auto fast = internal::read_valid_dispute(line, schema);
    REQUIRE(fast.has_value());  // the usual case takes the one pass
    CHECK(*fast == *parse_dispute(line, schema));
    ++accepted;
    // Damage one byte at a time (cut, a quote, a brace, a stray byte): whenever the one-pass
    // reader still accepts, the strict reader accepts the same dispute.
    for (std::size_t at = line.size() / 7; at < line.size(); at += line.size() / 7) {
      for (const char c : {'"', '}', '[', '1', '\xff', ' '}) {
        std::string text = line;
        text[at] = c;
        ++damaged;
        if (auto f = internal::read_valid_dispute(text, schema)) {
          ++damaged_accepted;
          auto strict = parse_dispute(text, schema);
          REQUIRE_MESSAGE(strict.has_value(), text);
          CHECK(*f == *strict);
        }
      }
      auto cut = line.substr(0, at);
      CHECK_FALSE(internal::read_valid_dispute(cut, schema).has_value());
    }
  }
  for (const auto& text : test::tricky_disputes()) {
    auto f = internal::read_valid_dispute(text, schema);
    auto strict = parse_dispute(text, schema);
    CHECK(f.has_value() == strict.has_value());
    if (f) CHECK(*f == *strict);
  }
  CHECK(accepted == 1500);
  CHECK(damaged_accepted > 0);  // some damage leaves a valid dispute (a digit in a text)
  CHECK(damaged_accepted < damaged);
}

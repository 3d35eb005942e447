// The fast reader of stored disputes gives what the strict parser gives, on generated disputes (as
// received and in the canonical form the store keeps), and hands anything else to the strict
// parser.
#include "replay/internal/stored_dispute.hpp"

#include <doctest/doctest.h>

#include "model/dispute_json.hpp"
#include "support/disputes.hpp"

using namespace tiaojie;
using tiaojie::replay::internal::read_stored_dispute;
using tiaojie::replay::internal::scan_canonical_dispute;

namespace {

// What the fast reader promises: the strict result without the parties' personal data.
Dispute readable_part(Dispute d) {
  d.claimant.reset();
  d.respondent.reset();
  return d;
}

// The reader on `line` gives what the strict parser gives: the same fields, or the same error.
void check_same_as_strict(const std::string& line, Dispute& reused) {
  auto strict = parse_dispute(line);
  auto read = read_stored_dispute(line, reused);
  REQUIRE(read.has_value() == strict.has_value());
  if (strict) {
    CHECK(readable_part(reused) == readable_part(*strict));
  } else {
    CHECK(read.error().message == strict.error().message);
  }
}

}  // namespace

TEST_CASE("the stored-dispute reader equals the strict parser on generated disputes") {
  Dispute reused;  // one Dispute for every line: nothing of an earlier case may leak
  int fast = 0;
  for (const auto& [n, seed] : {std::pair{3000, 7}, std::pair{2000, 11}}) {
    for (const auto& line : test::generated_disputes(n, static_cast<std::uint64_t>(seed))) {
      CAPTURE(line.substr(0, 160));
      auto strict = parse_dispute(line);
      REQUIRE(strict.has_value());
      const auto canonical = dispute_to_json_text(*strict);
      // The canonical form the store keeps always takes the fast path.
      REQUIRE(scan_canonical_dispute(canonical, reused));
      CHECK(reused == readable_part(*strict));
      ++fast;
      // The text as the channel sent it: fast or strict, the same fields.
      REQUIRE(read_stored_dispute(line, reused).has_value());
      CHECK(readable_part(reused) == readable_part(*strict));
    }
  }
  CHECK(fast == 5000);
}

TEST_CASE("tricky records: the reader accepts exactly what the strict parser accepts") {
  Dispute reused;
  for (const auto& line : test::tricky_disputes()) {
    CAPTURE(line.substr(0, 160));
    check_same_as_strict(line, reused);
  }
}

TEST_CASE("escapes are decoded, and what the scanner does not know goes to the strict parser") {
  Dispute d;
  REQUIRE(scan_canonical_dispute(
      R"({"external_id":"E1","channel":"walk_in","description":"a\"b\\c\nd\/e","street":"","parties":3,"amount_claimed":1.5E3,"injuries":true})",
      d));
  CHECK(d.description == "a\"b\\c\nd/e");
  CHECK_FALSE(d.street.has_value());  // empty means absent, as for the strict parser
  CHECK(d.parties == 3);
  CHECK(d.amount_claimed == 1500.0);
  CHECK(d.injuries);

  for (
      const char* declined : {
          R"({"external_id":"E1","channel":"walk_in","description":"\u4e2d"})",  // \u escape
          R"({"external_id":"E1","channel":"walk_in","description":"x","street":null})",   // null
          R"({"external_id":"E1","channel":"walk_in","description":"x","colour":"red"})",  // unknown
                                                                                           // key
          R"({"external_id":"E1","channel":"walk_in","description":"x","parties":2.0})",  // not an
                                                                                          // integer
          R"({"external_id":"E1","channel":"walk_in","description":"x","parties":-1})",  // negative
          R"({"external_id":"E1","channel":"walk_in","description":"x","description":"y"})",  // repeated
          R"( {"external_id":"E1","channel":"walk_in","description":"x"})",  // whitespace
          R"({"external_id":"E1","channel":"walk_in"})",                     // no description
      }) {
    CAPTURE(declined);
    CHECK_FALSE(scan_canonical_dispute(declined, d));
    auto strict = parse_dispute(declined);
    auto read = read_stored_dispute(declined, d);
    REQUIRE(read.has_value() == strict.has_value());
    if (strict) CHECK(readable_part(d) == readable_part(*strict));
  }
}

TEST_CASE("timestamps read the same as the strict parser reads them, canonical or not") {
  // The scanner reads the canonical spelling itself and hands every other one to parse_timestamp.
  Dispute d;
  for (const char* at :
       {"2026-01-01T00:02:37+08:00", "2024-02-29T23:59:59+08:00", "2026-06-30T12:00:60+08:00",
        "2026-02-29T10:00:00+08:00", "2026-04-31T10:00:00+08:00", "2026-01-01T24:00:00+08:00",
        "2026-01-01T10:60:00+08:00", "2026-01-01T10:00:61+08:00", "2026-00-10T10:00:00+08:00",
        "2026-01-01T-1:00:00+08:00", "2026-01-01T10:00:00+09:00", "2026-01-01T10:00:00Z",
        "2026-01-01 10:00:00+08:00", "2026-01-01T10:00+08:00", "0000-01-01T00:00:00+08:00",
        "2026-1-01T10:00:00+08:00", "2026-01-01T10:00:00.5+08:00", "20260101T100000+0800"}) {
    CAPTURE(at);
    for (const bool reply_due : {false, true}) {
      const std::string line =
          reply_due
              ? std::string(
                    R"({"external_id":"E1","channel":"walk_in","received_at":"2026-01-01T00:00:00+08:00","description":"x","reply_due":")") +
                    at + "\"}"
              : std::string(R"({"external_id":"E1","channel":"walk_in","received_at":")") + at +
                    R"(","description":"x"})";
      CAPTURE(line);
      check_same_as_strict(line, d);
    }
  }
  // The canonical spelling is the scanner's own (no strict parse).
  CHECK(scan_canonical_dispute(
      R"({"external_id":"E1","channel":"walk_in","received_at":"2026-06-30T12:00:60+08:00","description":"x"})",
      d));
  CHECK(d.received_at == parse_timestamp("2026-06-30T12:00:59+08:00"));
}

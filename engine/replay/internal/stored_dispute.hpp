// Reading a stored dispute for replay, fast. The store keeps each dispute as the canonical JSON it
// was validated against at intake (parse_dispute); replay needs the fields classification and
// assignment read. This reader scans the object once, without building a JSON tree, into a reused
// Dispute (no allocation once its strings have grown).
//
// Equivalence: for every text, the fields filled (all but claimant and respondent, which replay
// never reads and which stay empty) equal what parse_dispute gives, or the text is handed to
// parse_dispute itself. The scanner checks what the strict parser checks on those fields (UTF-8,
// the default length limits, the channel id's spelling, number ranges, timestamps) and declines
// anything it does not recognise (whitespace, \u escapes, null, a number it would not read the same
// way, an unknown or repeated key): those take the strict path.
// tests/replay/stored_dispute_test.cpp checks the equivalence on the shared corpus.
#pragma once

#include <string_view>

#include "model/dispute.hpp"
#include "model/error.hpp"

namespace tiaojie::replay::internal {

// Errors: parse_dispute's, for a text that does not parse strictly.
[[nodiscard]] Result<void> read_stored_dispute(std::string_view json, Dispute& out);

// The scanner alone: false when it declined (the caller then parses strictly). For tests.
[[nodiscard]] bool scan_canonical_dispute(std::string_view json, Dispute& out);

}  // namespace tiaojie::replay::internal

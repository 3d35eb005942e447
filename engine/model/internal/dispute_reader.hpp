// The accepting path of parse_dispute: one pass of Boost.JSON's SAX parser over the text, filling
// a Dispute as the members go by, with no DOM, no copy of the text and no error text built.
//
// It says only "valid, here it is" or "not sure": whatever it does not accept (a bad field, an
// unknown or repeated key, an array, a syntax error, …) goes to the strict DOM reader, which
// finds the same problem and words the precise error (field path and reason). So an error costs
// one pass more and the error texts live in one place. The contract that keeps the two in step:
//   read_valid_dispute(t, s) == D  implies  parse_dispute(t, s) == D.
// (It may refuse more than the strict reader does; it refuses nothing that the corpus of valid
// disputes has: tests/model/dispute_reader_test.cpp.) Thread-safety: pure function.
#pragma once

#include <optional>
#include <string_view>

#include "model/dispute.hpp"
#include "model/dispute_json.hpp"

namespace tiaojie::internal {

// The dispute `json_text` holds, when it is one parse_dispute(json_text, schema) accepts; nullopt
// when it is not, or when this reader leaves the decision (and the error) to the strict one.
[[nodiscard]] std::optional<Dispute> read_valid_dispute(std::string_view json_text,
                                                        const DisputeSchema& schema);

// Whether `s` has the form of a channel id: lower-case ASCII letters, digits, '_', '-', '.'.
[[nodiscard]] bool is_channel_id(std::string_view s);

// The return-visit ratings a dispute's `feedback` may carry (Chinese and English forms).
[[nodiscard]] bool is_feedback_rating(std::string_view s);

}  // namespace tiaojie::internal

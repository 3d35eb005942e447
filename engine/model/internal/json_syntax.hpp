// Naming where a JSON text went wrong, for the errors of parse_dispute: Boost.JSON reports a
// syntax error as a code and a byte count, which tells an operator little about a 2 KB dispute.
#pragma once

#include <boost/system/error_code.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie::internal {

// The dotted path of the object member whose value holds byte `offset` of `text` ("description",
// "claimant.phone"), or "" when the byte lies outside any member's value (top level, inside a key).
// Scans only text[0, offset); the text need not be valid JSON after that.
[[nodiscard]] std::string member_at(std::string_view text, std::size_t offset);

// The invalid_input error for a JSON text that Boost.JSON stopped reading at `offset` with `ec`.
// A \uD800–\uDFFF escape without its other half (Boost says "syntax error" or "illegal …
// surrogate") is named as such, with the field; other errors keep Boost's wording and say which
// field's value they are in, if any. `where` is "byte N" (the field goes into the message), as for
// every other syntax error.
[[nodiscard]] Error json_syntax_error(std::string_view text, std::size_t offset,
                                      boost::system::error_code ec);

}  // namespace tiaojie::internal

// UTF-8 helpers shared by every parser that takes text from outside.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tiaojie {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text);

// Byte offset of the first ill-formed sequence, or text.size() when the text is valid.
[[nodiscard]] std::size_t first_invalid_utf8(std::string_view text);

// Number of code points in valid UTF-8 text (for length limits people understand).
[[nodiscard]] std::size_t utf8_length(std::string_view text);

// The longest prefix of valid UTF-8 `text` that is at most `max_bytes` long and does not cut a
// code point: for previews in logs and error messages.
[[nodiscard]] std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace tiaojie

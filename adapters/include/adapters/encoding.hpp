// Text encodings of files that channels export. Excel on a Chinese Windows saves "CSV" in
// GB18030 (code page 936, of which GB18030 is a superset), "CSV UTF-8" with a byte-order mark, and
// "Unicode text" as UTF-16LE with a BOM; everything inside tiaojie is UTF-8.
// Conversion goes through glibc's iconv, confined to encoding.cpp.
// Thread-safety: pure functions (each call opens its own iconv descriptor).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie::adapters {

enum class TextEncoding { auto_detect, utf8, gb18030, utf16le };

[[nodiscard]] std::string_view to_string(TextEncoding e);
// "auto", "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312", "utf-16le"; nullopt otherwise.
[[nodiscard]] std::optional<TextEncoding> parse_encoding(std::string_view name);

struct DecodedText {
  std::string utf8;  // the text, without a byte-order mark
  TextEncoding detected = TextEncoding::utf8;
};

// Converts file bytes to UTF-8. auto_detect: a UTF-8 BOM → UTF-8; a UTF-16LE BOM → UTF-16LE;
// bytes that are valid UTF-8 → UTF-8; anything else → GB18030.
// Errors (invalid_input, where = "byte N"): bytes that are not valid in the (given or detected)
// encoding, with the offset of the first bad byte.
[[nodiscard]] Result<DecodedText> decode_to_utf8(std::string_view bytes, TextEncoding encoding);

// UTF-8 → GB18030 (for writing files Excel opens, and for tests). Errors as above.
[[nodiscard]] Result<std::string> utf8_to_gb18030(std::string_view utf8);

}  // namespace tiaojie::adapters

// Conversions from the text that channels write into the values of the canonical dispute:
// local date-times in a channel's own layout, amounts such as "40万元", counts such as "30余人".
// Pure functions over values; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "model/time.hpp"

namespace tiaojie::adapters {

// `text` without leading and trailing white space, including the ideographic space U+3000 and
// no-break space U+00A0 that Chinese office software leaves around cell values.
[[nodiscard]] std::string_view trim(std::string_view text);

// `text` with full-width ASCII forms (Ｕ+FF01…U+FF5E: "０１２", "：", "，") folded to ASCII, so
// that numbers and dates typed with a Chinese input method parse like any other.
[[nodiscard]] std::string fold_full_width(std::string_view text);

// A date-time read with one layout.
struct LocalDateTime {
  Timestamp instant;      // the instant, the text taken as Asia/Shanghai local time
  bool has_time = false;  // false when the layout has no %H: the instant is that day's midnight
};

// Reads `text` with the first of `layouts` that matches it whole. A layout is literal text with
// the fields %Y (4 digits), %m %d %H %M %S (1 or 2 digits, so "2026/11/24 9:30:00" matches
// "%Y/%m/%d %H:%M:%S") and %% for a percent sign; a space in the layout matches one or more
// spaces. Full-width digits are folded first. The time is Asia/Shanghai local time.
// Returns nullopt when no layout matches or the date or time does not exist (2026-02-30, 24:00).
[[nodiscard]] std::optional<LocalDateTime> parse_local_datetime(
    std::string_view text, std::span<const std::string> layouts);

// Reads an amount of money in yuan: "400000", "400,000.50", "¥400,000", "人民币40万元", "40.5万",
// "1.2亿元", "四十万元", "约3千元". Returns nullopt for anything else (negative amounts, "若干",
// other currencies).
[[nodiscard]] std::optional<double> parse_amount(std::string_view text);

// Reads a count of people: "32", "32人", "三十二人", "30余人" and "30多名" (30: a lower bound),
// "约30户". Returns nullopt for anything else.
[[nodiscard]] std::optional<std::int64_t> parse_count(std::string_view text);

// Reads a non-negative integer written in Chinese numerals ("三十二", "两千零五", "十万"), or
// nullopt. Exposed for the tests; parse_amount and parse_count use it.
[[nodiscard]] std::optional<std::int64_t> parse_chinese_integer(std::string_view text);

}  // namespace tiaojie::adapters

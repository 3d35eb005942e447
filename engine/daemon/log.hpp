// The daemon's structured logs (spdlog): text lines for people, or one JSON object per line for
// log collectors. Personal data never reaches a log: the daemon logs case ids, external ids,
// channels and bodies, never a party or a description, and as a second line of defence every
// message passes through mask_personal_data before it is written.
// Thread-safety: init_logging once at start, before other threads log; logging is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "daemon/config.hpp"

namespace tiaojie::daemon {

// Sets the default spdlog logger from the configuration. Errors: io_error when the log file cannot
// be opened.
[[nodiscard]] Result<void> init_logging(const LogConfig& config);

// Stars the personal numbers in `text`, keeping enough to tell two apart (mask.cpp):
// - mobile numbers, 1[3-9] and nine digits, also after 86: "13800001234" → "138******34";
// - resident ID numbers (居民身份证号), 18 characters whose check character is valid (GB 11643):
//   "11010519491231002X" → "110*************2X";
// - bank card numbers, 16 to 19 digits with a valid Luhn digit;
// - landlines: an area code 0NN/0NNN then "-", " " or ")" and 7-8 digits, or 0 and 9 to 11 digits
//   together: "020-84123456" → "020-******56".
// A number counts only on its own: digits joined to letters, "_" or "-" belong to an identifier and
// are left alone, so that hex ids (rule-set versions such as eb0280a1288f2ebf) and work-order
// numbers (12345-20261124-000123) stay usable in the log. Neither are 7-8 digit numbers without an
// area code starred (they cannot be told from dates and counts).
[[nodiscard]] std::string mask_personal_data(std::string_view text);

}  // namespace tiaojie::daemon

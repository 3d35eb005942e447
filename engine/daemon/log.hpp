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

// Replaces every run of 7 or more digits (phone numbers, 身份证号, bank cards) by its first three
// and last two digits around asterisks: "13800001234" → "138******34".
[[nodiscard]] std::string mask_personal_data(std::string_view text);

}  // namespace tiaojie::daemon

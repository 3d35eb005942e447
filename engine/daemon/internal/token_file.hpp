// The token file: secrets kept out of the main configuration (mode 0600, managed apart).
//
// One entry per line, `#` starts a comment, blank lines ignored:
//     channel hotline_12345 3f9c…     (a channel id and its token)
//     operator zhang        b71e…     (an operator name and its token)
#pragma once

#include <filesystem>
#include <vector>

#include "daemon/config.hpp"

namespace tiaojie::daemon::internal {

struct TokenEntries {
  std::vector<ChannelAuth> channels;
  std::vector<OperatorAuth> operators;
};

// Errors: io_error when unreadable; invalid_input with "file:line:col" for a malformed line.
[[nodiscard]] Result<TokenEntries> read_token_file(const std::filesystem::path& file);

}  // namespace tiaojie::daemon::internal

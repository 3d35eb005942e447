// Where a client command finds its token: --token (visible in `ps`: for trying things out),
// --token-file FILE (the token alone on its first line; the file must be 0600:
// daemon/secret_file.hpp), or the environment
// ($TIAOJIE_TOKEN, then the file named by $TIAOJIE_TOKEN_FILE). CLI edge.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "model/error.hpp"

namespace tiaojie::cli {

struct TokenOptions {
  std::string token;
  std::string token_file;
};

// Adds --token and --token-file to `cmd`; `what` ends their help ("sent in a hello …").
void add_token_options(CLI::App* cmd, TokenOptions& options, const std::string& what);

// Adds --token-file alone, for commands that must not take a token on the command line, where
// `ps` shows it (the operator commands `case accept` …). The environment works as for any.
void add_token_file_option(CLI::App* cmd, TokenOptions& options);

// The token from the first source given, in the order above; "" when none is.
// Errors: io_error when a token file cannot be read; permission_denied when its group or other
// users have any permission on it; invalid_input when it holds no token or more
// than one word on its first line.
[[nodiscard]] Result<std::string> resolve_token(const TokenOptions& options);

// The token in `file`: its first line that is neither empty nor a # comment, trimmed.
// Errors: as resolve_token's.
[[nodiscard]] Result<std::string> read_token_file(const std::string& file);

}  // namespace tiaojie::cli

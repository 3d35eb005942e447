#include "cli/token_source.hpp"

#include <cstdlib>
#include <fstream>

#include "daemon/secret_file.hpp"

namespace tiaojie::cli {

void add_token_options(CLI::App* cmd, TokenOptions& options, const std::string& what) {
  cmd->add_option("--token", options.token,
                  "Channel or operator token, " + what +
                      " (default: --token-file, else $TIAOJIE_TOKEN, else "
                      "the file named by $TIAOJIE_TOKEN_FILE)");
  cmd->add_option("--token-file", options.token_file,
                  "File holding the token on its first line (not shown by `ps`, unlike --token)");
}

void add_token_file_option(CLI::App* cmd, TokenOptions& options) {
  cmd->add_option("--token-file", options.token_file,
                  "File holding the operator token on its first line (default: $TIAOJIE_TOKEN, "
                  "else the file named by $TIAOJIE_TOKEN_FILE)");
}

Result<std::string> read_token_file(const std::string& file) {
  std::ifstream in(file);
  if (!in) return std::unexpected(io_error("cannot read the token file", file));
  if (auto private_file = daemon::check_secret_file_mode(file); !private_file) {
    return std::unexpected(private_file.error());
  }
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    std::string token = line.substr(first, last - first + 1);
    if (token.find_first_of(" \t") != std::string::npos) {
      return std::unexpected(invalid_input("expected the token alone on its line", file));
    }
    return token;
  }
  return std::unexpected(invalid_input("the token file holds no token", file));
}

Result<std::string> resolve_token(const TokenOptions& o) {
  if (!o.token.empty()) return o.token;
  if (!o.token_file.empty()) return read_token_file(o.token_file);
  if (const char* t = std::getenv("TIAOJIE_TOKEN"); t != nullptr && *t != '\0')
    return std::string(t);
  if (const char* f = std::getenv("TIAOJIE_TOKEN_FILE"); f != nullptr && *f != '\0')
    return read_token_file(f);
  return std::string();
}

}  // namespace tiaojie::cli

#include "daemon/internal/token_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "daemon/secret_file.hpp"

namespace tiaojie::daemon::internal {

Result<TokenEntries> read_token_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return std::unexpected(io_error("cannot open the token file", file.string()));
  if (auto private_file = check_secret_file_mode(file); !private_file) {
    return std::unexpected(private_file.error());
  }
  TokenEntries out;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string kind, name, token, extra;
    if (!(words >> kind)) continue;
    auto col = static_cast<int>(line.find(kind)) + 1;
    auto where = fmt::format("{}:{}:{}", file.string(), line_no, col);
    if (!(words >> name >> token) || (words >> extra)) {
      return std::unexpected(
          invalid_input("expected 'channel ID TOKEN' or 'operator NAME TOKEN'", where));
    }
    if (token.size() < 8)
      return std::unexpected(invalid_input("a token needs at least 8 characters", where));
    if (kind == "channel") {
      out.channels.push_back({name, token});
    } else if (kind == "operator") {
      out.operators.push_back({name, token});
    } else {
      return std::unexpected(
          invalid_input("unknown entry kind '" + kind + "' (channel or operator)", where));
    }
  }
  return out;
}

}  // namespace tiaojie::daemon::internal

#include <filesystem>
#include <string>

#include "cli/commands.hpp"

namespace tiaojie::cli {

std::string default_data_path(std::string_view relative) {
  namespace fs = std::filesystem;
  // Development: the binary sits in build/<preset>/ under the source tree.
  const fs::path candidates[] = {
      fs::path(TIAOJIE_SOURCE_DIR) / relative,
      fs::path(TIAOJIE_INSTALL_DATA_DIR) / relative,
      fs::current_path() / relative,
  };
  for (const auto& p : candidates) {
    std::error_code ec;
    if (fs::exists(p, ec)) return p.string();
  }
  return {};
}

}  // namespace tiaojie::cli

// The daemon's configuration read for its paths only, by the commands that take their defaults
// from it (engine/cli/data_paths.hpp). Kept apart from config.hpp, which most of the daemon
// includes.
#pragma once

#include <filesystem>

#include "daemon/config.hpp"

namespace tiaojie::daemon {

// load_config without reading `[auth] token_file` (its entries are absent; the [[channel]] and
// [[operator]] entries of the file itself are read): a user who may not read the tokens still gets
// the paths, limits and the rest. Errors: as load_config's, less the token file's.
[[nodiscard]] Result<DaemonConfig> load_config_paths(const std::filesystem::path& file);

}  // namespace tiaojie::daemon

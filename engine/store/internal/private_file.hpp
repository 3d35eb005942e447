// Store files hold personal data (the disputes as received): a new one is created readable and
// writable by its owner alone, whatever the process's umask. SQLite gives the -wal and -shm files
// the mode of the database file, so they follow.
#pragma once

#include <filesystem>

#include "model/error.hpp"

namespace tiaojie::store::internal {

// Creates `path` empty with mode 0600 when it does not exist; leaves an existing file alone.
// Errors: io_error.
[[nodiscard]] Result<void> create_private_file(const std::filesystem::path& path);

}  // namespace tiaojie::store::internal

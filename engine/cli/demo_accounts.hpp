// The demo's workbench accounts: a community mediator, a street officer and a district manager,
// with passwords the demo prints. For trying the workbench out on one machine only.
#pragma once

#include <filesystem>
#include <string>

#include "model/error.hpp"

namespace tiaojie::cli {

// Writes the accounts file (mode 0600, the loader refuses anything wider) with Argon2 hashes of
// the demo passwords. Errors: io_error; those of hashing.
[[nodiscard]] Result<void> write_demo_accounts(const std::filesystem::path& file);

// The lines the demo prints: where the workbench is and how to sign in.
[[nodiscard]] std::string demo_logins(unsigned short http_port);

}  // namespace tiaojie::cli

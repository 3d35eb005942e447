// Files that hold tokens: only their owner may read them. The daemon's token file
// ([auth] token_file) and a client's --token-file / $TIAOJIE_TOKEN_FILE are refused when their mode
// gives anything to the group or to other users, as ssh refuses a private key that others can read:
// a token is a role, and a readable file hands it to every local account.
#pragma once

#include <filesystem>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie::daemon {

// The workbench's accounts file ([http] accounts) is checked the same way: its password hashes can
// be attacked offline by whoever reads them.
//
// Errors: permission_denied naming the mode and the fix (chmod 600) when the group or others have
// any permission on `file`; io_error when it cannot be examined. `what` names the file in the
// message ("token file", "accounts file") and `secrets` what it holds ("tokens", "password
// hashes").
[[nodiscard]] Result<void> check_secret_file_mode(const std::filesystem::path& file,
                                                  std::string_view what = "token file",
                                                  std::string_view secrets = "tokens");

}  // namespace tiaojie::daemon

// The daemon as the receiver of `tiaojie import`: each mapped dispute goes as a `submit` over the
// wire protocol, pipelined up to a window, so that idempotency on (channel, external_id) is the
// store's and a re-import adds nothing.
#pragma once

#include <memory>
#include <string>

#include "adapters/import.hpp"

namespace tiaojie::cli {

// Connects and says hello with `token`. Errors: io_error (connect), permission_denied (token).
[[nodiscard]] Result<std::unique_ptr<adapters::Receiver>> connect_import_receiver(
    const std::string& host, unsigned short port, const std::string& token);

}  // namespace tiaojie::cli

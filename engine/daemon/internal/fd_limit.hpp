// The open-file limit against the connection limit (Redis's adjustOpenFilesLimit is the model).
//
// Every client connection holds a descriptor, and so do the store (database, WAL and shared-memory
// files, twice: the writer and the report reader), the log, the listener, the spare descriptor the
// listener keeps for refusing clients, and the event loop itself. When max_connections is above
// what RLIMIT_NOFILE leaves for connections, accept() fails with EMFILE before the connection limit
// is reached: clients then wait in the kernel's backlog unanswered instead of being refused.
// Thread-safety: call once at start, before the network threads run (it changes a process limit).
#pragma once

#include <cstddef>
#include <cstdint>

#include "model/error.hpp"

namespace tiaojie::daemon::internal {

// Descriptors kept for everything but client connections: standard streams (3), log file (1),
// store writer and report reader (3 each), the TCP and HTTP listeners and their spares (4), the
// event loop's epoll, eventfd, timerfd and signal pipe (5), and room for reading rule, graph,
// calendar and format files during a reload and writing a weekly report (the rest).
inline constexpr std::uint64_t k_reserved_fds = 34;

// The connections a soft limit of `soft_limit` descriptors leaves room for, at most `wanted`
// (0 when the limit does not even cover the reserve). Pure.
[[nodiscard]] std::size_t connections_within(std::uint64_t soft_limit, std::size_t wanted);

struct FdFit {
  std::uint64_t soft_limit = 0;     // RLIMIT_NOFILE's soft limit after any raise
  std::uint64_t raised_from = 0;    // non-zero: the soft limit was raised from this
  std::size_t max_connections = 0;  // what fits: `wanted` or fewer
};

// Raises the soft RLIMIT_NOFILE towards `wanted` + k_reserved_fds (never above the hard limit),
// then returns how many connections fit. Errors: io_error when the limit cannot be read;
// resource_exhausted when it leaves no descriptor for a single connection.
[[nodiscard]] Result<FdFit> fit_connections_to_fd_limit(std::size_t wanted);

}  // namespace tiaojie::daemon::internal

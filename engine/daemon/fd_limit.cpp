#include "daemon/internal/fd_limit.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tiaojie::daemon::internal {

std::size_t connections_within(std::uint64_t soft_limit, std::size_t wanted) {
  if (soft_limit <= k_reserved_fds) return 0;
  return static_cast<std::size_t>(std::min<std::uint64_t>(wanted, soft_limit - k_reserved_fds));
}

Result<FdFit> fit_connections_to_fd_limit(std::size_t wanted) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    return std::unexpected(io_error(
        fmt::format("cannot read the open-file limit: {}", std::strerror(errno)), "RLIMIT_NOFILE"));
  }
  FdFit fit;
  const std::uint64_t needed = static_cast<std::uint64_t>(wanted) + k_reserved_fds;
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < needed) {
    // As Redis does: take what the hard limit allows before giving up connections.
    rlimit raised = lim;
    raised.rlim_cur =
        lim.rlim_max == RLIM_INFINITY ? needed : std::min<rlim_t>(needed, lim.rlim_max);
    if (raised.rlim_cur > lim.rlim_cur && ::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      fit.raised_from = lim.rlim_cur;
      lim = raised;
    }
  }
  fit.soft_limit = lim.rlim_cur == RLIM_INFINITY ? UINT64_MAX : lim.rlim_cur;
  fit.max_connections = connections_within(fit.soft_limit, wanted);
  if (fit.max_connections == 0) {
    return std::unexpected(resource_exhausted(
        fmt::format("the open-file limit ({}) leaves no descriptor for connections: the daemon "
                    "keeps {} for its store, log and listener; raise it (ulimit -n, or "
                    "LimitNOFILE= in the systemd unit)",
                    fit.soft_limit, k_reserved_fds),
        "RLIMIT_NOFILE"));
  }
  return fit;
}

}  // namespace tiaojie::daemon::internal

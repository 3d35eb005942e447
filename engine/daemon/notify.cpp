#include "daemon/internal/notify.hpp"

#include <fmt/format.h>
#include <systemd/sd-daemon.h>

#include <ctime>

namespace tiaojie::daemon::internal {

// sd_notify's result is ignored on purpose: a service manager that does not listen must not stop
// the daemon, and without $NOTIFY_SOCKET the call is a no-op returning 0.
void notify_ready(std::string_view status) {
  (void)sd_notify(0, fmt::format("READY=1\nSTATUS={}", status).c_str());
}

void notify_reloading() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  const auto usec = static_cast<long long>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
  (void)sd_notify(
      0, fmt::format("RELOADING=1\nSTATUS=reloading rules and graph\nMONOTONIC_USEC={}", usec)
             .c_str());
}

void notify_stopping() {
  (void)sd_notify(0, "STOPPING=1\nSTATUS=stopping: answering what is in flight");
}

}  // namespace tiaojie::daemon::internal

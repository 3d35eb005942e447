// Service manager notifications (sd_notify(3), libsystemd): under systemd's Type=notify the daemon
// says when it is ready to serve, when a reload starts and ends, and when it is stopping. Outside
// systemd ($NOTIFY_SOCKET unset) every call does nothing.
// Thread-safety: any thread (each call sends one datagram).
#pragma once

#include <string_view>

namespace tiaojie::daemon::internal {

// READY=1 with a STATUS= line ("serving rules R and graph G on 127.0.0.1:7411"): the listener is
// up and the first connection will be answered.
void notify_ready(std::string_view status);

// RELOADING=1 with the monotonic clock (MONOTONIC_USEC, as systemd 253's notify-reload asks):
// a SIGHUP reload has started. notify_ready() ends it, whether the new files were taken or refused.
void notify_reloading();

// STOPPING=1: a graceful stop has begun (answers in flight are still sent).
void notify_stopping();

}  // namespace tiaojie::daemon::internal

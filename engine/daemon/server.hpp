// `tiaojie serve`: the daemon as one object (Beast's advanced server is the model).
//
// create() loads and validates everything it needs before listening (configuration, rules, body
// graph, the store with its open cases), so a daemon that starts is a daemon that can decide. run()
// serves until SIGTERM/SIGINT (or stop()): it then stops accepting, lets every connection receive
// the answers it is owed, commits what is in flight and returns. SIGHUP reloads rules and graph.
//
// Thread-safety: create, start and wait on one thread; stop and clock_changed from any thread.
#pragma once

#include <memory>
#include <string>

#include "daemon/clock.hpp"
#include "daemon/config.hpp"

namespace tiaojie::daemon {

class Server {
 public:
  // Errors: those of the rules and graph loaders (invalid_input at file:line:col, every error in
  // the message), of the store (io_error, invalid_input for a newer schema), and of binding the
  // listening address (io_error). `clock` must outlive the server.
  [[nodiscard]] static Result<std::unique_ptr<Server>> create(DaemonConfig config, Clock& clock);
  ~Server();

  // The port actually bound (the ephemeral one when the configuration says 0).
  [[nodiscard]] unsigned short port() const;
  // The HTTP port actually bound ([http] listen), 0 when HTTP is off.
  [[nodiscard]] unsigned short http_port() const;
  // Rule-set and graph versions now serving.
  [[nodiscard]] std::string rules_version() const;
  [[nodiscard]] std::string graph_version() const;

  // Starts the network threads and returns. With `handle_signals`, SIGTERM/SIGINT stop the server
  // and SIGHUP reloads.
  void start(bool handle_signals = false);
  // Blocks until the server has stopped (after stop() or a signal) and everything is committed.
  void wait();
  // Graceful stop. Idempotent; returns at once (wait() for the end).
  void stop();
  // Tells the engine the clock moved (tests with a ManualClock).
  void clock_changed();
  // What SIGHUP does: reads the rules, graph and calendar again, then the accounts file
  // ([http] accounts), each kept as before when it does not load. Returns at once; the log says
  // what was taken.
  void reload();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tiaojie::daemon

// Accepts TCP connections and hands each socket, on its own strand, to a callback.
//
// Out of descriptors (EMFILE, ENFILE; also ENOBUFS, ENOMEM), accept fails at once and would fail
// again at once: instead of retrying in a loop (a core spinning and the log flooded), the listener
// backs off (100 ms, doubling to 1 s, back to 100 ms after an accept succeeds) and, as nginx and
// Redis do, keeps one spare descriptor (/dev/null, opened with the acceptor): it closes it to
// accept one waiting client, hands that client to `on_refuse` (which tells it why and closes it)
// and opens the spare again. The failures are logged once per period with their count.
//
// Thread-safety: open/run on one thread before the loop runs; stop from any thread; the accept
// loop runs on the acceptor's strand.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "daemon/internal/log_throttle.hpp"
#include "model/error.hpp"

namespace tiaojie::daemon::internal {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  using OnAccept = std::function<void(boost::asio::ip::tcp::socket)>;

  // `on_refuse` gets the clients accepted through the spare descriptor while out of descriptors;
  // without one they are closed unanswered.
  Listener(boost::asio::io_context& io, OnAccept on_accept, OnAccept on_refuse = {});
  ~Listener();

  // Binds and listens, and opens the spare descriptor. Errors: invalid_input for an unparseable
  // address, io_error when the address cannot be bound (in use, no permission).
  [[nodiscard]] Result<void> open(const std::string& address, unsigned short port);
  // The bound port (the ephemeral one when opened with port 0).
  [[nodiscard]] unsigned short port() const { return port_; }
  // Starts the accept loop.
  void run();
  // Closes the acceptor: no more connections. Any thread.
  void stop();

 private:
  void do_accept();
  // Accept failed for want of a resource: refuse what waits, log (rate-limited), retry later.
  void back_off(const boost::system::error_code& ec);
  // Frees the spare descriptor, accepts and refuses the waiting clients (up to a bound), takes it
  // again.
  void refuse_waiting();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // on the acceptor's strand
  OnAccept on_accept_;
  OnAccept on_refuse_;
  unsigned short port_ = 0;
  int spare_fd_ = -1;

  // On the acceptor's strand.
  std::chrono::milliseconds backoff_;
  std::uint64_t failed_in_episode_ = 0;  // since the last successful accept
  // Out of descriptors: the first failure of an episode logged at once, then one line per 10 s at
  // most, with the count of failures.
  LogThrottle failure_log_{std::chrono::seconds(10)};
};

}  // namespace tiaojie::daemon::internal

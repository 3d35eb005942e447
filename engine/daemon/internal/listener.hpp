// Accepts TCP connections and hands each socket, on its own strand, to a callback.
// Thread-safety: open/run on one thread before the loop runs; stop from any thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>

#include "model/error.hpp"

namespace tiaojie::daemon::internal {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  using OnAccept = std::function<void(boost::asio::ip::tcp::socket)>;

  Listener(boost::asio::io_context& io, OnAccept on_accept);

  // Binds and listens. Errors: invalid_input for an unparseable address, io_error when the address
  // cannot be bound (in use, no permission).
  [[nodiscard]] Result<void> open(const std::string& address, unsigned short port);
  // The bound port (the ephemeral one when opened with port 0).
  [[nodiscard]] unsigned short port() const { return port_; }
  // Starts the accept loop.
  void run();
  // Closes the acceptor: no more connections. Any thread.
  void stop();

 private:
  void do_accept();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  OnAccept on_accept_;
  unsigned short port_ = 0;
};

}  // namespace tiaojie::daemon::internal

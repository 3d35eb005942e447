#include "daemon/internal/listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;
using boost::system::error_code;

Listener::Listener(asio::io_context& io, OnAccept on_accept)
    : io_(io), acceptor_(asio::make_strand(io)), on_accept_(std::move(on_accept)) {}

Result<void> Listener::open(const std::string& address, unsigned short port) {
  error_code ec;
  auto addr = asio::ip::make_address(address, ec);
  if (ec) return std::unexpected(invalid_input("not an IP address: " + address, "server.listen"));
  asio::ip::tcp::endpoint endpoint(addr, port);
  auto where = address + ":" + std::to_string(port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return std::unexpected(io_error("cannot listen: " + ec.message(), where));
  port_ = acceptor_.local_endpoint().port();
  return ok;
}

void Listener::run() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void Listener::do_accept() {
  // Each connection gets its own strand: its handlers never run concurrently, and different
  // connections run in parallel on the io_context's threads.
  acceptor_.async_accept(asio::make_strand(io_),
                         [self = shared_from_this()](error_code ec, asio::ip::tcp::socket s) {
                           if (ec == asio::error::operation_aborted || !self->acceptor_.is_open())
                             return;
                           if (ec) {
                             spdlog::warn("accept failed: {}", ec.message());
                           } else {
                             self->on_accept_(std::move(s));
                           }
                           self->do_accept();
                         });
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    error_code ignored;
    self->acceptor_.close(ignored);
  });
}

}  // namespace tiaojie::daemon::internal

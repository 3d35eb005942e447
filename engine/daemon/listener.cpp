#include "daemon/internal/listener.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {
constexpr std::chrono::milliseconds k_first_backoff{100};
constexpr std::chrono::milliseconds k_max_backoff{1000};
// Clients refused per back-off step: each is accepted, told why and closed in turn through the
// spare, a few microseconds each. 16 a step left a backlog of hundreds waiting tens of seconds for
// their line (tests/abuse, "all at once"); the bound only keeps a connect flood from holding the
// acceptor's strand for long.
constexpr int k_refusals_per_step = 4096;

int open_spare() { return ::open("/dev/null", O_RDONLY | O_CLOEXEC); }

// Errors that mean "no resource for a new socket now": the next attempt fails the same way until
// something is freed, so retrying at once only spins.
bool out_of_resources(const error_code& ec) {
  return ec == asio::error::no_descriptors ||
         ec == boost::system::errc::too_many_files_open_in_system ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}
}  // namespace

Listener::Listener(asio::io_context& io, OnAccept on_accept, OnAccept on_refuse)
    : io_(io),
      acceptor_(asio::make_strand(io)),
      retry_timer_(acceptor_.get_executor()),
      on_accept_(std::move(on_accept)),
      on_refuse_(std::move(on_refuse)),
      backoff_(k_first_backoff) {}

Listener::~Listener() {
  if (spare_fd_ >= 0) ::close(spare_fd_);
}

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
  // refuse_waiting() calls accept4 on the descriptor itself: it must not block.
  if (!ec) acceptor_.native_non_blocking(true, ec);
  if (ec) return std::unexpected(io_error("cannot listen: " + ec.message(), where));
  port_ = acceptor_.local_endpoint().port();
  spare_fd_ = open_spare();
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
                           if (ec && out_of_resources(ec)) {
                             self->back_off(ec);
                             return;
                           }
                           if (ec) {
                             spdlog::warn("accept failed: {}", ec.message());
                           } else {
                             if (self->failed_in_episode_ > 0) {
                               spdlog::info("accepting connections again after {} failed accepts",
                                            self->failed_in_episode_);
                               self->failed_in_episode_ = 0;
                               self->failure_log_.reset();
                             }
                             self->backoff_ = k_first_backoff;
                             self->on_accept_(std::move(s));
                           }
                           self->do_accept();
                         });
}

void Listener::back_off(const error_code& ec) {
  ++failed_in_episode_;
  refuse_waiting();
  if (const auto unlogged = failure_log_.admit(LogThrottle::Clock::now())) {
    spdlog::warn(
        "accept failed {} time(s) since the last report: {}; refusing waiting clients and "
        "retrying every {} ms at most (check the open-file limit and max_connections)",
        *unlogged + 1, ec.message(), k_max_backoff.count());
  }
  retry_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, k_max_backoff);
  retry_timer_.async_wait([self = shared_from_this()](error_code e) {
    if (e || !self->acceptor_.is_open()) return;
    self->do_accept();
  });
}

void Listener::refuse_waiting() {
  if (spare_fd_ < 0) spare_fd_ = open_spare();  // freed by someone else since
  if (spare_fd_ < 0) return;
  ::close(spare_fd_);
  spare_fd_ = -1;
  for (int i = 0; i < k_refusals_per_step; ++i) {
    int fd = ::accept4(acceptor_.native_handle(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) break;  // nobody waiting (EAGAIN), or still no descriptor
    if (!on_refuse_) {
      ::close(fd);
      continue;
    }
    asio::ip::tcp::socket s(asio::make_strand(io_));
    error_code ec;
    s.assign(acceptor_.local_endpoint(ec).protocol(), fd, ec);
    if (ec) {
      ::close(fd);
      continue;
    }
    on_refuse_(std::move(s));
  }
  spare_fd_ = open_spare();
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    error_code ignored;
    self->retry_timer_.cancel();
    self->acceptor_.close(ignored);
  });
}

}  // namespace tiaojie::daemon::internal

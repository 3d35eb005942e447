#include "daemon/internal/session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <optional>
#include <utility>

#include "daemon/internal/log_throttle.hpp"
#include "support/thread_annotations.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {
std::atomic<std::uint64_t> g_next_session_id{1};
// After the last answer, what the client still sends is read and dropped for at most this long and
// this many bytes before the socket is closed (finish()).
constexpr std::chrono::seconds k_linger_time{2};
constexpr std::size_t k_linger_bytes = 1024 * 1024;
constexpr std::size_t k_linger_chunk = 16 * 1024;

// Connections closed over an error are logged at most 20 lines per 10 s (for the whole process),
// the others counted into the next line that is: one line each was ~0.5 MB of log a second from
// clients sending bad or over-long lines in a loop (tests/abuse).
Mutex g_close_log_mu;
LogThrottle g_close_log GUARDED_BY(g_close_log_mu){std::chrono::seconds(10), 20};

// Empty: do not log this close; else how many were not logged since the last that was.
std::optional<std::uint64_t> may_log_close() {
  MutexLock lock(g_close_log_mu);
  return g_close_log.admit(LogThrottle::Clock::now());
}
}  // namespace

Session::Session(asio::ip::tcp::socket socket, const Limits& limits, SessionHost& host)
    : socket_(std::move(socket)),
      idle_timer_(socket_.get_executor()),
      limits_(limits),
      host_(host),
      id_(g_next_session_id++) {
  error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  peer_ = ec ? "?" : ep.address().to_string() + ":" + std::to_string(ep.port());
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
}

Session::~Session() = default;

void Session::start() {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    self->arm_idle_timer();
    self->do_read();
  });
}

void Session::do_read() {
  if (reading_ || draining_ || closed_) return;
  if (slots_.size() >= limits_.max_queued_responses) {
    paused_ = true;  // back-pressure: resume when the client has read some responses
    return;
  }
  paused_ = false;
  reading_ = true;
  // One more byte than a line may hold, for its newline: without a newline in that many bytes
  // the read fails with not_found, which is the over-long-line case.
  asio::async_read_until(
      socket_, asio::dynamic_buffer(inbuf_, limits_.max_line_bytes + 1), '\n',
      [self = shared_from_this()](const error_code& ec, std::size_t n) { self->on_read(ec, n); });
}

void Session::on_read(const error_code& ec, std::size_t bytes) {
  reading_ = false;
  if (closed_) return;
  if (lingering_) {  // a read begun before the last answer: its bytes are dropped too
    lingered_bytes_ += bytes;
    if (ec) {
      close_now();
    } else {
      linger_read();
    }
    return;
  }
  if (ec == asio::error::not_found) {
    fatal(resource_exhausted(
        fmt::format("line longer than {} bytes; closing", limits_.max_line_bytes)));
    return;
  }
  if (ec) {
    // End of stream (a client that half-closed after its last request) or a reset: answer what
    // is pending if the socket still takes it, then close.
    peer_closed_ = true;
    draining_ = true;
    maybe_write();
    return;
  }
  idle_deadline_ = std::chrono::steady_clock::now() + limits_.idle_timeout;
  std::string_view line(inbuf_.data(), bytes - 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  handle_line(line);
  inbuf_.erase(0, bytes);
  do_read();
}

void Session::handle_line(std::string_view line) {
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // blank lines: keep-alive
  std::uint64_t slot = next_slot_++;
  slots_.push_back({slot, std::nullopt});
  std::optional<RequestId> id;
  auto request = parse_request(line, &id);
  if (!request) {
    fill(slot, error_response(id, request.error()));
    count_bad_line();
    return;
  }
  host_.dispatch(shared_from_this(), slot, std::move(*request));
}

void Session::count_bad_line() {
  if (++bad_lines_ >= limits_.max_bad_lines && !draining_) {
    fatal(
        resource_exhausted(fmt::format("{} bad requests on this connection; closing", bad_lines_)));
  }
}

bool Session::answered(std::uint64_t slot) const {
  if (closed_) return false;
  if (slots_.empty() || slot < slots_.front().number) return true;  // already written
  const auto index = slot - slots_.front().number;
  return index >= slots_.size() || slots_[index].text.has_value();
}

void Session::respond(std::uint64_t slot, std::string text) {
  asio::dispatch(socket_.get_executor(),
                 [self = shared_from_this(), slot, t = std::move(text)]() mutable {
                   self->fill(slot, std::move(t));
                 });
}

void Session::fill(std::uint64_t slot, std::string text) {
  if (closed_ || slots_.empty() || slot < slots_.front().number) return;
  auto index = slot - slots_.front().number;
  if (index >= slots_.size()) return;
  slots_[index].text = std::move(text);
  maybe_write();
}

void Session::push_event(std::shared_ptr<const std::string> line) {
  asio::dispatch(
      socket_.get_executor(), [self = shared_from_this(), l = std::move(line)]() mutable {
        if (self->closed_ || self->draining_) return;
        if (self->events_.size() >= self->limits_.max_queued_events) {
          self->events_.clear();
          self->fatal(resource_exhausted("subscriber too slow: too many unread events; closing"));
          return;
        }
        self->events_.push_back(std::move(l));
        self->maybe_write();
      });
}

void Session::shutdown() {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    if (self->closed_) return;
    self->draining_ = true;
    error_code ignored;
    self->idle_timer_.cancel();
    // Pending requests still get their answers; nothing new is read.
    if (self->reading_) self->socket_.shutdown(asio::ip::tcp::socket::shutdown_receive, ignored);
    self->maybe_write();
  });
}

void Session::abort() {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->close_now(); });
}

void Session::fatal(const Error& error) {
  if (const auto unlogged = may_log_close()) {
    spdlog::info("connection {} from {} closed: {}{}", id_, peer_, error.message,
                 *unlogged == 0 ? std::string()
                                : fmt::format(" ({} more closed since without a line)", *unlogged));
  }
  draining_ = true;
  linger_on_finish_ = true;
  slots_.push_back({next_slot_++, error_response(std::nullopt, error)});
  maybe_write();
}

void Session::maybe_write() {
  if (writing_ || closed_) return;
  wbuf_.clear();
  while (!events_.empty()) {
    wbuf_ += *events_.front();
    events_.pop_front();
  }
  while (!slots_.empty() && slots_.front().text) {
    wbuf_ += *slots_.front().text;
    slots_.pop_front();
  }
  if (wbuf_.empty()) {
    if (draining_ && slots_.empty()) finish();
    return;
  }
  writing_ = true;
  write_since_ = std::chrono::steady_clock::now();
  asio::async_write(
      socket_, asio::buffer(wbuf_),
      [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_write(ec); });
  maybe_resume_reading();
}

void Session::on_write(const error_code& ec) {
  writing_ = false;
  if (ec) {
    close_now();
    return;
  }
  maybe_write();
}

void Session::maybe_resume_reading() {
  if (paused_ && !draining_ && slots_.size() < limits_.max_queued_responses) do_read();
}

void Session::arm_idle_timer() {
  idle_deadline_ = std::chrono::steady_clock::now() + limits_.idle_timeout;
  wait_idle();
}

// One timer for the whole connection: reads only move idle_deadline_ forward, and the timer, when
// it fires early, waits again until the deadline (no cancel per read).
//
// A connection waiting for the daemon's answers (or a subscriber) is not idle. One waiting for the
// client to read is: a write that made no progress for idle_timeout means a client that stopped
// reading, and it is closed at once (no final line could reach it). Before, any queued answer
// counted as activity, and a client that pipelined requests and never read held its connection,
// its queued answers and the write buffer for ever (tests/abuse, slow readers).
void Session::wait_idle() {
  idle_timer_.expires_at(idle_deadline_);
  idle_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (ec || self->closed_ || self->lingering_) return;
    auto now = std::chrono::steady_clock::now();
    const auto timeout = self->limits_.idle_timeout;
    if (self->writing_ && now - self->write_since_ >= timeout) {
      spdlog::info("connection {} from {} closed: it read none of its answers for {} s", self->id_,
                   self->peer_, timeout.count());
      self->close_now();
      return;
    }
    const bool answers_owed = std::any_of(self->slots_.begin(), self->slots_.end(),
                                          [](const Slot& s) { return !s.text; });
    if (self->subscribed_ || answers_owed) self->idle_deadline_ = now + timeout;
    if (self->writing_)
      self->idle_deadline_ = std::max(self->idle_deadline_, self->write_since_ + timeout);
    if (self->draining_) {
      // Closing: only a write stuck on the client is still watched.
      if (self->writing_) self->wait_idle();
      return;
    }
    if (now < self->idle_deadline_) {
      self->wait_idle();
      return;
    }
    self->fatal(resource_exhausted("idle timeout; closing"));
  });
}

// Closing a socket that still has unread input sends a reset instead of a FIN, and a reset makes
// the client's stack drop what it has not read yet: the final error line after a burst of bad
// requests was lost that way. So the sending side is shut first (the FIN follows the queued
// answers), and what the client still sends is read and dropped until it closes its side, or for
// k_linger_time or k_linger_bytes at most.
void Session::finish() {
  if (closed_ || lingering_) return;
  if (peer_closed_ || !linger_on_finish_) {
    close_now();
    return;
  }
  lingering_ = true;
  error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  // Replaces the idle wait (whose handler then returns: draining_ is set).
  idle_timer_.expires_after(k_linger_time);
  idle_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (!ec) self->close_now();
  });
  if (!reading_) linger_read();  // else on_read continues when the read in flight ends
}

void Session::linger_read() {
  if (lingered_bytes_ > k_linger_bytes) {
    close_now();
    return;
  }
  reading_ = true;
  inbuf_.resize(k_linger_chunk);
  socket_.async_read_some(asio::buffer(inbuf_),
                          [self = shared_from_this()](const error_code& ec, std::size_t n) {
                            self->reading_ = false;
                            if (self->closed_) return;
                            self->lingered_bytes_ += n;
                            if (ec) {
                              self->close_now();
                              return;
                            }
                            self->linger_read();
                          });
}

void Session::close_now() {
  if (closed_) return;
  closed_ = true;
  error_code ignored;
  idle_timer_.cancel();
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  slots_.clear();
  events_.clear();
  host_.session_closed(*this);
}

}  // namespace tiaojie::daemon::internal

// A client socket with nothing in the way, for the abuse tests: it may be left idle, send a line of
// any length, keep writing without ever reading, and wait for a line or for the end of the stream
// with a deadline. Non-blocking underneath (poll), so that a daemon that stops reading or stops
// answering shows as a timeout in the test instead of a hang. No doctest here: the abusers run on
// their own threads and count what they see; the test checks the counts on its own thread.
// Thread-safety: none; one thread uses a RawSocket.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <string_view>

namespace tiaojie::test {

class RawSocket {
 public:
  using Ms = std::chrono::milliseconds;

  RawSocket() = default;
  ~RawSocket() { close(); }
  RawSocket(RawSocket&& o) noexcept : fd_(o.fd_), buffer_(std::move(o.buffer_)), ended_(o.ended_) {
    o.fd_ = -1;
  }
  RawSocket& operator=(RawSocket&& o) noexcept {
    if (this != &o) {
      close();
      fd_ = o.fd_;
      buffer_ = std::move(o.buffer_);
      ended_ = o.ended_;
      o.fd_ = -1;
    }
    return *this;
  }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  // Connects to 127.0.0.1:`port`. False when no socket could be made (errno EMFILE in the test
  // process) or the connection was refused. `receive_buffer`, when not 0, is set before connecting
  // (SO_RCVBUF): a small one makes a client that never reads fill its side sooner.
  bool connect(unsigned short port, int receive_buffer = 0) {
    close();
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    if (receive_buffer > 0)
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close();
      return false;
    }
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    return true;
  }
  bool is_open() const { return fd_ >= 0; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
    ended_ = false;
  }

  // Writes all of `bytes` within `wait`. False when the daemon stopped taking them (the socket
  // stayed full for the whole wait) or the connection broke.
  bool send_all(std::string_view bytes, Ms wait = Ms(2000)) {
    auto give_up = std::chrono::steady_clock::now() + wait;
    while (!bytes.empty()) {
      auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n > 0) {
        bytes.remove_prefix(static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
      if (!wait_for(POLLOUT, give_up)) return false;
    }
    return true;
  }
  bool send_line(std::string line, Ms wait = Ms(2000)) { return send_all(line + '\n', wait); }

  // Writes what the socket takes now, without waiting: the bytes written (0 when it is full),
  // or -1 when the connection broke.
  long send_some(std::string_view bytes) {
    auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n >= 0) return n;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
  }

  // The next line without its newline, or "" when none came within `wait` or the stream ended
  // (ended() then says which).
  std::string line(Ms wait = Ms(5000)) {
    auto give_up = std::chrono::steady_clock::now() + wait;
    for (;;) {
      if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string l = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return l;
      }
      if (!fill(give_up)) return {};
    }
  }
  // True once the daemon's end of stream (or a reset) was read.
  bool ended() const { return ended_; }

  // Reads and drops until the daemon closes the connection; false if it did not within `wait`.
  bool wait_closed(Ms wait = Ms(5000)) {
    auto give_up = std::chrono::steady_clock::now() + wait;
    while (!ended_) {
      buffer_.clear();
      if (!fill(give_up) && !ended_) return false;
    }
    return true;
  }

 private:
  bool wait_for(short events, std::chrono::steady_clock::time_point give_up) {
    auto left = std::chrono::duration_cast<Ms>(give_up - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, events, 0};
    return ::poll(&p, 1, static_cast<int>(left)) > 0;
  }
  // Reads what is there (waiting until `give_up`); false at a timeout or the end of the stream.
  bool fill(std::chrono::steady_clock::time_point give_up) {
    for (;;) {
      char chunk[16384];
      auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0) {
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        ended_ = true;
        return false;
      }
      if (!wait_for(POLLIN, give_up)) return false;
    }
  }

  int fd_ = -1;
  std::string buffer_;
  bool ended_ = false;
};

}  // namespace tiaojie::test

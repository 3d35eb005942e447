// The abusive clients of the abuse tests (issue 16, proof 4), each on threads of its own against a
// `tiaojie serve` process, counting what the daemon answered. The documented answers
// (docs/protocol.md) are counted as such; anything else is kept as a surprise, which the test
// fails on. A connection refused at the limit ("too many connections", or through the spare
// descriptor when descriptors run out) is a documented answer for every abuser.
// Thread-safety: start() and stop() from one thread; the tally is read after stop().
#pragma once

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "abuse/raw_socket.hpp"

namespace tiaojie::test {

// What one kind of abuse saw, summed over its clients.
struct AbuseTally {
  std::atomic<std::uint64_t> connections = 0;  // connections made
  std::atomic<std::uint64_t> refused = 0;      // refused at the limit, with the documented line
  std::atomic<std::uint64_t> lines_sent = 0;   // abusive lines (or requests) written
  std::atomic<std::uint64_t> answered = 0;     // documented answers to them
  std::atomic<std::uint64_t> closed = 0;       // connections the daemon closed as documented
  std::atomic<std::uint64_t> surprises = 0;
  std::mutex mu;
  std::vector<std::string> first_surprises;  // the first few, for the test's message

  void surprise(std::string what) {
    ++surprises;
    std::lock_guard lock(mu);
    if (first_surprises.size() < 5) first_surprises.push_back(std::move(what));
  }
};

inline bool is_refusal(const std::string& line) {
  return line.find(R"("code":"resource_exhausted")") != std::string::npos &&
         line.find("too many connections") != std::string::npos;
}
inline bool has_code(const std::string& line, std::string_view code) {
  return line.find(R"("ok":false)") != std::string::npos &&
         line.find(R"("code":")" + std::string(code) + "\"") != std::string::npos;
}

class Abuser {
 public:
  virtual ~Abuser() { stop(); }
  virtual const char* name() const = 0;
  // Begins the abuse against 127.0.0.1:`port` (the daemon's process is `pid`).
  virtual void start(unsigned short port, pid_t pid) = 0;
  // Returns once the abuser has done its minimum share (e.g. its 10,000 bad lines).
  virtual void wait_quota() {}
  // Ends the abuse and checks what the abuser still holds (e.g. that idle connections are alive).
  virtual void stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  AbuseTally& tally() { return tally_; }

 protected:
  std::atomic<bool> stop_ = false;
  std::vector<std::thread> threads_;
  AbuseTally tally_;
};

// Connections that say nothing. Each is held (it answers a hello at the end) or was refused with
// the documented line.
class IdleConnections : public Abuser {
 public:
  explicit IdleConnections(std::size_t n, std::string token) : n_(n), token_(std::move(token)) {}
  const char* name() const override { return "idle connections"; }
  void start(unsigned short port, pid_t) override {
    sockets_.resize(n_);
    for (auto& s : sockets_) {
      if (s.connect(port)) {
        ++tally_.connections;
      } else {
        tally_.surprise("connect failed in the test process");
      }
    }
  }
  void stop() override {
    // The refused ones got their line at once; the held ones answer a hello, sent to all first.
    std::vector<bool> refused(sockets_.size());
    for (std::size_t i = 0; i < sockets_.size(); ++i) {
      if (!sockets_[i].is_open()) continue;
      auto first = sockets_[i].line(std::chrono::milliseconds(0));
      refused[i] = is_refusal(first);
      if (refused[i]) {
        ++tally_.refused;
      } else if (!first.empty()) {
        tally_.surprise("idle connection got: " + first);
      } else {
        sockets_[i].send_line(R"({"op":"hello","token":")" + token_ + "\"}");
        ++tally_.lines_sent;
      }
    }
    for (std::size_t i = 0; i < sockets_.size(); ++i) {
      if (!sockets_[i].is_open() || refused[i]) continue;
      auto hello = sockets_[i].line(std::chrono::seconds(10));
      if (hello.find(R"("ok":true)") != std::string::npos) {
        ++tally_.answered;
      } else if (is_refusal(hello)) {  // refused while the test was already probing
        ++tally_.refused;
      } else {
        tally_.surprise("idle connection, hello answered: " +
                        (hello.empty() ? std::string("nothing") : hello));
      }
    }
    sockets_.clear();
  }

 private:
  std::size_t n_;
  std::string token_;
  std::vector<RawSocket> sockets_;
};

// Clients that pipeline `get` requests and never read the answers, until their socket stays full
// (the daemon stopped reading them: back-pressure) or `cap` bytes are out. Each `get` answer is
// ~100 times its request, so a daemon that buffered every answer would grow by megabytes per
// reader. At the end each reads its first answers (still served, in order) and leaves.
class SlowReaders : public Abuser {
 public:
  SlowReaders(std::size_t n, std::string token, std::int64_t case_id, std::size_t cap)
      : n_(n), token_(std::move(token)), case_id_(case_id), cap_(cap) {}
  const char* name() const override { return "slow readers"; }
  void start(unsigned short port, pid_t) override {
    for (std::size_t i = 0; i < n_; ++i) threads_.emplace_back([this, port] { run(port); });
  }

 private:
  void run(unsigned short port) {
    RawSocket s;
    if (!s.connect(port, 4096)) return tally_.surprise("connect failed in the test process");
    ++tally_.connections;
    s.send_line(R"({"op":"hello","token":")" + token_ + "\"}");
    auto hello = s.line();
    if (is_refusal(hello)) {
      ++tally_.refused;
      return;
    }
    if (hello.find(R"("ok":true)") == std::string::npos)
      return tally_.surprise("slow reader, hello answered: " + hello);
    const std::string request = R"({"op":"get","case":)" + std::to_string(case_id_) + "}\n";
    std::string chunk;
    while (chunk.size() < 16384) chunk += request;
    std::size_t sent = 0, offset = 0;
    auto full_since = std::chrono::steady_clock::now();
    while (!stop_ && sent < cap_) {
      auto n = s.send_some(std::string_view(chunk).substr(offset));
      if (n < 0) return tally_.surprise("slow reader: connection broken while sending");
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        offset = (offset + static_cast<std::size_t>(n)) % chunk.size();
        full_since = std::chrono::steady_clock::now();
        continue;
      }
      if (std::chrono::steady_clock::now() - full_since > std::chrono::milliseconds(500)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::size_t requests = sent / request.size();
    tally_.lines_sent += requests;
    while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (std::size_t i = 0; i < std::min<std::size_t>(requests, 64); ++i) {
      auto answer = s.line(std::chrono::seconds(10));
      if (answer.find(R"("ok":true)") == std::string::npos ||
          answer.find(R"("case":)" + std::to_string(case_id_)) == std::string::npos)
        return tally_.surprise("slow reader, answer " + std::to_string(i) + ": " +
                               answer.substr(0, 200));
      ++tally_.answered;
    }
  }

  std::size_t n_;
  std::string token_;
  std::int64_t case_id_;
  std::size_t cap_;
};

// Clients that send one line of `line_bytes` (over the line limit) per connection, again and
// again. Each must get the line-limit error and then the end of the stream.
class LongLines : public Abuser {
 public:
  LongLines(std::size_t clients, std::size_t line_bytes) : clients_(clients), bytes_(line_bytes) {}
  const char* name() const override { return "1 MiB lines"; }
  void start(unsigned short port, pid_t) override {
    for (std::size_t i = 0; i < clients_; ++i) threads_.emplace_back([this, port] { run(port); });
  }

 private:
  void run(unsigned short port) {
    std::string line = R"({"op":"stats","pad":")";
    line.append(bytes_ - line.size() - 3, 'x');
    line += "\"}\n";
    while (!stop_) {
      RawSocket s;
      if (!s.connect(port)) return tally_.surprise("connect failed in the test process");
      ++tally_.connections;
      // The daemon may close before taking it all: what matters is its answer.
      s.send_all(line, std::chrono::seconds(5));
      ++tally_.lines_sent;
      auto answer = s.line(std::chrono::seconds(10));
      if (is_refusal(answer)) {
        ++tally_.refused;
      } else if (has_code(answer, "resource_exhausted") &&
                 answer.find("line longer than") != std::string::npos) {
        ++tally_.answered;
      } else {
        tally_.surprise("1 MiB line answered: " + (answer.empty() ? "nothing" : answer));
        continue;
      }
      if (s.wait_closed(std::chrono::seconds(10))) {
        ++tally_.closed;
      } else {
        tally_.surprise("1 MiB line: the connection stayed open");
      }
    }
  }

  std::size_t clients_;
  std::size_t bytes_;
};

}  // namespace tiaojie::test

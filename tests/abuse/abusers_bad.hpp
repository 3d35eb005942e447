// More abusive clients (abusers.hpp has the base): bad lines, wrong tokens, and a daemon out of
// file descriptors.
#pragma once

#include <sys/resource.h>

#include <array>
#include <filesystem>
#include <string>

#include "abuse/abusers.hpp"

namespace tiaojie::test {

// Clients that sign in, then send bursts of requests the daemon must refuse: lines it cannot
// parse (each counts towards limits.max_bad_lines) mixed with well-formed requests with wrong
// fields (answered, not counted). Every line gets an error of a documented code; the 20th counted
// one is followed by the closing line and the end of the stream; then the client reconnects.
// Runs until stopped and until `quota` bad lines were sent in all.
class BadLines : public Abuser {
 public:
  BadLines(std::size_t clients, std::uint64_t quota, std::string token)
      : clients_(clients), quota_(quota), token_(std::move(token)) {}
  const char* name() const override { return "bad lines"; }
  void start(unsigned short port, pid_t) override {
    for (std::size_t i = 0; i < clients_; ++i) threads_.emplace_back([this, port] { run(port); });
  }
  void wait_quota() override {
    while (tally_.lines_sent < quota_ && tally_.surprises == 0 && !stopped_workers())
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  static constexpr std::size_t k_counted_per_connection = 20;  // limits.max_bad_lines

 private:
  bool stopped_workers() const { return done_ == clients_; }
  void run(unsigned short port) {
    static constexpr std::array<std::string_view, 10> k_malformed = {
        "{not json",
        R"({"op":"submit")",
        "[1,2,3]",
        R"({"id":1})",
        R"({"id":2,"op":"fly"})",
        R"({"id":3,"op":"stats","op":"stats"})",
        R"({"id":1e999,"op":"stats"})",
        "\xff\xfe\xfd",
        "null",
        R"("just a string")"};
    static constexpr std::array<std::string_view, 5> k_wrong_fields = {
        R"({"op":"get","case":-1})", R"({"op":"get","case":"x"})",
        R"({"op":"submit","dispute":{"channel":"nope"}})", R"({"op":"accept"})",
        R"({"op":"submit","dispute":{"external_id":"x","channel":"hotline_12345","parties":"many"}})"};
    std::size_t turn = 0;
    while (!stop_ || tally_.lines_sent < quota_) {
      RawSocket s;
      if (!s.connect(port)) {
        tally_.surprise("connect failed in the test process");
        break;
      }
      ++tally_.connections;
      s.send_line(R"({"op":"hello","token":")" + token_ + "\"}");
      auto hello = s.line();
      if (is_refusal(hello)) {
        ++tally_.refused;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      if (hello.find(R"("ok":true)") == std::string::npos) {
        tally_.surprise("bad lines, hello answered: " + hello);
        break;
      }
      // One burst: a wrong-fields request before each of the first ten malformed lines; the
      // 20th malformed line is the burst's last.
      std::string burst;
      std::size_t lines = 0;
      for (std::size_t k = 0; k < k_counted_per_connection; ++k, ++turn) {
        if (k < 10) {
          burst += k_wrong_fields[turn % k_wrong_fields.size()];
          burst += '\n';
          ++lines;
        }
        burst += k_malformed[turn % k_malformed.size()];
        burst += '\n';
        ++lines;
      }
      if (!s.send_all(burst)) {
        tally_.surprise("bad lines: the daemon did not take a burst");
        break;
      }
      tally_.lines_sent += lines;
      bool as_documented = true;
      for (std::size_t i = 0; i < lines && as_documented; ++i) {
        auto answer = s.line();
        if (has_code(answer, "invalid_input") || has_code(answer, "not_found") ||
            has_code(answer, "permission_denied")) {
          ++tally_.answered;
        } else {
          tally_.surprise("bad line " + std::to_string(i) + " answered: " + answer.substr(0, 200));
          as_documented = false;
        }
      }
      if (!as_documented) break;
      auto closing = s.line();
      if (has_code(closing, "resource_exhausted") &&
          closing.find("bad requests on this connection; closing") != std::string::npos &&
          s.wait_closed()) {
        ++tally_.closed;
      } else {
        tally_.surprise("bad lines: no closing line and end of stream, got: " + closing);
        break;
      }
    }
    ++done_;
  }

  std::size_t clients_;
  std::uint64_t quota_;
  std::string token_;
  std::atomic<std::size_t> done_ = 0;
};

// Clients that send bursts of 20 hellos with wrong tokens: each is refused (permission_denied,
// "unknown token"), the 20th is followed by the closing line and the end of the stream.
class WrongTokens : public Abuser {
 public:
  explicit WrongTokens(std::size_t clients) : clients_(clients) {}
  const char* name() const override { return "wrong tokens"; }
  void start(unsigned short port, pid_t) override {
    for (std::size_t i = 0; i < clients_; ++i)
      threads_.emplace_back([this, port, i] { run(port, i); });
  }

 private:
  void run(unsigned short port, std::size_t client) {
    std::uint64_t n = 0;
    while (!stop_) {
      RawSocket s;
      if (!s.connect(port)) return tally_.surprise("connect failed in the test process");
      ++tally_.connections;
      std::string burst;
      for (int i = 0; i < 20; ++i, ++n) {
        burst += R"({"op":"hello","token":"wrong-)" + std::to_string(client) + "-" +
                 std::to_string(n) + "\"}\n";
      }
      if (!s.send_all(burst)) return tally_.surprise("wrong tokens: the daemon did not take them");
      tally_.lines_sent += 20;
      auto first = s.line();
      if (is_refusal(first)) {
        ++tally_.refused;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      for (int i = 0; i < 20; ++i) {
        auto answer = i == 0 ? first : s.line();
        if (!has_code(answer, "permission_denied") ||
            answer.find("unknown token") == std::string::npos)
          return tally_.surprise("wrong token " + std::to_string(i) + " answered: " + answer);
        ++tally_.answered;
      }
      auto closing = s.line();
      if (!has_code(closing, "resource_exhausted") || !s.wait_closed())
        return tally_.surprise("wrong tokens: no closing line and end of stream, got: " + closing);
      ++tally_.closed;
    }
  }

  std::size_t clients_;
};

// Runs the daemon out of file descriptors, again and again: its soft RLIMIT_NOFILE is lowered
// (prlimit) to its lowest free descriptor, so that its next accept fails with EMFILE; clients then
// connect and must be refused with the documented line (through the daemon's spare descriptor) or,
// if a descriptor was freed meanwhile, served. Then the limit is restored, and a new client must be
// served again (the listener retries after at most a second).
class FdExhaustion : public Abuser {
 public:
  FdExhaustion(std::size_t clients_per_round, std::string token)
      : clients_(clients_per_round), token_(std::move(token)) {}
  const char* name() const override { return "fd exhaustion"; }
  void start(unsigned short port, pid_t pid) override {
    threads_.emplace_back([this, port, pid] { run(port, pid); });
  }
  // Rounds in which the daemon's limit was at its lowest free descriptor.
  std::uint64_t rounds() const { return rounds_; }

 private:
  static int lowest_free_fd(pid_t pid) {
    std::vector<bool> used;
    for (const auto& e :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
      auto fd = static_cast<std::size_t>(std::stoul(e.path().filename().string()));
      if (fd >= used.size()) used.resize(fd + 1);
      used[fd] = true;
    }
    std::size_t fd = 0;
    while (fd < used.size() && used[fd]) ++fd;
    return static_cast<int>(fd);
  }
  std::string hello() const { return R"({"op":"hello","token":")" + token_ + "\"}"; }

  void run(unsigned short port, pid_t pid) {
    rlimit original{};
    if (::prlimit(pid, RLIMIT_NOFILE, nullptr, &original) != 0)
      return tally_.surprise("prlimit: cannot read the daemon's limit");
    while (!stop_) {
      rlimit low = original;
      low.rlim_cur = static_cast<rlim_t>(lowest_free_fd(pid));
      if (::prlimit(pid, RLIMIT_NOFILE, &low, nullptr) != 0)
        return tally_.surprise("prlimit: cannot lower the daemon's limit");
      ++rounds_;
      std::vector<RawSocket> clients(clients_);
      for (auto& c : clients) {
        if (!c.connect(port)) return tally_.surprise("connect failed in the test process");
        ++tally_.connections;
        c.send_line(hello());
        ++tally_.lines_sent;
      }
      for (auto& c : clients) {
        auto answer = c.line(std::chrono::seconds(10));
        if (is_refusal(answer)) {
          ++tally_.refused;
        } else if (answer.find(R"("ok":true)") != std::string::npos) {
          ++tally_.answered;  // a descriptor was freed meanwhile (another client left)
        } else {
          tally_.surprise("out of descriptors, hello answered: " +
                          (answer.empty() ? std::string("nothing") : answer));
        }
      }
      clients.clear();
      if (::prlimit(pid, RLIMIT_NOFILE, &original, nullptr) != 0)
        return tally_.surprise("prlimit: cannot restore the daemon's limit");
      // Served again once the listener's back-off timer fires (at most 1 s later), or refused
      // with the line if other abusers filled max_connections meanwhile.
      bool served = false, refused = false;
      for (int attempt = 0; attempt < 60 && !served; ++attempt) {
        RawSocket c;
        if (!c.connect(port)) break;
        c.send_line(hello());
        auto answer = c.line(std::chrono::seconds(10));
        served = answer.find(R"("ok":true)") != std::string::npos;
        refused = is_refusal(answer);
        if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (served || refused) {
        ++tally_.closed;  // here: recoveries
      } else {
        tally_.surprise("descriptors back, but a new client was not answered");
      }
      for (int i = 0; i < 10 && !stop_; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  std::size_t clients_;
  std::string token_;
  std::atomic<std::uint64_t> rounds_ = 0;
};

}  // namespace tiaojie::test

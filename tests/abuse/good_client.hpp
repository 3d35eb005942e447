// The well-behaved client of the abuse tests: one operator connection submitting generated
// disputes one at a time on a steady schedule (one every `interval`; when an answer comes late the
// next submit goes at once, the schedule does not catch up in a burst). It records each
// acknowledgement's latency (send to answer) and the case id it gave, so that the test can check
// afterwards that every acknowledged dispute is in the store, and the bench can report p50/p99/max.
// Anything else than an acknowledgement (an error, no answer within the wait, a broken connection)
// is recorded as a failure and ends the client.
// Thread-safety: start() runs the client on its own thread; read the results after stop().
#pragma once

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "abuse/raw_socket.hpp"

namespace tiaojie::test {

class GoodClient {
 public:
  using Clock = std::chrono::steady_clock;

  GoodClient(unsigned short port, std::string token, const std::vector<std::string>& corpus,
             std::chrono::microseconds interval)
      : port_(port), token_(std::move(token)), corpus_(corpus), interval_(interval) {}
  ~GoodClient() { stop(); }

  // Connects and signs in on the caller's thread (false: failure() says why), then submits on a
  // thread of its own until stop() or the corpus ends.
  bool start() {
    if (!socket_.connect(port_) ||
        !socket_.send_line(R"({"op":"hello","token":")" + token_ + "\"}"))
      return fail("cannot connect");
    auto hello = socket_.line(std::chrono::seconds(10));
    if (hello.find(R"("ok":true)") == std::string::npos) return fail("hello refused: " + hello);
    thread_ = std::thread([this] { run(); });
    return true;
  }
  // Waits until at least `n` submits were acknowledged (or the client failed).
  bool wait_acked(std::size_t n) {
    while (acked_count_.load() < n && !failed_.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return !failed_.load();
  }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  // The case id of the first acknowledged submit (0 before it). Any thread.
  std::int64_t first_case() const { return first_case_.load(); }
  // After stop(): corpus index -> the case id its acknowledgement gave.
  const std::map<std::size_t, std::int64_t>& acked() const { return acked_; }
  const std::string& failure() const { return failure_; }
  // After stop(): acknowledgement latencies in microseconds, sorted.
  std::vector<double> latencies_us() const {
    auto l = latencies_;
    std::sort(l.begin(), l.end());
    return l;
  }

 private:
  bool fail(std::string why) {
    failure_ = std::move(why);
    failed_ = true;
    return false;
  }
  void run() {
    auto next = Clock::now();
    for (std::size_t i = 0; i < corpus_.size() && !stop_.load(); ++i) {
      std::this_thread::sleep_until(next);
      const auto sent = Clock::now();
      next = std::max(next + interval_, sent);
      const std::string line =
          R"({"id":)" + std::to_string(i) + R"(,"op":"submit","dispute":)" + corpus_[i] + "}";
      if (!socket_.send_line(line, std::chrono::seconds(10))) {
        fail("submit " + std::to_string(i) + ": the daemon did not take it");
        return;
      }
      // Generous: an answer that never comes is a stall; a slow one is measured, not judged.
      auto answer = socket_.line(std::chrono::seconds(30));
      const auto took = Clock::now() - sent;
      boost::system::error_code ec;
      auto v = boost::json::parse(answer, ec);
      if (ec || !v.is_object() || !v.as_object().contains("ok") || v.as_object().at("ok") != true ||
          !v.as_object().contains("case")) {
        fail("submit " + std::to_string(i) + " not acknowledged: " +
             (answer.empty() ? std::string(socket_.ended() ? "connection closed" : "no answer")
                             : answer));
        return;
      }
      acked_[i] = v.as_object().at("case").to_number<std::int64_t>();
      if (first_case_.load() == 0) first_case_ = acked_[i];
      latencies_.push_back(std::chrono::duration<double, std::micro>(took).count());
      ++acked_count_;
    }
  }

  unsigned short port_;
  std::string token_;
  const std::vector<std::string>& corpus_;
  std::chrono::microseconds interval_;
  RawSocket socket_;
  std::thread thread_;
  std::atomic<bool> stop_ = false;
  std::atomic<bool> failed_ = false;
  std::atomic<std::size_t> acked_count_ = 0;
  std::atomic<std::int64_t> first_case_ = 0;
  std::map<std::size_t, std::int64_t> acked_;
  std::vector<double> latencies_;
  std::string failure_;
};

}  // namespace tiaojie::test

// Where the daemon learns the time (Abseil's clock_interface.h is the model).
//
// The daemon never calls a clock directly: it asks a Clock, so that tests can move time forward by
// days without sleeping. The core (lifecycle) takes time as an argument and never sees this.
// Thread-safety: every implementation here is safe to call from any thread.
#pragma once

#include <atomic>
#include <chrono>

#include "model/time.hpp"

namespace tiaojie::daemon {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current instant (UTC, seconds).
  [[nodiscard]] virtual Timestamp now() const = 0;
};

// The system's wall clock.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that only moves when told to: for tests. After moving it, tell the server
// (Server::clock_changed) so that it re-evaluates its timers.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : seconds_(start.time_since_epoch().count()) {}
  [[nodiscard]] Timestamp now() const override {
    return Timestamp(std::chrono::seconds(seconds_.load()));
  }
  void set(Timestamp t) { seconds_.store(t.time_since_epoch().count()); }
  void advance(std::chrono::seconds d) { seconds_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> seconds_;
};

}  // namespace tiaojie::daemon

// Log lines for an event that can repeat without bound (a client retrying in a loop, descriptors
// run out): at most `lines` per `period`, the events in between counted into the next line that
// is written. One line each was megabytes of log a second under abuse (tests/abuse).
//
// Thread-safety: none of its own; its owner guards it as it guards the state beside it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>

namespace tiaojie::daemon::internal {

class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LogThrottle(Clock::duration period, int lines = 1) : period_(period), lines_(lines) {}

  // The event happened at `now`. Empty: do not log it. Else: log it, and the value is how many
  // earlier events went unlogged since the last line.
  std::optional<std::uint64_t> admit(Clock::time_point now) {
    if (!started_ || now - window_start_ >= period_) {
      started_ = true;
      window_start_ = now;
      written_ = 0;
    }
    if (written_ >= lines_) {
      ++unlogged_;
      return std::nullopt;
    }
    ++written_;
    return std::exchange(unlogged_, 0);
  }

  // The trouble is over: the next event is logged at once, and nothing is owed to it.
  void reset() {
    started_ = false;
    unlogged_ = 0;
  }

 private:
  Clock::duration period_;
  int lines_;
  bool started_ = false;
  Clock::time_point window_start_{};
  int written_ = 0;
  std::uint64_t unlogged_ = 0;
};

}  // namespace tiaojie::daemon::internal

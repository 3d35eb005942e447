// What /metrics says of the intake, counted where it happens and read by the HTTP threads: per
// channel, the submits acknowledged as new cases, the duplicates, the refusals (before the engine:
// an invalid dispute, another channel's, an unknown format; by the store: a commit refused or
// failed), and the acknowledgement latency of submits (from the engine receiving the dispute to
// its acknowledgement, which follows the durable commit).
//
// The channels are those configured at start, a fixed set (bounded label values); a submit over an
// operator's connection refused before its dispute named a channel counts under "(operator)".
//
// Thread-safety: every member function from any thread; counters are relaxed atomics (each exact,
// not a consistent set: a scrape may see a submit counted as acknowledged and not yet in the
// latency histogram).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/internal/histogram.hpp"

namespace tiaojie::daemon::internal {

class IntakeMetrics {
 public:
  static constexpr std::string_view k_operator_label = "(operator)";
  enum class Outcome { accepted, duplicate, refused_by_store, refused_before_engine };

  struct ChannelCounts {
    std::string channel;
    std::uint64_t accepted = 0, duplicates = 0, refused_by_store = 0, refused_before_engine = 0;
  };

  explicit IntakeMetrics(std::vector<std::string> channels);

  // The slot of a channel id (k_operator_label's slot for an unknown id).
  [[nodiscard]] std::size_t slot(std::string_view channel) const;
  void count(std::size_t slot, Outcome outcome);
  // A submit acknowledged (or refused) `since` it reached the engine.
  void acknowledged_after(std::chrono::steady_clock::time_point since);

  [[nodiscard]] std::vector<ChannelCounts> counts() const;
  [[nodiscard]] HistogramSnapshot ack_latency_us() const { return ack_latency_us_.snapshot(); }

 private:
  struct Slot {
    std::atomic<std::uint64_t> by_outcome[4] = {};
  };
  std::vector<std::string> channels_;  // the last is k_operator_label
  std::unique_ptr<Slot[]> slots_;
  // Microseconds: 250 µs … 10 s.
  Histogram ack_latency_us_{250,     500,       1'000,     2'500,     5'000,
                            10'000,  25'000,    50'000,    100'000,   250'000,
                            500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000};
};

}  // namespace tiaojie::daemon::internal

#include "daemon/internal/intake_metrics.hpp"

#include <algorithm>

namespace tiaojie::daemon::internal {

IntakeMetrics::IntakeMetrics(std::vector<std::string> channels) : channels_(std::move(channels)) {
  std::sort(channels_.begin(), channels_.end());
  channels_.erase(std::unique(channels_.begin(), channels_.end()), channels_.end());
  channels_.emplace_back(k_operator_label);
  slots_ = std::make_unique<Slot[]>(channels_.size());
}

std::size_t IntakeMetrics::slot(std::string_view channel) const {
  // Sorted but for the last entry; a handful of channels: a binary search over them.
  auto end = channels_.end() - 1;
  auto it = std::lower_bound(channels_.begin(), end, channel);
  if (it != end && *it == channel) return static_cast<std::size_t>(it - channels_.begin());
  return channels_.size() - 1;
}

void IntakeMetrics::count(std::size_t slot, Outcome outcome) {
  slots_[slot].by_outcome[static_cast<int>(outcome)].fetch_add(1, std::memory_order_relaxed);
}

void IntakeMetrics::acknowledged_after(std::chrono::steady_clock::time_point since) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - since)
                      .count();
  ack_latency_us_.observe(us > 0 ? static_cast<std::uint64_t>(us) : 0);
}

std::vector<IntakeMetrics::ChannelCounts> IntakeMetrics::counts() const {
  std::vector<ChannelCounts> out;
  out.reserve(channels_.size());
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    auto load = [&](Outcome o) {
      return slots_[i].by_outcome[static_cast<int>(o)].load(std::memory_order_relaxed);
    };
    out.push_back({channels_[i], load(Outcome::accepted), load(Outcome::duplicate),
                   load(Outcome::refused_by_store), load(Outcome::refused_before_engine)});
  }
  return out;
}

}  // namespace tiaojie::daemon::internal

// A histogram with fixed buckets, cheap enough for the acknowledgement path: observe() is two
// relaxed atomic increments and a relaxed add, with no lock (Prometheus client libraries do the
// same). Rendered as a Prometheus histogram by daemon/http/prometheus.hpp.
//
// Values are unsigned integers in a unit of the owner's choosing (microseconds for a latency,
// changes for a batch size); the bounds are in that unit too, and the renderer scales them.
//
// Thread-safety: observe() and snapshot() from any thread. A snapshot taken while others observe
// may be a few observations behind in some buckets: each count is exact on its own, and the
// rendered _count is the sum of the buckets, so the +Inf bucket always equals _count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

namespace tiaojie::daemon::internal {

struct HistogramSnapshot {
  std::vector<std::uint64_t> bounds;  // upper bounds, ascending; +Inf is implied after the last
  std::vector<std::uint64_t> counts;  // per bucket, not cumulative; one more than `bounds`
  std::uint64_t sum = 0;              // of the observed values

  [[nodiscard]] std::uint64_t count() const {
    std::uint64_t n = 0;
    for (auto c : counts) n += c;
    return n;
  }
};

class Histogram {
 public:
  // REQUIRES: `bounds` ascending and not empty.
  explicit Histogram(std::initializer_list<std::uint64_t> bounds)
      : bounds_(bounds),
        counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds.size() + 1)) {}

  void observe(std::uint64_t value) {
    const auto bucket = static_cast<std::size_t>(
        std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
    counts_[bucket].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
  }

  [[nodiscard]] HistogramSnapshot snapshot() const {
    HistogramSnapshot s{bounds_, std::vector<std::uint64_t>(bounds_.size() + 1), 0};
    for (std::size_t i = 0; i <= bounds_.size(); ++i)
      s.counts[i] = counts_[i].load(std::memory_order_relaxed);
    s.sum = sum_.load(std::memory_order_relaxed);
    return s;
  }

 private:
  const std::vector<std::uint64_t> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<std::uint64_t> sum_{0};
};

}  // namespace tiaojie::daemon::internal

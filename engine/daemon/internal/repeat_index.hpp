// The engine's repeat index (重复信访): which recent cases carry each repeat key
// (daemon/repeat_keys.hpp), so that a submit finds a dispute's earlier cases without a store
// round trip, before it classifies (the rules read the count: Dispute::repeat_count).
//
// Loaded at start from the store's repeat_keys table (the cases received within the window) and
// kept up to date by the engine after each new case commits; entries that fall out of the window
// are swept as the index grows, so it holds about one window of keys.
// Thread-safety: not thread-safe; the engine's strand owns it.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lifecycle/event.hpp"
#include "model/time.hpp"
#include "store/store.hpp"

namespace tiaojie::daemon::internal {

class RepeatIndex {
 public:
  // REQUIRES: window > 0.
  explicit RepeatIndex(std::chrono::days window) : window_(window) {}

  [[nodiscard]] std::chrono::days window() const { return window_; }

  // Records that case `id`, received at `received_at`, carries `key`.
  void add(const std::string& key, lifecycle::CaseId id, Timestamp received_at);
  // Records every row at once (the index read back at start: a million keys with a million open
  // cases), taking their keys, then drops what is older than the window before `now`.
  void add_all(std::vector<store::RepeatKeyRow>&& rows, Timestamp now);

  // The earlier cases that share one of `keys` and were received within the window before `at`
  // ([at - window, at]), each once, by case id; a case found through a party key ("p:") and a
  // subject key is linked for the party. At most `limit` of them (the most recent).
  [[nodiscard]] std::vector<lifecycle::RepeatLink> find(std::span<const std::string> keys,
                                                        Timestamp at, std::size_t limit = 50) const;

  [[nodiscard]] std::size_t entries() const { return entries_; }

 private:
  // Drops the entries received before `now` - window (each key's list is in arrival order).
  void sweep(Timestamp now);

  std::chrono::days window_;
  std::unordered_map<std::string, std::vector<std::pair<Timestamp, lifecycle::CaseId>>> by_key_;
  std::size_t entries_ = 0;
  std::size_t swept_at_ = 0;  // entries_ after the last sweep
};

}  // namespace tiaojie::daemon::internal

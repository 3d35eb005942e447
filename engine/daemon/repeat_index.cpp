#include "daemon/internal/repeat_index.hpp"

#include <algorithm>
#include <map>

#include "daemon/repeat_keys.hpp"

namespace tiaojie::daemon::internal {

void RepeatIndex::add(const std::string& key, lifecycle::CaseId id, Timestamp received_at) {
  by_key_[key].emplace_back(received_at, id);
  ++entries_;
  // Amortised: a sweep costs the index's size and runs once the index has doubled since the last.
  if (entries_ > 2 * swept_at_ + 1024) sweep(received_at);
}

void RepeatIndex::add_all(std::vector<store::RepeatKeyRow>&& rows, Timestamp now) {
  // One sweep at the end rather than one per doubling, and no key copied twice.
  by_key_.reserve(by_key_.size() + rows.size());
  for (auto& row : rows) by_key_[std::move(row.key)].emplace_back(row.received_at, row.case_id);
  entries_ += rows.size();
  sweep(now);
}

void RepeatIndex::sweep(Timestamp now) {
  const Timestamp oldest = now - window_;
  entries_ = 0;
  for (auto it = by_key_.begin(); it != by_key_.end();) {
    auto& list = it->second;
    std::erase_if(list, [&](const auto& entry) { return entry.first < oldest; });
    entries_ += list.size();
    it = list.empty() ? by_key_.erase(it) : std::next(it);
  }
  swept_at_ = entries_;
}

std::vector<lifecycle::RepeatLink> RepeatIndex::find(std::span<const std::string> keys,
                                                     Timestamp at, std::size_t limit) const {
  const Timestamp oldest = at - window_;
  // case id → (received_at, reason): the party reason wins over the subject one.
  std::map<std::int64_t, std::pair<Timestamp, lifecycle::RepeatReason>> found;
  for (const auto& key : keys) {
    auto it = by_key_.find(key);
    if (it == by_key_.end()) continue;
    const auto reason = repeat_reason(key);
    for (const auto& [received, id] : it->second) {
      if (received < oldest || received > at) continue;
      auto [slot, inserted] = found.try_emplace(id.value, received, reason);
      if (!inserted && reason == lifecycle::RepeatReason::same_party) slot->second.second = reason;
    }
  }
  std::vector<std::pair<Timestamp, lifecycle::RepeatLink>> links;
  for (const auto& [id, entry] : found)
    links.push_back({entry.first, lifecycle::RepeatLink{lifecycle::CaseId{id}, entry.second}});
  if (links.size() > limit) {
    std::sort(links.begin(), links.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second.earlier > b.second.earlier;
    });
    links.resize(limit);
  }
  std::vector<lifecycle::RepeatLink> out;
  for (const auto& [received, link] : links) out.push_back(link);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.earlier.value < b.earlier.value; });
  return out;
}

}  // namespace tiaojie::daemon::internal

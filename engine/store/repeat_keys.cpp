// Store::repeat_keys_since's default: the `submitted` events of the whole log (the in-memory and
// fault-injecting stores use it; the SQLite store reads its repeat_keys table instead).
#include <algorithm>

#include "store/store.hpp"

namespace tiaojie::store {

Result<std::vector<RepeatKeyRow>> Store::repeat_keys_since(Timestamp from) {
  std::vector<RepeatKeyRow> rows;
  std::int64_t after = 0;
  for (;;) {
    auto page = events_since(after, 4096);
    if (!page) return std::unexpected(page.error());
    if (page->empty()) break;
    for (const auto& se : *page) {
      const auto* sub = std::get_if<lifecycle::Submitted>(&se.event.data);
      if (sub == nullptr || sub->received_at < from) continue;
      for (const auto& key : sub->repeat_keys)
        rows.push_back(RepeatKeyRow{key, se.event.case_id, sub->received_at});
    }
    after = page->back().seq;
  }
  std::stable_sort(rows.begin(), rows.end(), [](const RepeatKeyRow& a, const RepeatKeyRow& b) {
    return a.received_at != b.received_at ? a.received_at < b.received_at
                                          : a.case_id.value < b.case_id.value;
  });
  return rows;
}

}  // namespace tiaojie::store

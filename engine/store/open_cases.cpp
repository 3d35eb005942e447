// The Store's default open-case summaries, derived from open_cases() (the in-memory and
// fault-injecting stores use them; the SQLite store reads its tables instead).
#include <algorithm>

#include "store/store.hpp"

namespace tiaojie::store {

Result<std::vector<OpenCaseRow>> Store::open_case_rows() {
  auto cases = open_cases();
  if (!cases) return std::unexpected(cases.error());
  std::vector<OpenCaseRow> rows;
  rows.reserve(cases->size());
  for (const auto& s : *cases) {
    rows.push_back(OpenCaseRow{s.id, s.status, s.body, s.classification ? s.classification->category : "", s.due});
  }
  return rows;
}

Result<std::vector<OpenCaseDeadlines>> Store::open_case_deadlines(CaseId after, std::size_t limit) {
  auto cases = open_cases();
  if (!cases) return std::unexpected(cases.error());
  std::vector<OpenCaseDeadlines> out;
  for (const auto& s : *cases) {
    if (s.id.value <= after.value) continue;
    out.push_back(OpenCaseDeadlines{s.id, s.reply_due, s.due_soon_sent, s.overdue_sent, s.reply_due_soon_sent,
                                    s.reply_overdue_sent});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id.value < b.id.value; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace tiaojie::store

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
    rows.push_back(OpenCaseRow{s.id, s.status, s.body,
                               s.classification ? s.classification->category : "", s.due});
  }
  return rows;
}

Result<std::vector<OpenCaseDeadlines>> Store::open_case_deadlines(CaseId after, std::size_t limit) {
  auto cases = open_cases();
  if (!cases) return std::unexpected(cases.error());
  std::vector<OpenCaseDeadlines> out;
  for (const auto& s : *cases) {
    if (s.id.value <= after.value) continue;
    std::optional<Deadline> rule;
    if (s.classification) rule = s.classification->deadline;
    OpenCaseDeadlines d;
    d.id = s.id;
    d.rule = rule;
    d.period = s.clock_period;
    d.clock_start = s.clock_start;
    d.due_provisional_year = s.due_provisional_year;
    d.suspended_since = s.suspended_since;
    d.suspended_units = s.suspended_units;
    d.extended_units = s.extended_units;
    d.extensions = s.extensions;
    d.reply_due = s.reply_due;
    d.due_soon_sent = s.due_soon_sent;
    d.overdue_sent = s.overdue_sent;
    d.reply_due_soon_sent = s.reply_due_soon_sent;
    d.reply_overdue_sent = s.reply_overdue_sent;
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.id.value < b.id.value; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace tiaojie::store

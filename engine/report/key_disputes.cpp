// add_key_disputes and issue_number (weekly.hpp, options.hpp): the part of the report that needs
// the disputes themselves (parties, amounts, priority), read for the week's new cases only, so its
// cost follows one week's intake, not the window's or the history's.
#include <algorithm>

#include "model/dispute_json.hpp"
#include "report/weekly.hpp"
#include "store/store.hpp"

namespace tiaojie::report {
namespace {

void count(InvolvedTotals& totals, const KeyDispute& d) {
  ++totals.disputes;
  totals.parties += d.parties.value_or(0);
  totals.amount += d.amount.value_or(0.0);
}

}  // namespace

std::optional<std::int64_t> issue_number(const ReportOptions& options, Period period) {
  if (!options.first_issue) return period.number;
  // Months and quarters count from the one holding the first issue's Monday.
  const Period first = period_of(period.kind, week_monday(*options.first_issue));
  std::int64_t n = 0;
  if (period.kind == PeriodKind::week) {
    n = (period_start(period) - period_start(first)) / std::chrono::days{7};
  } else {
    const int step = period.kind == PeriodKind::quarter ? 3 : 1;
    const auto months = [&](Period p) {
      return p.year * 12 + static_cast<int>((p.number - 1)) * step;
    };
    n = (months(period) - months(first)) / step;
  }
  if (n < 0) return std::nullopt;
  return n + 1;
}

Result<void> add_key_disputes(WeeklyReport& report, store::Store& store,
                              const graph::BodyGraph* graph) {
  const auto& options = report.options;
  KeyDisputes key;
  key.read = true;
  std::vector<KeyDispute> listed;
  auto visited = store.for_each_decision(
      report.start, report.as_of.value_or(report.end), [&](const store::StoredDecision& row) {
        if (!body_in_scope(graph, row.body.value, report.scope)) return true;
        KeyDispute d;
        d.case_id = row.dispute.case_id.value;
        d.received_at = row.dispute.received_at;
        d.body = row.body.value;
        d.body_name = d.body;
        d.status = row.status;
        if (row.classification) {
          d.category = row.classification->category;
          d.priority = row.classification->priority;
        }
        // Stored disputes were valid when received; one that no longer parses (a schema that
        // became stricter) still counts, without its parties and amount.
        if (auto parsed = parse_dispute(row.dispute.json)) {
          d.parties = parsed->parties;
          d.amount = parsed->amount_claimed;
        }
        d.group = d.parties && *d.parties >= options.group_parties_min;
        d.major =
            (d.amount && *d.amount >= options.major_amount_min) || d.priority == Priority::urgent;
        count(key.all, d);
        if (d.group) count(key.group, d);
        if (d.major) count(key.major, d);
        if (d.group || d.major || d.priority >= Priority::high) listed.push_back(std::move(d));
        return true;
      });
  if (!visited) return std::unexpected(visited.error());
  std::sort(listed.begin(), listed.end(), [](const KeyDispute& a, const KeyDispute& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.received_at != b.received_at) return a.received_at < b.received_at;
    return a.case_id < b.case_id;
  });
  const auto max = static_cast<std::size_t>(std::max<std::int64_t>(options.key_disputes_max, 0));
  if (listed.size() > max) {
    key.not_listed = static_cast<std::int64_t>(listed.size() - max);
    listed.resize(max);
  }
  for (auto& d : listed) {
    if (const auto index = graph ? graph->find(d.body) : std::nullopt) {
      const auto& body = graph->body(*index);
      d.body_name = body.name;
      const auto street = graph->ancestor_at(body.region, graph::RegionLevel::street);
      if (street != graph::k_none) d.street = graph->region(street).name;
    }
  }
  key.list = std::move(listed);
  report.key = std::move(key);
  return ok;
}

}  // namespace tiaojie::report

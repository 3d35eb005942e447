// invariant_violations (weekly.hpp): the report checks itself, so that a wrong number is caught
// by arithmetic, not by a reader.
#include <fmt/format.h>

#include <numeric>

#include "report/weekly.hpp"

namespace tiaojie::report {
namespace {

void check_flow(const std::string& what, const Flows& f, std::vector<std::string>& out) {
  const auto expected =
      f.open_start + f.new_cases + f.reopened + f.transferred_in - f.closed() - f.transferred_out;
  if (f.open_end != expected) {
    out.push_back(fmt::format(
        "{}: open_end {} != open_start {} + new {} + reopened {} + transferred_in {} - closed {} - "
        "transferred_out {}",
        what, f.open_end, f.open_start, f.new_cases, f.reopened, f.transferred_in, f.closed(),
        f.transferred_out));
  }
  if (f.escalated_in > f.transferred_in || f.escalated_out > f.transferred_out) {
    out.push_back(fmt::format("{}: more escalations than transfers", what));
  }
}

void check_rows(std::string_view table, const std::vector<UnitRow>& rows, const UnitRow& total,
                bool must_sum, std::vector<std::string>& out) {
  Flows sum;
  std::int64_t overdue = 0;
  for (const auto& r : rows) {
    const std::string what = fmt::format("{} {}", table, r.key.empty() ? "(unassigned)" : r.key);
    check_flow(what, r.flows, out);
    const auto& a = r.backlog.ageing;
    if (std::accumulate(a.begin(), a.end(), std::int64_t{0}) != r.flows.open_end) {
      out.push_back(
          fmt::format("{}: ageing buckets do not sum to open_end {}", what, r.flows.open_end));
    }
    if (r.backlog.overdue_mediation > r.flows.open_end ||
        r.backlog.overdue_hotline > r.flows.open_end) {
      out.push_back(fmt::format("{}: more overdue than open", what));
    }
    sum.open_start += r.flows.open_start;
    sum.new_cases += r.flows.new_cases;
    sum.reopened += r.flows.reopened;
    sum.resolved += r.flows.resolved;
    sum.failed += r.flows.failed;
    sum.withdrawn += r.flows.withdrawn;
    sum.open_end += r.flows.open_end;
    overdue += r.backlog.overdue_mediation;
  }
  if (!must_sum) return;
  const Flows& t = total.flows;
  if (sum.open_start != t.open_start || sum.open_end != t.open_end ||
      sum.new_cases != t.new_cases || sum.reopened != t.reopened || sum.closed() != t.closed() ||
      overdue != total.backlog.overdue_mediation) {
    out.push_back(fmt::format("{}: rows do not sum to the total (open_end {} vs {}, new {} vs {})",
                              table, sum.open_end, t.open_end, sum.new_cases, t.new_cases));
  }
}

}  // namespace

std::vector<std::string> invariant_violations(const WeeklyReport& report) {
  std::vector<std::string> out;
  check_rows("total", {report.total}, report.total, false, out);
  // Without a graph the level rows hold only the unknown/unassigned owners: still a full cover.
  check_rows("level", report.levels, report.total, true, out);
  check_rows("street", report.streets, report.total, true, out);
  check_rows("body", report.bodies, report.total, true, out);
  check_rows("category", report.categories, report.total, true, out);
  check_rows("channel", report.channels, report.total, true, out);
  for (std::size_t i = 0; i < report.trend.size(); ++i) {
    const auto& p = report.trend[i];
    check_flow(fmt::format("trend {}", format_period(p.period)), p.flows, out);
    if (i > 0 && p.flows.open_start != report.trend[i - 1].flows.open_end) {
      out.push_back(fmt::format("trend {}: open_start {} != the week before's open_end {}",
                                format_period(p.period), p.flows.open_start,
                                report.trend[i - 1].flows.open_end));
    }
  }
  if (!report.trend.empty() && report.trend.back().flows != report.total.flows) {
    out.push_back("trend: the last week differs from the total");
  }
  return out;
}

}  // namespace tiaojie::report

#include "report/clocks.hpp"

#include <algorithm>
#include <map>

namespace tiaojie::report {

ClockSummary compute_clocks(const ReportInput& input, const graph::BodyGraph* graph,
                            Timestamp start, Timestamp end, const std::vector<bool>& in_scope) {
  std::map<std::int32_t, ClockCounts> by_body;
  std::map<std::int32_t, std::int64_t> seconds_by_body;
  auto counted = [&](std::int32_t owner) {
    return owner >= 0 && static_cast<std::size_t>(owner) < in_scope.size() && in_scope[owner];
  };
  for (const auto& c : input.cases) {
    std::optional<Timestamp> since;  // the clock stopped then, at body `holder`
    std::int32_t holder = -1;
    auto stop_running = [&](Timestamp until) {
      if (!since) return;
      const Timestamp from = std::max(*since, start), to = std::min(until, end);
      if (from < to && counted(holder)) seconds_by_body[holder] += (to - from).count();
      since.reset();
    };
    for (const auto& s : c.steps) {
      if (s.at >= end) break;
      const bool in_week = s.at >= start;
      if (s.flags & k_step_resumed) {
        if (in_week && counted(holder)) ++by_body[holder].resumed;
        stop_running(s.at);
      }
      if (s.flags & k_step_suspended) {
        if (in_week && counted(s.owner)) ++by_body[s.owner].suspended;
        since = s.at;
        holder = s.owner;
      }
      if ((s.flags & k_step_extended) && in_week && counted(s.owner)) ++by_body[s.owner].extensions;
      if (s.owner < 0) stop_running(s.at);          // closed: the clock no longer matters
      if (since && s.owner >= 0) holder = s.owner;  // moved while stopped: the new body holds it
    }
    if (since && counted(holder)) ++by_body[holder].suspended_at_end;
    stop_running(end);
  }
  for (const auto& [owner, secs] : seconds_by_body) by_body[owner].suspended_days += secs;

  ClockSummary out;
  for (auto& [owner, counts] : by_body) {
    counts.suspended_days /= 86400;  // seconds summed per body, then whole days
    if (counts.empty()) continue;
    ClockRow row{input.bodies[owner], input.bodies[owner], counts};
    if (auto idx = graph ? graph->find(row.body) : std::nullopt) row.name = graph->body(*idx).name;
    out.total.suspended += counts.suspended;
    out.total.resumed += counts.resumed;
    out.total.suspended_at_end += counts.suspended_at_end;
    out.total.suspended_days += counts.suspended_days;
    out.total.extensions += counts.extensions;
    out.bodies.push_back(std::move(row));
  }
  std::sort(out.bodies.begin(), out.bodies.end(),
            [](const ClockRow& a, const ClockRow& b) { return a.body < b.body; });
  return out;
}

}  // namespace tiaojie::report

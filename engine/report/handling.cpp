#include "report/handling.hpp"

#include <algorithm>
#include <map>

#include "lifecycle/deadline.hpp"
#include "report/weekly.hpp"

namespace tiaojie::report {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// One resolution to count: where, when, and the case's times.
struct Resolution {
  std::int32_t body = -1;
  bool current = false;  // in [start, end); else in the period before
  Timestamp received{}, resolved{};
  std::vector<Suspension> suspended;
};

// Working days in (a, b] for every pair of dates in [first, last], from one prefix count: a
// case open for years costs two look-ups, not a walk over its days.
class WorkdayIndex {
 public:
  WorkdayIndex(const lifecycle::WorkingCalendar& cal, sys_days first, sys_days last)
      : first_(first) {
    cumulative_.push_back(0);
    for (sys_days d = first + days{1}; d <= last; d += days{1}) {
      const auto working = cal.is_working_day(CivilDate{d});  // fallback on: never an error
      cumulative_.push_back(cumulative_.back() + (working && *working ? 1 : 0));
    }
  }
  [[nodiscard]] std::int64_t between(Timestamp a, Timestamp b) const {
    const auto i = index(a), j = index(b);
    return j > i ? cumulative_[j] - cumulative_[i] : 0;
  }

 private:
  [[nodiscard]] std::size_t index(Timestamp t) const {
    return static_cast<std::size_t>((sys_days{shanghai_date(t)} - first_).count());
  }
  sys_days first_;
  std::vector<std::int64_t> cumulative_;
};

HandlingStats stats(std::vector<std::int64_t> v) {
  HandlingStats s;
  s.cases = static_cast<std::int64_t>(v.size());
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  std::int64_t sum = 0;
  for (auto x : v) sum += x;
  s.mean = static_cast<double>(sum) / static_cast<double>(v.size());
  const auto rank = [&](std::size_t pct) {
    const std::size_t r = (v.size() * pct + 99) / 100;  // nearest rank, as the backlog's ages
    return v[std::max<std::size_t>(r, 1) - 1];
  };
  s.median = rank(50);
  s.p90 = rank(90);
  return s;
}

// Days per row key, for the period and the one before.
struct Bucket {
  std::string name;
  std::vector<std::int64_t> current, previous;
};

HandlingRow to_row(std::string key, Bucket& b) {
  return HandlingRow{std::move(key), b.name, stats(std::move(b.current)),
                     stats(std::move(b.previous))};
}

}  // namespace

Result<std::int64_t> handling_working_days(const lifecycle::WorkingCalendar& calendar,
                                           Timestamp received, Timestamp resolved,
                                           std::span<const Suspension> suspended) {
  auto total =
      lifecycle::working_days_between(calendar, shanghai_date(received), shanghai_date(resolved));
  if (!total) return std::unexpected(total.error());
  std::int64_t days_taken = *total;
  for (const auto& s : suspended) {
    auto stopped = lifecycle::working_days_between(calendar, shanghai_date(s.since),
                                                   shanghai_date(std::min(s.until, resolved)));
    if (!stopped) return std::unexpected(stopped.error());
    days_taken -= *stopped;
  }
  return std::max<std::int64_t>(days_taken, 0);
}

HandlingSummary compute_handling(const ReportInput& input, const graph::BodyGraph* graph,
                                 const ReportScope& scope,
                                 const lifecycle::WorkingCalendar* calendar,
                                 Timestamp previous_start, Timestamp start, Timestamp end) {
  std::vector<bool> in_scope;
  for (const auto& id : input.bodies) in_scope.push_back(body_in_scope(graph, id, scope));

  std::vector<Resolution> found;
  for (const auto& c : input.cases) {
    std::vector<Suspension> suspended;
    std::optional<Timestamp> since;
    const CaseStep* before = nullptr;
    for (const auto& s : c.steps) {
      if (s.at >= end) break;
      if ((s.flags & k_step_resumed) && since) {
        suspended.push_back({*since, s.at});
        since.reset();
      }
      if (s.flags & k_step_suspended) since = s.at;
      const bool was_open = before ? lifecycle::is_open(before->status) : false;
      if (s.status == lifecycle::Status::resolved && s.at >= previous_start &&
          (was_open || s.through >= 0)) {
        // The body that resolved it: the lead until this step (or the one that held it within
        // this instant, for a case opened and resolved at once).
        const std::int32_t body = before && before->owner >= 0 ? before->owner : s.through;
        if (body >= 0 && in_scope[static_cast<std::size_t>(body)]) {
          Resolution r{body, s.at >= start, c.received_at, s.at, suspended};
          if (since) r.suspended.push_back({*since, s.at});
          found.push_back(std::move(r));
        }
      }
      before = &s;
    }
  }

  HandlingSummary out;
  lifecycle::WorkingCalendar cal = calendar ? *calendar : lifecycle::WorkingCalendar{};
  cal.set_provisional_fallback(true);
  out.provisional = calendar == nullptr;
  if (found.empty()) {
    out.total.key = out.total.name = "all";
    return out;
  }
  sys_days first = sys_days{shanghai_date(found.front().received)}, last = first;
  for (const auto& r : found) {
    for (Timestamp t : {r.received, r.resolved}) {
      first = std::min(first, sys_days{shanghai_date(t)});
      last = std::max(last, sys_days{shanghai_date(t)});
    }
    for (const auto& s : r.suspended) first = std::min(first, sys_days{shanghai_date(s.since)});
  }
  if (lifecycle::missing_year(cal, CivilDate{first}, CivilDate{last})) out.provisional = true;
  const WorkdayIndex index(cal, first, last);

  // Where each body of the input sits: its level and street, from the graph.
  std::map<std::string, int> level_order{{"community", 0}, {"street", 1}, {"district", 2}};
  std::map<graph::RegionIndex, int> street_order;
  if (graph) {
    for (graph::RegionIndex r = 0; r < graph->region_count(); ++r) {
      if (graph->region(r).level == graph::RegionLevel::street)
        street_order.emplace(r, static_cast<int>(street_order.size()));
    }
  }
  std::map<std::pair<int, std::string>, Bucket> levels, streets;
  std::map<std::string, Bucket> bodies;
  Bucket total{"all", {}, {}};
  for (const auto& r : found) {
    std::int64_t taken = index.between(r.received, r.resolved);
    for (const auto& s : r.suspended)
      taken -= index.between(s.since, std::min(s.until, r.resolved));
    taken = std::max<std::int64_t>(taken, 0);

    const auto& id = input.bodies[static_cast<std::size_t>(r.body)];
    std::pair<int, std::string> level{3, "unknown"}, street{1 << 20, "区级"};
    std::string name = id;
    if (auto b = graph ? graph->find(id) : std::nullopt) {
      const auto& body = graph->body(*b);
      name = body.name;
      level.second = std::string(to_string(body.level));
      const auto order = level_order.find(level.second);
      level.first = order == level_order.end() ? 3 : order->second;
      const auto region = graph->ancestor_at(body.region, graph::RegionLevel::street);
      if (region != graph::k_none) street = {street_order.at(region), graph->region(region).name};
    } else {
      street = {(1 << 20) + 1, "未知"};
    }
    for (Bucket* bucket : {&total, &levels[level], &streets[street], &bodies[id]}) {
      (r.current ? bucket->current : bucket->previous).push_back(taken);
    }
    bodies[id].name = name;
    levels[level].name = level.second;
    streets[street].name = street.second;
  }
  out.total = to_row("all", total);
  for (auto& [key, b] : levels) out.levels.push_back(to_row(key.second, b));
  for (auto& [key, b] : streets) out.streets.push_back(to_row(key.second, b));
  for (auto& [key, b] : bodies) out.bodies.push_back(to_row(key, b));
  return out;
}

}  // namespace tiaojie::report

#include "report/weekly.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace tiaojie::report {
namespace {

using std::chrono::days;

enum Grouping { g_total, g_level, g_street, g_body, g_category, g_channel, g_count };
constexpr int k_none = -1;     // not open
constexpr int k_outside = -2;  // open, but its owner is outside the report's scope

const char* const k_level_keys[] = {"community", "street", "district", "unassigned", "unknown"};
constexpr int k_level_unassigned = 3;
constexpr int k_level_unknown = 4;

struct Cell {
  Flows flows;
  std::int64_t overdue_mediation = 0;
  std::int64_t overdue_hotline = 0;
};

// What the report knows about each body of the input: its place in every owner grouping.
struct BodyInfo {
  bool in_scope = true;
  int level = k_level_unknown;
  int street = 0;
  std::string name, level_name, street_name;
};

class Ledger {
 public:
  Ledger(const ReportInput& input, const graph::BodyGraph* graph, const ReportQuery& query);
  void add(const CaseHistory& c);
  [[nodiscard]] WeeklyReport finish(const graph::BodyGraph* graph, const ReportQuery& query) &&;

 private:
  int key(Grouping g, const CaseHistory& c, int owner) const;
  // `stopped`: the case's deadline clock is suspended in `state` (it cannot be overdue then).
  void snapshot(const CaseHistory& c, const CaseStep* state, bool stopped, int instant);
  void flow(const CaseHistory& c, const CaseStep* before, const CaseStep& step, int week);
  // The satisfaction ratings of a step (its StepFlag bits), counted at `holder`'s units.
  void feedback(const CaseHistory& c, int holder, std::uint16_t flags, int week);
  UnitRow row(Grouping g, int k, std::string key, std::string name) const;
  std::vector<UnitRow> rows(Grouping g, const std::vector<std::string>& keys,
                            bool keep_empty) const;

  const ReportInput& input_;
  int periods_ = 0;                  // the trend's length; instants_ has one more
  std::vector<Timestamp> instants_;  // the starts of the trend's periods, then the report's end
  std::vector<BodyInfo> bodies_;
  std::vector<std::string> street_names_;
  std::array<std::vector<std::vector<Cell>>, g_count> cells_;         // [grouping][key][period]
  std::array<std::vector<std::vector<std::int64_t>>, g_count> ages_;  // at the report week's end
  std::vector<std::pair<Timestamp, OldCase>> oldest_;
  std::int64_t provisional_open_ = 0;  // open at the week's end with a provisional deadline
};

Ledger::Ledger(const ReportInput& input, const graph::BodyGraph* graph, const ReportQuery& query)
    : input_(input) {
  periods_ = trend_length(query.period.kind);
  const Period first = add_periods(query.period, 1 - periods_);
  for (int i = 0; i <= periods_; ++i) instants_.push_back(period_start(add_periods(first, i)));
  // The current period ends, for the report, at the moment it is made.
  if (query.as_of && *query.as_of < instants_.back() && *query.as_of > instants_[periods_ - 1])
    instants_.back() = *query.as_of;

  // Streets in the graph's order, then the rows for owners with no street.
  std::map<graph::RegionIndex, int> street_of_region;
  if (graph) {
    for (graph::RegionIndex r = 0; r < graph->region_count(); ++r) {
      if (graph->region(r).level == graph::RegionLevel::street) {
        street_of_region[r] = static_cast<int>(street_names_.size());
        street_names_.push_back(graph->region(r).name);
      }
    }
  }
  const int district_street = static_cast<int>(street_names_.size());
  street_names_.insert(street_names_.end(), {"区级", "未分派", "未知"});

  for (const auto& id : input.bodies) {
    BodyInfo b;
    b.name = id;
    b.street = district_street + 2;
    if (id.empty()) {
      b.level = k_level_unassigned;
      b.street = district_street + 1;
      b.name = "(未分派)";
    } else if (auto index = graph ? graph->find(id) : std::nullopt) {
      const auto& body = graph->body(*index);
      b.name = body.name;
      b.level = static_cast<int>(body.level);
      b.level_name = std::string(to_string(body.level));
      auto street = graph->ancestor_at(body.region, graph::RegionLevel::street);
      if (street == graph::k_none) {
        b.street = district_street;
      } else {
        b.street = street_of_region.at(street);
        b.street_name = street_names_[b.street];
      }
    }
    if (query.scope.level && b.level != static_cast<int>(*query.scope.level)) b.in_scope = false;
    if (!query.scope.street.empty() && !same_street(query.scope.street, b.street_name))
      b.in_scope = false;
    if (!query.scope.bodies.empty() &&
        std::find(query.scope.bodies.begin(), query.scope.bodies.end(), id) ==
            query.scope.bodies.end()) {
      b.in_scope = false;
    }
    bodies_.push_back(std::move(b));
  }

  const std::size_t sizes[g_count] = {1,
                                      std::size(k_level_keys),
                                      street_names_.size(),
                                      input.bodies.size(),
                                      input.categories.size(),
                                      input.channels.size()};
  for (int g = 0; g < g_count; ++g) {
    cells_[g].assign(sizes[g], std::vector<Cell>(static_cast<std::size_t>(periods_)));
    ages_[g].resize(sizes[g]);
  }
}

int Ledger::key(Grouping g, const CaseHistory& c, int owner) const {
  if (owner < 0) return k_none;
  const BodyInfo& b = bodies_[owner];
  if (!b.in_scope) return k_outside;
  switch (g) {
    case g_total:
      return 0;
    case g_level:
      return b.level;
    case g_street:
      return b.street;
    case g_body:
      return owner;
    case g_category:
      return static_cast<int>(c.category);
    case g_channel:
      return static_cast<int>(c.channel);
    case g_count:
      break;
  }
  return k_none;
}

void Ledger::snapshot(const CaseHistory& c, const CaseStep* state, bool stopped, int instant) {
  const int owner = state ? state->owner : k_none;
  if (owner < 0 || !bodies_[owner].in_scope) return;
  const Timestamp t = instants_[instant];
  // A stopped clock (suspend, e.g. 鉴定) is not late: no overdue notice goes out while it is
  // stopped, and when it runs again the due date moves by the stopped time (docs/calendar.md).
  const bool overdue_m =
      !stopped && state->due &&
      shanghai_midnight(CivilDate{std::chrono::sys_days{*state->due} + days{1}}) <= t;
  const bool overdue_h = c.reply_due && *c.reply_due <= t;
  const bool last = instant == periods_;
  const std::int64_t age = std::max<std::int64_t>(0, (t - c.received_at) / days{1});
  for (int g = 0; g < g_count; ++g) {
    const int k = key(static_cast<Grouping>(g), c, owner);
    auto& weeks = cells_[g][k];
    if (instant < periods_) ++weeks[instant].flows.open_start;
    if (instant > 0) {
      Cell& cell = weeks[instant - 1];
      ++cell.flows.open_end;
      cell.overdue_mediation += overdue_m;
      cell.overdue_hotline += overdue_h;
    }
    if (last) ages_[g][k].push_back(age);
  }
  if (last) {
    const bool provisional = state->due && (state->flags & k_step_provisional) != 0;
    provisional_open_ += provisional;
    OldCase old{c.id, input_.bodies[owner], bodies_[owner].name, input_.categories[c.category],
                age,  state->due,           provisional,         overdue_m};
    oldest_.emplace_back(c.received_at, std::move(old));
  }
}

void Ledger::flow(const CaseHistory& c, const CaseStep* before, const CaseStep& step, int week) {
  const int from_owner = before ? before->owner : k_none;
  for (int g = 0; g < g_count; ++g) {
    const int kf = key(static_cast<Grouping>(g), c, from_owner);
    const int kt = key(static_cast<Grouping>(g), c, step.owner);
    auto& cells = cells_[g];
    if (kf != kt && kt >= 0) {
      Flows& f = cells[kt][week].flows;
      if (from_owner < 0) {
        ++((step.flags & k_step_submitted) ? f.new_cases : f.reopened);
        if ((step.flags & (k_step_submitted | k_step_repeat)) == (k_step_submitted | k_step_repeat))
          ++f.repeats;
      } else {
        ++f.transferred_in;
        if (step.flags & k_step_escalated) ++f.escalated_in;
      }
    }
    if (kf != kt && kf >= 0) {
      Flows& f = cells[kf][week].flows;
      if (step.owner < 0) {
        switch (step.status) {
          case lifecycle::Status::resolved:
            ++f.resolved;
            break;
          case lifecycle::Status::failed:
            ++f.failed;
            break;
          default:
            ++f.withdrawn;
            break;  // the only other way out of the open states
        }
      } else {
        ++f.transferred_out;
        if (step.flags & k_step_escalated) ++f.escalated_out;
      }
    }
    if (step.notices > 0) {
      const int k = kt >= 0 ? kt : kf;
      if (k >= 0) cells[k][week].flows.supervision_notices += step.notices;
    }
  }
}

void Ledger::feedback(const CaseHistory& c, int holder, std::uint16_t flags, int week) {
  for (int g = 0; g < g_count; ++g) {
    const int k = key(static_cast<Grouping>(g), c, holder);
    if (k < 0) continue;
    Flows& f = cells_[g][k][week].flows;
    f.satisfied += (flags & k_step_satisfied) != 0;
    f.basically_satisfied += (flags & k_step_basically_satisfied) != 0;
    f.dissatisfied += (flags & k_step_dissatisfied) != 0;
  }
}

void Ledger::add(const CaseHistory& c) {
  const CaseStep* state = nullptr;
  bool stopped = false;  // the deadline clock is suspended in `state`
  int holder = k_none;   // the last body that held the case open: a rating is counted there
  int instant = 0;
  const Timestamp first = instants_.front(), last = instants_.back();
  // `step` happens at `at`: the snapshots of the instants up to it, then its flows.
  const auto take = [&](const CaseStep& step, Timestamp at) {
    while (instant <= periods_ && instants_[instant] <= at) snapshot(c, state, stopped, instant++);
    if (at >= first && at < last) {
      // Periods differ in length (months): the one whose start is the last at or before `at`.
      const int week = static_cast<int>(std::upper_bound(instants_.begin(), instants_.end(), at) -
                                        instants_.begin() - 1);
      if (step.through >= 0 && (state == nullptr || state->owner < 0)) {
        // Opened and closed within one instant: in at `through`, then out of it.
        CaseStep open = step;
        open.owner = step.through;
        open.status = lifecycle::Status::assigned;
        open.notices = 0;
        flow(c, state, open, week);
        flow(c, &open, step, week);
      } else {
        flow(c, state, step, week);
      }
      constexpr std::uint16_t k_rated =
          k_step_satisfied | k_step_basically_satisfied | k_step_dissatisfied;
      if ((step.flags & k_rated) != 0 && holder >= 0) feedback(c, holder, step.flags, week);
    }
    if (step.owner >= 0) {
      holder = step.owner;
    } else if (step.through >= 0) {
      holder = step.through;
    }
    // The lifecycle refuses to suspend a stopped clock or resume a running one, so a step with
    // both flags stopped and ran again (or the reverse) within its instant: no change.
    const bool suspended = (step.flags & k_step_suspended) != 0;
    if (suspended != ((step.flags & k_step_resumed) != 0)) stopped = suspended;
    state = &step;
  };
  // A case received before it was registered (an import of history) counts from the day it was
  // received (新收), as the store's report_start (store/internal/report_rows.hpp) that selects a
  // window's cases: new then at the body its registration gave it (the one that held it, if the
  // registration's instant also closed it), open there until the registration, which then
  // changes only what else that instant did.
  CaseStep received;
  if (!c.steps.empty() && c.received_at < c.steps.front().at) {
    const CaseStep& registered = c.steps.front();
    received = registered;
    received.notices = 0;
    received.through = -1;
    if (registered.owner < 0) {
      received.owner = registered.through;
      received.status = lifecycle::Status::assigned;
    }
    take(received, c.received_at);
  }
  for (const CaseStep& step : c.steps) take(step, step.at);
  while (instant <= periods_) snapshot(c, state, stopped, instant++);
}

// Nearest-rank percentile of sorted values.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, int pct) {
  std::size_t rank = (sorted.size() * static_cast<std::size_t>(pct) + 99) / 100;
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

UnitRow Ledger::row(Grouping g, int k, std::string key, std::string name) const {
  UnitRow r;
  r.key = std::move(key);
  r.name = std::move(name);
  const Cell& cell = cells_[g][k][periods_ - 1];
  r.flows = cell.flows;
  r.previous_open_end = cells_[g][k][periods_ - 2].flows.open_end;
  r.backlog.overdue_mediation = cell.overdue_mediation;
  r.backlog.overdue_hotline = cell.overdue_hotline;
  auto ages = ages_[g][k];
  std::sort(ages.begin(), ages.end());
  if (!ages.empty()) {
    r.backlog.median_age_days = percentile(ages, 50);
    r.backlog.p90_age_days = percentile(ages, 90);
  }
  for (auto a : ages) ++r.backlog.ageing[a <= 7 ? 0 : a <= 15 ? 1 : a <= 30 ? 2 : 3];
  return r;
}

bool is_empty(const UnitRow& r) { return r.flows == Flows{} && r.previous_open_end == 0; }

std::vector<UnitRow> Ledger::rows(Grouping g, const std::vector<std::string>& keys,
                                  bool keep_empty) const {
  std::vector<UnitRow> out;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    UnitRow r = row(g, static_cast<int>(k), keys[k], keys[k]);
    if (keep_empty || !is_empty(r)) out.push_back(std::move(r));
  }
  return out;
}

WeeklyReport Ledger::finish(const graph::BodyGraph* graph, const ReportQuery& query) && {
  WeeklyReport rep;
  rep.period = query.period;
  rep.start = period_start(query.period);
  rep.end = period_end(query.period);
  rep.generated_at = query.generated_at;
  if (instants_.back() != rep.end) rep.as_of = instants_.back();
  rep.options = query.options;
  rep.scope = query.scope;
  for (const auto& id : query.scope.bodies) {
    const auto index = graph ? graph->find(id) : std::nullopt;
    rep.scope_names.push_back(index ? graph->body(*index).name : id);
  }
  rep.graph_version = graph ? graph->version() : "";
  rep.store_seq = input_.last_seq;
  rep.total = row(g_total, 0, "all", "all");

  for (int k = 0; k < static_cast<int>(std::size(k_level_keys)); ++k) {
    UnitRow r = row(g_level, k, k_level_keys[k], k_level_keys[k]);
    if (!is_empty(r)) rep.levels.push_back(std::move(r));
  }
  rep.streets = rows(g_street, street_names_, false);
  for (std::size_t b = 0; b < bodies_.size(); ++b) {
    UnitRow r = row(g_body, static_cast<int>(b), input_.bodies[b], bodies_[b].name);
    if (is_empty(r)) continue;
    r.level = bodies_[b].level_name;
    r.street = bodies_[b].street_name;
    rep.bodies.push_back(std::move(r));
  }
  std::sort(rep.bodies.begin(), rep.bodies.end(),
            [](const UnitRow& a, const UnitRow& b) { return a.key < b.key; });
  if (graph) {
    for (graph::BodyIndex b = 0; b < graph->body_count(); ++b) {
      const auto& id = graph->body(b).id.value;
      if (!body_in_scope(graph, id, query.scope)) continue;
      const auto shown =
          std::lower_bound(rep.bodies.begin(), rep.bodies.end(), id,
                           [](const UnitRow& r, const std::string& key) { return r.key < key; });
      if (shown == rep.bodies.end() || shown->key != id) ++rep.quiet_bodies;
    }
    for (std::size_t i = 0; i + 3 < street_names_.size(); ++i) {
      if (!query.scope.street.empty() && !same_street(query.scope.street, street_names_[i]))
        continue;
      if (std::none_of(rep.streets.begin(), rep.streets.end(),
                       [&](const UnitRow& r) { return r.key == street_names_[i]; }))
        ++rep.quiet_streets;
    }
  }
  const auto by_open = [](const UnitRow& a, const UnitRow& b) {
    return a.flows.open_end != b.flows.open_end ? a.flows.open_end > b.flows.open_end
                                                : a.key < b.key;
  };
  rep.categories = rows(g_category, input_.categories, false);
  std::sort(rep.categories.begin(), rep.categories.end(), by_open);
  rep.channels = rows(g_channel, input_.channels, false);
  std::sort(rep.channels.begin(), rep.channels.end(), by_open);

  for (int w = 0; w < periods_; ++w) {
    const Cell& cell = cells_[g_total][0][w];
    rep.trend.push_back(TrendPoint{add_periods(query.period, w + 1 - periods_), cell.flows,
                                   cell.overdue_mediation, cell.overdue_hotline});
  }

  for (const auto& r : rep.bodies) {
    if (r.key.empty()) continue;  // "not yet routed" is not a unit that can fall behind
    if (r.backlog.overdue_mediation > 0 && r.flows.open_end >= query.options.overdue_min_open)
      rep.worst_overdue.push_back(r);
    if (r.growth() > 0) rep.largest_growth.push_back(r);
  }
  std::sort(rep.worst_overdue.begin(), rep.worst_overdue.end(),
            [](const UnitRow& a, const UnitRow& b) {
              if (a.overdue_ratio() != b.overdue_ratio())
                return a.overdue_ratio() > b.overdue_ratio();
              if (a.backlog.overdue_mediation != b.backlog.overdue_mediation)
                return a.backlog.overdue_mediation > b.backlog.overdue_mediation;
              return a.key < b.key;
            });
  std::sort(rep.largest_growth.begin(), rep.largest_growth.end(),
            [](const UnitRow& a, const UnitRow& b) {
              return a.growth() != b.growth() ? a.growth() > b.growth() : a.key < b.key;
            });
  if (rep.worst_overdue.size() > k_ranking_size) rep.worst_overdue.resize(k_ranking_size);
  if (rep.largest_growth.size() > k_ranking_size) rep.largest_growth.resize(k_ranking_size);

  const auto n = std::min<std::size_t>(k_ranking_size, oldest_.size());
  std::partial_sort(oldest_.begin(), oldest_.begin() + static_cast<std::ptrdiff_t>(n),
                    oldest_.end(), [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first < b.first
                                                : a.second.case_id < b.second.case_id;
                    });
  for (std::size_t i = 0; i < n; ++i) rep.oldest.push_back(std::move(oldest_[i].second));

  rep.provisional_open = provisional_open_;
  return rep;
}

// The scope's verdict per body of the input, as the Ledger decides it (for compute_clocks).
std::vector<bool> bodies_in_scope(const ReportInput& input, const graph::BodyGraph* graph,
                                  const ReportQuery& query) {
  std::vector<bool> out;
  for (const auto& id : input.bodies) {
    bool in = true;
    if (query.scope.level) {
      auto index = graph && !id.empty() ? graph->find(id) : std::nullopt;
      in = index && graph->body(*index).level == *query.scope.level;
    }
    if (!query.scope.bodies.empty() &&
        std::find(query.scope.bodies.begin(), query.scope.bodies.end(), id) ==
            query.scope.bodies.end())
      in = false;
    out.push_back(in);
  }
  return out;
}

}  // namespace

std::optional<double> UnitRow::resolution_rate() const {
  const auto mediated = flows.resolved + flows.failed;
  if (mediated == 0) return std::nullopt;
  return static_cast<double>(flows.resolved) / static_cast<double>(mediated);
}

std::optional<double> UnitRow::satisfaction_rate() const {
  if (flows.feedback() == 0) return std::nullopt;
  return static_cast<double>(flows.satisfied + flows.basically_satisfied) /
         static_cast<double>(flows.feedback());
}

WeeklyReport compute_weekly(const ReportInput& input, const graph::BodyGraph* graph,
                            const ReportQuery& query) {
  Ledger ledger(input, graph, query);
  for (const auto& c : input.cases) ledger.add(c);
  WeeklyReport rep = std::move(ledger).finish(graph, query);
  rep.clocks =
      compute_clocks(input, graph, rep.start, rep.end, bodies_in_scope(input, graph, query));
  rep.handling = compute_handling(input, graph, query.scope, query.calendar.get(),
                                  period_start(add_periods(query.period, -1)), rep.start,
                                  rep.as_of.value_or(rep.end));
  return rep;
}

}  // namespace tiaojie::report

#include "replay/replay.hpp"

#include <algorithm>
#include <string_view>
#include <tuple>

#include "graph/assign.hpp"
#include "replay/internal/stored_dispute.hpp"
#include "rules/classify.hpp"

namespace tiaojie::replay {
namespace {

// How much a changed field weighs when ranking affected cases: a new category sends the case to
// other people, a new lead body to another office; priority and deadline change its handling.
constexpr std::array<int, k_field_count> k_weight{4, 1, 2, 2, 1, 3};
constexpr std::size_t k_unreadable_kept = 20;

DecisionSummary summarise(const Classification& c, const BodyId& lead) {
  return DecisionSummary{c.category,
                         c.priority,
                         c.mode,
                         c.level,
                         c.deadline,
                         lead,
                         rule_name(c.category_rule),
                         rule_name(c.priority_rule),
                         rule_name(c.mode_rule),
                         rule_name(c.level_rule),
                         rule_name(c.deadline_rule),
                         c.rules_version};
}

// A recorded rule key ("table.rule_id", "" for a default) as the report names it.
std::string recorded_rule(const std::string& key) { return key.empty() ? "(default)" : key; }

DecisionSummary summarise(const store::RecordedClassification& c, const BodyId& lead) {
  return DecisionSummary{c.category,
                         c.priority,
                         c.mode,
                         c.level,
                         c.deadline,
                         lead,
                         recorded_rule(c.category_rule),
                         recorded_rule(c.priority_rule),
                         recorded_rule(c.mode_rule),
                         recorded_rule(c.level_rule),
                         recorded_rule(c.deadline_rule),
                         c.rules_version};
}

// The routing input whose decider explains a change of lead body.
RuleShift lead_cause(const store::RecordedClassification& before, const Classification& after) {
  if (before.category != after.category) {
    return {Field::lead, recorded_rule(before.category_rule), rule_name(after.category_rule)};
  }
  if (before.level != after.level) {
    return {Field::lead, recorded_rule(before.level_rule), rule_name(after.level_rule)};
  }
  if (before.mode != after.mode) {
    return {Field::lead, recorded_rule(before.mode_rule), rule_name(after.mode_rule)};
  }
  return {Field::lead, "(graph)", "(graph)"};
}

// (old, new) category pairs, looked up without building strings: most cases land on a pair
// already counted.
using PairView = std::pair<std::string_view, std::string_view>;
struct ViewLess {
  using is_transparent = void;
  bool operator()(const std::pair<std::string, std::string>& a,
                  const std::pair<std::string, std::string>& b) const {
    return a < b;
  }
  bool operator()(const std::pair<std::string, std::string>& a, const PairView& b) const {
    return PairView(a.first, a.second) < b;
  }
  bool operator()(const PairView& a, const std::pair<std::string, std::string>& b) const {
    return a < PairView(b.first, b.second);
  }
};

// Orders the kept cases so that the least affected is on top of the heap (popped first).
struct LessAffected {
  bool operator()(const AffectedCase& a, const AffectedCase& b) const {
    if (a.score != b.score) return a.score > b.score;
    return a.case_id < b.case_id;  // among equals, later cases leave first
  }
};

}  // namespace

std::string_view to_string(Field field) {
  switch (field) {
    case Field::category:
      return "category";
    case Field::priority:
      return "priority";
    case Field::mode:
      return "mode";
    case Field::level:
      return "level";
    case Field::deadline:
      return "deadline";
    case Field::lead:
      return "lead";
  }
  return "?";
}

std::string rule_name(const RuleRef& ref) { return recorded_rule(store::rule_key(ref)); }

struct Replayer::State {
  const rules::RuleSet& rules;
  const graph::BodyGraph& graph;
  ReplayOptions options;
  std::vector<std::uint32_t> load;       // the open load now, by BodyIndex (assign's view)
  std::map<BodyId, std::int64_t> now;    // the same by id (bodies outside the graph too)
  std::map<BodyId, std::int64_t> moved;  // projected − now, per body
  std::priority_queue<AffectedCase, std::vector<AffectedCase>, LessAffected> top;
  ReplayReport report;
  Dispute dispute;  // reused from case to case (its strings keep their capacity)
  std::map<std::pair<std::string, std::string>, std::int64_t, ViewLess> matrix;
  std::map<std::string, std::int64_t, std::less<>> versions;

  State(const rules::RuleSet& r, const graph::BodyGraph& g, ReplayOptions o)
      : rules(r), graph(g), options(o) {}

  void keep(AffectedCase affected) {
    if (options.top == 0) return;
    if (top.size() < options.top) {
      top.push(std::move(affected));
    } else if (LessAffected{}(affected, top.top())) {
      top.pop();
      top.push(std::move(affected));
    }
  }
};

Replayer::Replayer(const rules::RuleSet& rules, const graph::BodyGraph& graph,
                   const std::map<BodyId, std::int64_t>& open_load, ReplayOptions options)
    : state_(std::make_unique<State>(rules, graph, options)) {
  auto& s = *state_;
  s.now = open_load;
  s.load.assign(graph.body_count(), 0);
  for (const auto& [body, n] : open_load) {
    if (auto b = graph.find(body.value))
      s.load[*b] = static_cast<std::uint32_t>(std::max<std::int64_t>(n, 0));
  }
  s.report.since = options.since;
  s.report.until = options.until;
  s.report.rules_version = rules.version();
  s.report.graph_version = graph.version();
}

Replayer::~Replayer() = default;

Result<void> Replayer::add(const store::StoredDecision& stored,
                           const store::Store::CompleteDecision& complete) {
  auto& s = *state_;
  auto& report = s.report;
  ++report.cases;
  if (!stored.classification) {
    ++report.undecided;
    return ok;
  }
  // A row that fails its checksum is not what was stored: unreadable, whether or not it parses.
  if (stored.dispute.damaged || !internal::read_stored_dispute(stored.dispute.json, s.dispute)) {
    ++report.unreadable;
    if (report.unreadable_cases.size() < k_unreadable_kept) {
      report.unreadable_cases.push_back(stored.dispute.case_id);
    }
    return ok;
  }
  const store::RecordedClassification& before = *stored.classification;
  // The count the recorded decision saw (its links, fixed at submit), not one found again: a
  // rule on repeat_count then replays to the decision it made.
  s.dispute.repeat_count = before.repeat_count;
  const Dispute& dispute = s.dispute;
  ++report.compared;
  if (auto v = s.versions.find(before.rules_version); v != s.versions.end()) {
    ++v->second;
  } else {
    s.versions.emplace(before.rules_version, 1);
  }
  // The values first, without strings; the full classification only for a case that changed.
  const rules::Verdict verdict = rules::classify_verdict(s.rules, dispute);

  std::array<bool, k_field_count> changed{};
  changed[static_cast<int>(Field::category)] = before.category != verdict.category;
  changed[static_cast<int>(Field::priority)] = before.priority != verdict.priority;
  changed[static_cast<int>(Field::mode)] = before.mode != verdict.mode;
  changed[static_cast<int>(Field::level)] = before.level != verdict.level;
  // The decisions table keeps a deadline's length and unit, not its start event (store schema):
  // a stored decision reads back as counted from receipt, so the start event is not compared.
  changed[static_cast<int>(Field::deadline)] = before.deadline.days != verdict.deadline.days ||
                                               before.deadline.count != verdict.deadline.count;

  const PairView pair{before.category, verdict.category};
  if (auto m = s.matrix.find(pair); m != s.matrix.end()) {
    ++m->second;
  } else {
    s.matrix.emplace(std::pair<std::string, std::string>(pair), 1);
  }

  const bool routing_changed = changed[0] || changed[2] || changed[3];
  const bool reroute = routing_changed || !stored.assignment ||
                       stored.assignment->graph_version != s.graph.version();
  if (!reroute && std::none_of(changed.begin(), changed.end(), [](bool c) { return c; })) return ok;

  const Classification after = rules::classify(s.rules, dispute);
  const BodyId old_lead = stored.assignment ? stored.assignment->lead : BodyId{};
  BodyId new_lead = old_lead;
  if (reroute) new_lead = graph::assign(s.graph, graph::LoadView{s.load}, dispute, after).lead;
  changed[static_cast<int>(Field::lead)] = new_lead != old_lead;
  if (std::none_of(changed.begin(), changed.end(), [](bool c) { return c; })) return ok;
  // From here on the deciding rules' keys, the status and the body are read.
  if (complete) {
    if (auto r = complete(); !r) return r;
  }

  ++report.changed;
  AffectedCase affected;
  affected.case_id = stored.dispute.case_id;
  affected.received_at = stored.dispute.received_at;
  const std::array<std::pair<const std::string*, const RuleRef*>, 5> deciders{{
      {&before.category_rule, &after.category_rule},
      {&before.priority_rule, &after.priority_rule},
      {&before.mode_rule, &after.mode_rule},
      {&before.level_rule, &after.level_rule},
      {&before.deadline_rule, &after.deadline_rule},
  }};
  for (std::size_t f = 0; f < k_field_count; ++f) {
    if (!changed[f]) continue;
    const auto field = static_cast<Field>(f);
    ++report.changed_by_field[f];
    affected.changed.push_back(field);
    affected.score += k_weight[f];
    if (field == Field::lead) {
      ++report.rule_shifts[lead_cause(before, after)];
    } else {
      ++report.rule_shifts[{field, recorded_rule(*deciders[f].first),
                            rule_name(*deciders[f].second)}];
    }
  }
  if (changed[static_cast<int>(Field::lead)] && lifecycle::is_open(stored.status)) {
    // The case is open with its current body; under the new routing it would be with new_lead.
    const BodyId& from = stored.body.value.empty() ? old_lead : stored.body;
    if (!from.value.empty()) --s.moved[from];
    if (!new_lead.value.empty()) ++s.moved[new_lead];
  }
  if (s.options.top > 0) {
    affected.before = summarise(before, old_lead);
    affected.after = summarise(after, new_lead);
    s.keep(std::move(affected));
  }
  return ok;
}

ReplayReport Replayer::finish() {
  auto& s = *state_;
  auto& report = s.report;
  for (auto& [pair, n] : s.matrix) report.category_matrix[pair] += n;
  for (auto& [version, n] : s.versions) report.recorded_versions[version] += n;
  report.top.clear();
  while (!s.top.empty()) {
    report.top.push_back(s.top.top());
    s.top.pop();
  }
  std::reverse(report.top.begin(), report.top.end());

  std::map<BodyId, BodyLoad> bodies;
  auto body_load = [&](const BodyId& id) -> BodyLoad& {
    auto [it, inserted] = bodies.try_emplace(id);
    if (inserted) {
      it->second.body = id;
      if (auto b = s.graph.find(id.value)) it->second.capacity = s.graph.body(*b).capacity;
      if (auto n = s.now.find(id); n != s.now.end()) it->second.now = n->second;
      it->second.projected = it->second.now;
    }
    return it->second;
  };
  for (const auto& [id, delta] : s.moved) {
    if (delta != 0) body_load(id).projected += delta;
  }
  for (const auto& [id, n] : s.now) {
    if (auto b = s.graph.find(id.value); b && n > s.graph.body(*b).capacity) body_load(id);
  }
  for (auto& [id, load] : bodies) report.load.push_back(std::move(load));
  return std::move(report);
}

Result<ReplayReport> replay_store(store::Store& store, const rules::RuleSet& rules,
                                  const graph::BodyGraph& graph, const ReplayOptions& options) {
  auto load = store.open_load();
  if (!load) return std::unexpected(load.error());
  Replayer replayer(rules, graph, *load, options);
  // Every case is compared; the few that changed are read in full (for_each_decision_summary).
  Result<void> added = ok;
  auto r = store.for_each_decision_summary(
      options.since, options.until,
      [&](const store::StoredDecision& d, const store::Store::CompleteDecision& complete) {
        added = replayer.add(d, complete);
        return added.has_value();
      });
  if (!r) return std::unexpected(r.error());
  if (!added) return std::unexpected(added.error());
  return replayer.finish();
}

}  // namespace tiaojie::replay

// Replay (operators' what-if): classify and assign stored disputes again under a candidate rule
// set and body graph, and compare with the decision recorded when each arrived (issue 8,
// docs/operators.md).
//
// The core (Replayer) is pure: it takes StoredDecision values one at a time and folds them into
// a ReplayReport whose size is bounded by the rule set and the graph (category matrix, rule
// pairs, bodies) and by `top`, never by the number of cases: memory does not grow with the store.
// replay_store() drives it over a Store window and only reads the store.
//
// What counts as a change, per case:
//   category, priority, mode, level, deadline (days and day count): the new classification's
//     value differs from the recorded one;
//   lead: the new lead body differs from the recorded assignment's lead. A case is routed again
//     only when its routing inputs changed (category, mode or level) or when the graph given is
//     not the version that routed it; otherwise the recorded lead stands, because it depended on
//     the load at the time, which replay cannot see. When routed again, assignment sees the
//     store's open load now (what the case would meet if it arrived today).
// Each case is classified with the repeat count its recorded decision saw
// (RecordedClassification::repeat_count): the links were found at submit, under the rules of the
// time (a subject link depends on the category they gave), and are not searched for again.
// Cases the store holds without a recorded classification are counted (`undecided`) and not
// compared; a stored dispute that no longer parses is counted (`unreadable`) with its case id.
//
// Thread-safety: a Replayer is not thread-safe; the RuleSet and BodyGraph it reads may be shared.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "graph/body_graph.hpp"
#include "model/classification.hpp"
#include "model/error.hpp"
#include "model/time.hpp"
#include "rules/rule_set.hpp"
#include "store/store.hpp"

namespace tiaojie::replay {

// The decision fields replay compares, in report order.
enum class Field { category, priority, mode, level, deadline, lead };
inline constexpr std::size_t k_field_count = 6;
[[nodiscard]] std::string_view to_string(Field field);

// One side of a decision as the report shows it: values and the rules that decided them, never
// anything from the dispute itself (no description, no parties: no personal data).
struct DecisionSummary {
  std::string category;
  Priority priority = Priority::normal;
  Mode mode = Mode::people;
  Level level = Level::community;
  Deadline deadline;
  BodyId lead;  // empty: not assigned
  // "table.rule_id" of the rule that decided each field; "(default)" when none did.
  std::string category_rule, priority_rule, mode_rule, level_rule, deadline_rule;
  std::string rules_version;
};

// A case whose decision changed, with how much.
struct AffectedCase {
  store::CaseId case_id;
  Timestamp received_at{};
  int score = 0;  // weighted count of changed fields (see replay.cpp: category weighs most)
  std::vector<Field> changed;  // in Field order
  DecisionSummary before, after;
};

// The rules responsible for a changed field: the recorded decider and the new one.
struct RuleShift {
  Field field = Field::category;
  std::string before;  // "table.rule_id", "(default)"; for `lead`, the rule of the routing input
  std::string after;   // that changed ("category.neighbour → category.property"), or "(graph)"
  friend auto operator<=>(const RuleShift&, const RuleShift&) = default;
};

// Open load of one body: now, and projected under the new routing.
struct BodyLoad {
  BodyId body;
  std::uint32_t capacity = 0;  // 0 when the body is not in the graph given
  std::int64_t now = 0;        // open cases led by it now (the store's open load)
  std::int64_t projected = 0;  // after moving the window's open cases to their new lead
  [[nodiscard]] bool over() const { return capacity > 0 && projected > capacity; }
  // Within capacity now, over it under the new routing.
  [[nodiscard]] bool pushed_over() const { return over() && now <= capacity; }
};

struct ReplayOptions {
  Timestamp since{};  // window [since, until) of received_at
  Timestamp until{};
  std::size_t top = 20;  // how many most-affected cases to keep. Default: 20
};

struct ReplayReport {
  Timestamp since{}, until{};
  std::string rules_version;                              // the candidate rule set's version
  std::string graph_version;                              // the graph's version
  std::map<std::string, std::int64_t> recorded_versions;  // rules_version → cases decided by it

  std::int64_t cases = 0;       // disputes in the window
  std::int64_t compared = 0;    // with a recorded classification
  std::int64_t undecided = 0;   // without one
  std::int64_t unreadable = 0;  // stored JSON that no longer parses, or fails its checksum
  std::vector<store::CaseId> unreadable_cases;  // the first 20 of them
  std::int64_t changed = 0;                     // cases with at least one changed field
  std::array<std::int64_t, k_field_count> changed_by_field{};

  std::map<std::pair<std::string, std::string>, std::int64_t> category_matrix;  // (old, new) → n
  std::map<RuleShift, std::int64_t> rule_shifts;                                // → n
  std::vector<AffectedCase> top;  // most affected first (score, then case id)
  // Bodies whose load changes or that are over capacity under the new routing, by body id.
  std::vector<BodyLoad> load;

  [[nodiscard]] bool any_change() const { return changed > 0; }
};

// Folds stored decisions into a report.
class Replayer {
 public:
  // `open_load`: the store's open cases per lead body now (Store::open_load()).
  // The rule set and graph must outlive the Replayer.
  Replayer(const rules::RuleSet& rules, const graph::BodyGraph& graph,
           const std::map<BodyId, std::int64_t>& open_load, ReplayOptions options);
  ~Replayer();
  Replayer(const Replayer&) = delete;
  Replayer& operator=(const Replayer&) = delete;

  // Replays one stored case; problems with the case itself (no decision, unreadable JSON) are
  // counted in the report, never returned. With `complete` (a row of
  // Store::for_each_decision_summary), `stored` may lack the fields only a changed case's
  // explanation reads, and `complete` is called for such a case alone, before they are read.
  // Errors: only what `complete` returns.
  [[nodiscard]] Result<void> add(const store::StoredDecision& stored,
                                 const store::Store::CompleteDecision& complete = {});

  // The report so far (callable once at the end; the Replayer is spent after it).
  [[nodiscard]] ReplayReport finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Replays every stored dispute received in [options.since, options.until).
// Errors: what the store's reads return (io_error, internal); nothing is ever written.
[[nodiscard]] Result<ReplayReport> replay_store(store::Store& store, const rules::RuleSet& rules,
                                                const graph::BodyGraph& graph,
                                                const ReplayOptions& options);

// "table.rule_id", or "(default)" for an empty ref.
[[nodiscard]] std::string rule_name(const RuleRef& ref);

}  // namespace tiaojie::replay

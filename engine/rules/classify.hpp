// Classifying a dispute with a RuleSet, and explaining how the decision was reached.
//
// Pure functions: the same RuleSet and Dispute always give the same result; no clock, no I/O,
// no global state. Safe to call from many threads on one shared RuleSet.
//
// How a decision is made (docs/rules.md has the full story): the description is scanned once by
// the automaton of all keywords of all tables; then the tables run in order. Each table picks at
// most one winning rule (hit policy `first` or `unique`), and the winner's outcome is applied on
// top of what earlier tables (or the defaults) decided. A later table may overwrite a field an
// earlier table set; the field then names the later rule as its decider.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/classification.hpp"
#include "model/dispute.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::rules {

// Classifies `dispute`: every field of Classification, which rule decided each (empty RuleRef
// when the rule set's default applied), and rules.version().
[[nodiscard]] Classification classify(const RuleSet& rules, const Dispute& dispute);

// The compact form of a decision, without strings: what classify() computes before it fills a
// Classification. For hot paths (benchmarks, replay) that only need the winning rules.
// A rule is named by its index in RuleSet::tables()[t].rules; -1 = none.
struct Decision {
  static constexpr int k_max_tables = 16;  // more tables than this is a load error
  int winner[k_max_tables];                // per table, the index of its winning rule, or -1
  int table_count = 0;
};

// A whole classification by reference into the RuleSet: classify()'s values, the rule that
// decided each (by global index, global_rule_ref; -1 = the default applied) and each table's
// winner (whose outcomes carry the tags). Built without allocating; to_classification() turns it
// into the strings that are stored and shown. Valid while the RuleSet it came from lives: a
// caller that keeps one keeps the std::shared_ptr<const RuleSet> beside it.
struct Verdict {
  std::string_view category;  // points into the RuleSet
  Priority priority = Priority::normal;
  Mode mode = Mode::people;
  Level level = Level::community;
  Deadline deadline;
  int category_rule = -1, priority_rule = -1, mode_rule = -1, level_rule = -1, deadline_rule = -1;
  int table_winner[Decision::k_max_tables];  // per table, its winning rule's global index, or -1
  int table_count = 0;
};
// The Verdict of `dispute`: no allocation, no tags built, no explanation.
[[nodiscard]] Verdict classify_verdict(const RuleSet& rules, const Dispute& dispute);

// The Classification `verdict` stands for: classify(rules, d) ==
// to_classification(rules, classify_verdict(rules, d)). REQUIRES: `verdict` came from `rules`.
[[nodiscard]] Classification to_classification(const RuleSet& rules, const Verdict& verdict);

// The RuleRef of a global rule index as Verdict names it (empty for -1).
[[nodiscard]] RuleRef global_rule_ref(const RuleSet& rules, int global_index);

// Each table's winner, and nothing else.
// REQUIRES: nothing; any dispute is accepted (an empty description matches no keyword).
[[nodiscard]] Decision decide(const RuleSet& rules, const Dispute& dispute);

// The RuleRef naming rule `rule_index` of table `table_index`.
// REQUIRES: both indices valid for `rules`.
[[nodiscard]] RuleRef rule_ref(const RuleSet& rules, int table_index, int rule_index);

// What one table did for a dispute.
struct TableTrace {
  std::string table;
  HitPolicy hit = HitPolicy::first;
  RuleRef winner;                     // empty when no rule of the table matched
  std::vector<RuleRef> also_matched;  // rules that matched but lost, in evaluation order
  std::vector<std::string> fields;    // outcome fields the winner set ("category", "level", …)
};

// The full story of a decision, for `tiaojie explain` and the daemon's explain request.
struct Explanation {
  Classification classification;
  std::vector<std::string> keywords;  // keywords found in the description, in automaton order
  std::vector<TableTrace> tables;     // one per table, in the order they ran
};
[[nodiscard]] Explanation explain(const RuleSet& rules, const Dispute& dispute);

}  // namespace tiaojie::rules

// `tiaojie rules diff OLD NEW`: what changed between two rule sets, rule by rule and field by
// field, so that a reviewer reads the edit as the engine will see it (after loading, not as text).
//
// Rules are matched by (table name, rule id). A rule present in both with any field different is
// "changed", with one FieldChange per field. Tables are matched by name; a table is "changed"
// when its hit policy or order changed or when the evaluation order of the rules it keeps
// changed (a new priority can reorder a `first` table without any condition changing).
// Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "rules/rule_set.hpp"

namespace tiaojie::replay {

// One field that differs. Values are printed as in rule files: lists as ["a", "b"], absent
// values as "(none)". For keyword and set lists `added`/`removed` name the elements that moved.
struct FieldChange {
  std::string field;  // "when.keywords_any", "then.category", "priority", "hit", "order", …
  std::string before;
  std::string after;
  std::vector<std::string> added;    // list fields: elements only in `after`
  std::vector<std::string> removed;  // list fields: elements only in `before`
};

// A rule named by table and id, and where it is in the file that holds it.
struct RuleName {
  std::string table;
  std::string id;
  rules::SourcePos pos;
};

struct RuleChange {
  RuleName before;  // pos in the old set
  RuleName after;   // pos in the new set
  std::vector<FieldChange> fields;
};

struct TableChange {
  std::string table;
  std::vector<FieldChange> fields;  // "hit", "order", "rule order"
};

struct RuleSetDiff {
  std::string before_version, after_version;
  std::vector<std::string> tables_added, tables_removed;
  std::vector<TableChange> tables_changed;
  std::vector<RuleName> rules_added, rules_removed;
  std::vector<RuleChange> rules_changed;
  std::vector<std::string> categories_added, categories_removed;
  std::vector<FieldChange> defaults_changed;  // "category", "priority", … of [defaults]
  [[nodiscard]] bool empty() const;
};

// Everything `after` does differently from `before`, in table order then rule order.
[[nodiscard]] RuleSetDiff diff_rule_sets(const rules::RuleSet& before, const rules::RuleSet& after);

// The diff as text for a terminal, one line per change ("~ category.neighbour
// (rules/category.toml:40:1) when.keywords_any: +物业 −…"). "no differences\n" when empty.
[[nodiscard]] std::string format_diff_text(const RuleSetDiff& diff);

}  // namespace tiaojie::replay

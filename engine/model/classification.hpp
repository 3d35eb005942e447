// The outcome of classifying a dispute (design.md §4), with the rules that decided it.
#pragma once

#include <string>
#include <vector>

#include "model/enums.hpp"

namespace tiaojie {

// A statutory or local deadline: `days` counted as calendar or working days from receipt.
struct Deadline {
  int days = 30;
  DayCount count = DayCount::calendar;
  friend bool operator==(const Deadline&, const Deadline&) = default;
};

// Which rule of which table decided an outcome field. Empty when the field kept its default.
struct RuleRef {
  std::string table;    // rule table name (its file stem, e.g. "category")
  std::string rule_id;  // the rule's id inside that table
  std::string file;     // "rules/category.toml"
  int line = 0;         // where the rule starts, for explanations
  [[nodiscard]] bool empty() const { return rule_id.empty(); }
  friend bool operator==(const RuleRef&, const RuleRef&) = default;
};

struct Classification {
  std::string category = "other";  // stable English id: "labour", "medical", "public_security", …
  Priority priority = Priority::normal;
  Mode mode = Mode::people;
  Level level = Level::community;
  Deadline deadline;
  std::vector<std::string> tags;  // e.g. "group" for disputes with 10 or more parties

  // Which rule decided each field (empty RuleRef: the rule set's default applied).
  RuleRef category_rule;
  RuleRef priority_rule;
  RuleRef mode_rule;
  RuleRef level_rule;
  RuleRef deadline_rule;

  std::string rules_version;  // content hash of the rule set that decided this

  friend bool operator==(const Classification&, const Classification&) = default;
};

}  // namespace tiaojie

// The compact recorded decision (store.hpp): the one conversion from a Classification and an
// Assignment, shared by every backend's commit, rebuild and verify.
#include "store/store.hpp"

namespace tiaojie::store {

std::string rule_key(const RuleRef& ref) {
  if (ref.empty()) return {};
  return ref.table() + "." + ref.rule_id();
}

RecordedClassification recorded(const Classification& c, std::int64_t repeat_count) {
  return RecordedClassification{c.category,
                                c.priority,
                                c.mode,
                                c.level,
                                c.deadline,
                                rule_key(c.category_rule),
                                rule_key(c.priority_rule),
                                rule_key(c.mode_rule),
                                rule_key(c.level_rule),
                                rule_key(c.deadline_rule),
                                c.rules_version,
                                repeat_count};
}

RecordedAssignment recorded(const Assignment& a) {
  return RecordedAssignment{a.lead, a.graph_version};
}

}  // namespace tiaojie::store

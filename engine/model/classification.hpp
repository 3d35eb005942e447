// The outcome of classifying a dispute (design.md §4), with the rules that decided it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/enums.hpp"
#include "model/shared_text.hpp"

namespace tiaojie {

// A statutory or local deadline: `days` units (days, working days or months, per `count`) counted
// from the day after the `from` event's date (民法典 arts. 201–203; lifecycle/deadline.hpp).
struct Deadline {
  int days = 30;  // the number of units: days for calendar/working, months for months
  DayCount count = DayCount::calendar;
  DeadlineStart from = DeadlineStart::received;
  // A rule counting from a later event may also set a period from receipt that runs until that
  // event: calendar days within which the body must route or accept the case (信访工作条例 art. 22:
  // 15 days). 0: no date until the start event.
  int routing_days = 0;
  // Extensions the rule allows (docs/calendar.md "Suspension and extension"): at most
  // `extension_days` units in all (working days for a working-day period, calendar days
  // otherwise), in at most `max_extensions` extensions (0: any number within the cap).
  // extension_days == 0: none (信访工作条例 art. 34: 30 days, once; 医疗纠纷 art. 38: by agreement,
  // capped locally).
  int extension_days = 0;
  int max_extensions = 0;
  friend bool operator==(const Deadline&, const Deadline&) = default;
};

// Which rule of which table decided an outcome field. Empty when the field kept its default.
// Immutable, and its copies share one block of text with the rule set that made it: a
// classification copies five of these per dispute at one reference count each, where the texts
// as strings were heap allocations and as three shared texts three atomic counts (issue 19,
// docs/benchmarks.md "classify"). A copy keeps the text alive after a hot reload has dropped the
// rule set.
class RuleRef {
 public:
  RuleRef() = default;
  RuleRef(std::string table, std::string rule_id, std::string file, int line)
      : names_(std::make_shared<const Names>(
            Names{std::move(table), std::move(rule_id), std::move(file), line})) {}

  [[nodiscard]] const std::string& table() const { return names().table; }      // e.g. "category"
  [[nodiscard]] const std::string& rule_id() const { return names().rule_id; }  // within the table
  [[nodiscard]] const std::string& file() const { return names().file; }  // "rules/category.toml"
  [[nodiscard]] int line() const { return names().line; }                 // where the rule starts
  [[nodiscard]] bool empty() const { return rule_id().empty(); }

  friend bool operator==(const RuleRef& a, const RuleRef& b) {
    return a.names_ == b.names_ || a.names() == b.names();
  }

 private:
  struct Names {
    std::string table, rule_id, file;
    int line = 0;
    friend bool operator==(const Names&, const Names&) = default;
  };
  [[nodiscard]] const Names& names() const {
    static const Names none;
    return names_ ? *names_ : none;
  }
  std::shared_ptr<const Names> names_;  // null for the empty reference: a default costs nothing
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

  SharedText rules_version;  // content hash of the rule set that decided this

  friend bool operator==(const Classification&, const Classification&) = default;
};

}  // namespace tiaojie

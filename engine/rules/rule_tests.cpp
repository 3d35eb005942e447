#include "rules/rule_tests.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>

#include "rules/classify.hpp"

namespace tiaojie::rules {
namespace {

std::string decided_by(const RuleRef& ref) {
  return ref.empty() ? std::string("default") : fmt::format("{}/{}", ref.table(), ref.rule_id());
}

template <class T>
void check(std::vector<std::string>& failures, std::string_view field,
           const std::optional<T>& expected, const T& got, const RuleRef& ref) {
  if (expected && *expected != got) {
    failures.push_back(fmt::format("{}: expected {}, got {} (decided by {})", field, *expected, got,
                                   decided_by(ref)));
  }
}

std::string show(Priority v) { return std::string(to_string(v)); }
std::string show(Mode v) { return std::string(to_string(v)); }
std::string show(Level v) { return std::string(to_string(v)); }
std::string show(const Deadline& d) {
  std::string out =
      d.count == DayCount::months
          ? fmt::format("{} months from {}", d.days, to_string(d.from))
          : fmt::format("{} {} days from {}", d.days, to_string(d.count), to_string(d.from));
  if (d.routing_days != 0) out += fmt::format(" (routing: {} days from received)", d.routing_days);
  return out;
}

template <class T>
void check_enum(std::vector<std::string>& failures, std::string_view field,
                const std::optional<T>& expected, const T& got, const RuleRef& ref) {
  if (expected && !(*expected == got)) {
    failures.push_back(fmt::format("{}: expected {}, got {} (decided by {})", field,
                                   show(*expected), show(got), decided_by(ref)));
  }
}

}  // namespace

std::vector<RuleTestResult> run_rule_tests(const RuleSet& rules) {
  std::vector<RuleTestResult> results;
  for (const auto& test : rules.tests()) {
    RuleTestResult r{&test, true, {}};
    const auto ex = explain(rules, test.dispute);
    const auto& c = ex.classification;
    check(r.failures, "category", test.category, c.category, c.category_rule);
    check_enum(r.failures, "priority", test.priority, c.priority, c.priority_rule);
    check_enum(r.failures, "mode", test.mode, c.mode, c.mode_rule);
    check_enum(r.failures, "level", test.level, c.level, c.level_rule);
    check_enum(r.failures, "deadline", test.deadline, c.deadline, c.deadline_rule);
    if (test.tags) {
      auto want = *test.tags, got = c.tags;
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      if (want != got) {
        r.failures.push_back(fmt::format("tags: expected [{}], got [{}]", fmt::join(want, ", "),
                                         fmt::join(got, ", ")));
      }
    }
    if (test.rule) {
      auto it = std::find_if(ex.tables.begin(), ex.tables.end(),
                             [&](const TableTrace& t) { return t.table == test.table; });
      std::string got = it == ex.tables.end() ? std::string() : it->winner.rule_id();
      if (got != *test.rule) {
        r.failures.push_back(fmt::format("rule: expected table '{}' to pick {}, it picked {}",
                                         test.table,
                                         test.rule->empty() ? "no rule" : "'" + *test.rule + "'",
                                         got.empty() ? "no rule" : "'" + got + "'"));
      }
    }
    r.passed = r.failures.empty();
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace tiaojie::rules

// `tiaojie rules coverage [DIR] --corpus FILE`: the rule set scored on a corpus
// (rules/coverage.hpp).
#include <fmt/core.h>

#include <algorithm>

#include "cli/commands.hpp"
#include "rules/coverage.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::cli {
namespace {

void print_field(std::string_view name, std::size_t right, std::size_t of) {
  fmt::print("  {:<12}{:>5} / {:<5}{:>6.1f}%\n", name, right, of, rules::percent(right, of));
}

std::string decided_text(const Classification& c) {
  std::string tags;
  for (const auto& t : c.tags) tags += (tags.empty() ? "" : ",") + t;
  return fmt::format("{} {} {} police={} labour={} [{}] by {}/{}", c.category, to_string(c.mode),
                     to_string(c.level), rules::involves_police(c), rules::involves_labour(c), tags,
                     c.category_rule.empty() ? "default" : c.category_rule.table(),
                     c.category_rule.empty() ? "-" : c.category_rule.rule_id());
}

void print_misses(const rules::CoverageReport& report) {
  fmt::print("\nmisses ({}):\n", report.misses.size());
  for (const auto& m : report.misses) {
    const auto& e = m.record->expect;
    std::string wrong;
    for (const auto& w : m.wrong) wrong += (wrong.empty() ? "" : ",") + w;
    fmt::print(
        "  {} (line {}) wrong: {}\n    expected {} {} {} police={} labour={}\n    decided  {}\n    "
        "{}\n",
        m.record->id, m.record->line, wrong, e.category, to_string(e.mode), to_string(e.level),
        e.police, e.labour, decided_text(m.decided), m.record->dispute.description);
  }
}

}  // namespace

void rules_coverage_command(const std::string& rules_dir, const rules_coverage::Options& options) {
  auto checked = rules::check_rule_set(rules_dir);
  for (const auto& d : checked.diagnostics) {
    if (d.severity == rules::Diagnostic::Severity::error) fmt::print(stderr, "{}\n", d.to_string());
  }
  if (!checked.rules) throw CliExit{1};
  const auto& rule_set = *checked.rules;

  auto corpus = rules::parse_corpus(read_input(options.corpus_file));
  if (!corpus) {
    fmt::print(stderr, "{}: {}\n", options.corpus_file, corpus.error().to_string());
    throw CliExit{1};
  }
  const auto report = rules::measure_coverage(rule_set, *corpus);

  fmt::print("rules {} (version {}) on {}: {} records\n\n", rules_dir, rule_set.version(),
             options.corpus_file, report.records);
  fmt::print("  {:<12}{:>5}   {:<5}{:>7}\n", "field", "right", "of", "");
  print_field("category", report.category_right, report.records);
  print_field("mode", report.mode_right, report.records);
  print_field("level", report.level_right, report.records);
  print_field("police", report.police_right, report.records);
  print_field("labour", report.labour_right, report.records);
  print_field("all fields", report.all_right, report.records);

  fmt::print("\nper category (records, exact category, all fields):\n");
  for (const auto& c : report.categories) {
    fmt::print("  {:<16}{:>4}{:>8.1f}%{:>8.1f}%{}\n", c.id, c.records,
               rules::percent(c.category_right, c.records), rules::percent(c.all_right, c.records),
               c.records < options.min_records ? "  under-covered" : "");
  }
  const auto under = report.under_covered(options.min_records);
  fmt::print("\ncategories with fewer than {} records: {}\n", options.min_records, under.size());

  // Most frequent confusions first.
  std::vector<std::pair<std::pair<std::string, std::string>, std::size_t>> confusion(
      report.confusion.begin(), report.confusion.end());
  std::stable_sort(confusion.begin(), confusion.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  fmt::print("\ncategories confused (expected -> decided: records): {}\n", confusion.size());
  for (const auto& [pair, n] : confusion)
    fmt::print("  {} -> {}: {}\n", pair.first, pair.second, n);

  const auto unexercised = report.unexercised();
  fmt::print("\nrules never exercised (won no record): {} of {}\n", unexercised.size(),
             report.rules.size());
  for (const auto* u : unexercised) {
    fmt::print("  {} {}/{} (matched {})\n", u->rule->pos.to_string(), u->table, u->rule->id,
               u->matches);
  }
  if (options.show_misses) print_misses(report);

  bool failed = false;
  if (options.require_category > 0 &&
      rules::percent(report.category_right, report.records) < options.require_category) {
    fmt::print("\nexact category below the required {}%\n", options.require_category);
    failed = true;
  }
  if (options.require_all > 0 &&
      rules::percent(report.all_right, report.records) < options.require_all) {
    fmt::print("\nall fields below the required {}%\n", options.require_all);
    failed = true;
  }
  if (options.require_exercised && !unexercised.empty()) {
    fmt::print("\n{} rules unexercised\n", unexercised.size());
    failed = true;
  }
  if (failed) throw CliExit{1};
}

}  // namespace tiaojie::cli

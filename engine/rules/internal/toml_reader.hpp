// Reading one rule file with toml++ into plain structures, with an error diagnostic (at
// file:line:column) for every syntax error, unknown field, wrong type and bad value. This is the
// only place that sees toml++; its exceptions are converted here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/classification.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::rules::internal {

// Which outcome fields a [defaults] table set, and where.
struct DefaultsEntry {
  Classification values;  // fields not set keep Classification's own defaults
  SourcePos pos;
  std::optional<std::string> category;  // as written, for the unknown-category warning
};

// Everything one file declares. Rules keep file order here (sorting is the loader's job).
struct FileContent {
  std::optional<RuleTable> table;  // present when the file has [table] or [[rule]]
  std::vector<Category> categories;
  std::optional<DefaultsEntry> defaults;
  std::vector<RuleTestCase> tests;
  // Every category id the file mentions in an outcome, condition or test, with where.
  std::vector<std::pair<std::string, SourcePos>> category_uses;
  // Every street and community a rule's `when` names, each at its own array element, for the
  // checks against the body graph (rules/references.hpp).
  std::vector<std::pair<std::string, SourcePos>> decided_categories;  // then/defaults category
  std::vector<std::pair<std::string, SourcePos>> street_uses;
  std::vector<std::pair<std::string, SourcePos>> community_uses;
  // Ids of this file's rules that had an error of their own (an unknown field, a bad value): the
  // loader leaves them out of the shadow and overlap analysis, whose verdicts about a rule read
  // wrongly would only bury the one real error under derived ones.
  std::vector<std::string> broken_rules;
};

// Parses `contents` of file `name` (shown as `display_path` in diagnostics). Appends errors to
// `diagnostics`; the returned content holds whatever was read without error.
[[nodiscard]] FileContent read_rule_file(std::string_view name, std::string_view display_path,
                                         std::string_view contents,
                                         std::vector<Diagnostic>& diagnostics);

}  // namespace tiaojie::rules::internal

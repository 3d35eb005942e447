// The rule set: rule tables loaded from a folder of TOML files (docs/rules.md describes the
// language), validated, and compiled into one immutable snapshot that classify() reads.
//
// A RuleSet is built once by load_rule_set() and then only read: share it as
// std::shared_ptr<const RuleSet>. Every member function is const and thread-safe; a reload builds
// a new RuleSet and swaps the pointer (design.md §2).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/classification.hpp"
#include "model/dispute.hpp"
#include "model/enums.hpp"
#include "model/error.hpp"
#include "rules/references.hpp"

namespace tiaojie::rules {

namespace internal {
struct CompiledRules;  // the keyword automaton and rule programs (internal/compiled.hpp)
}

// A place in a rule file, as printed in every error and warning: "rules/labour.toml:12:5".
struct SourcePos {
  std::string file;  // the file's path as the loader was given it (dir / name)
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based, in code points as toml++ counts them
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

// How a table picks its winner among the rules that match a dispute.
enum class HitPolicy {
  first,   // the matching rule with the highest priority wins; equal priorities: earlier in file
  unique,  // at most one rule can match any dispute; overlapping rules are a load error
};
[[nodiscard]] std::string_view to_string(HitPolicy policy);

// What a rule asks of a dispute. Every condition given must hold; an absent one always holds.
// Keywords are UTF-8 substrings of the description (no normalisation: "欠薪" matches "欠薪"
// only). Streets match in any usual form ("凤阳", "凤阳街", "凤阳街道" are the same street).
struct Conditions {
  std::vector<std::string> keywords_any;         // at least one occurs
  std::vector<std::string> keywords_all;         // every one occurs
  std::vector<std::string> keywords_none;        // none occurs
  std::vector<std::string> channels;             // dispute.channel is one of these
  std::vector<std::string> streets;              // dispute.street is one of these (normalised)
  std::vector<std::string> communities;          // dispute.community is one of these (exact)
  std::vector<std::string> declared_categories;  // dispute.declared_category is one of these
  std::vector<std::string> categories;           // the category decided by earlier tables
  std::optional<std::int64_t> parties_min;       // parties >= n (absent parties: fails)
  std::optional<std::int64_t> parties_max;       // parties <= n (absent parties: fails)
  std::optional<double> amount_min;              // amount_claimed >= x (absent amount: fails)
  std::optional<double> amount_below;            // amount_claimed < x (absent amount: fails)
  std::optional<bool> injuries;                  // dispute.injuries == value
  // dispute.repeat_count >= n / <= n: earlier cases this one repeats (重复信访); always known
  // (0 for a first dispute), so an absent count never fails these.
  std::optional<std::int64_t> repeat_count_min;
  std::optional<std::int64_t> repeat_count_max;
};

// What a rule decides when it wins its table. Absent fields are left as earlier tables (or the
// rule set's defaults) set them. raise_* move the current value up by n steps (capped at
// district / urgent) after any absolute value of the same rule is applied.
struct Outcome {
  std::optional<std::string> category;
  std::optional<Priority> priority;
  std::optional<Mode> mode;
  std::optional<Level> level;
  int raise_priority = 0;
  int raise_level = 0;
  std::optional<Deadline> deadline;
  std::vector<std::string> tags;  // added to the dispute's tags (a set: no duplicates)
};

struct Rule {
  std::string id;    // unique inside its table
  int priority = 0;  // higher wins in a `first` table
  SourcePos pos;     // where its [[rule]] header is
  Conditions when;
  Outcome then;
};

// One rule table = one file with a [table] header or [[rule]] entries.
struct RuleTable {
  std::string name;  // [table] name; Default: the file's stem
  HitPolicy hit = HitPolicy::first;
  int order = 100;  // tables run by ascending order, then file name; Default: 100
  SourcePos pos;
  std::vector<Rule> rules;  // in evaluation order: priority descending, then file order
};

// A category declared by a [[category]] entry: the stable id and its labels.
struct Category {
  std::string id;        // "labour"
  std::string label_zh;  // "劳动争议"
  std::string label_en;  // "Labour dispute"
  SourcePos pos;
};

// An inline test case ([[test]] in a rule file), run by run_rule_tests().
struct RuleTestCase {
  std::string name;
  SourcePos pos;
  std::string table;  // the table of the file it sits in ("" when the file has none)
  Dispute dispute;
  // Expected outcome; absent fields are not checked.
  std::optional<std::string> category;
  std::optional<Priority> priority;
  std::optional<Mode> mode;
  std::optional<Level> level;
  std::optional<Deadline> deadline;
  std::optional<std::vector<std::string>> tags;  // compared as sets
  // The rule of this file's table that must win ("" = no rule of the table may match).
  std::optional<std::string> rule;
};

// A loaded file, kept so that the store can save the exact rule set that decided a case.
struct SourceFile {
  std::string name;      // file name relative to the folder ("labour.toml")
  std::string contents;  // bytes as read
  friend bool operator==(const SourceFile&, const SourceFile&) = default;
};

// An error or warning found while loading, at a place in a file.
struct Diagnostic {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  SourcePos pos;
  std::string message;
  // "rules/labour.toml:12:5: error: unknown field 'keyword_any'"
  [[nodiscard]] std::string to_string() const;
};

// The immutable, validated, compiled rule set.
class RuleSet {
 public:
  // Built by the loader only (load_rule_set); public for std::make_shared.
  RuleSet(std::vector<RuleTable> tables, std::vector<Category> categories, Classification defaults,
          std::vector<RuleTestCase> tests, std::vector<SourceFile> files, std::string version);
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  // Tables in the order they run.
  [[nodiscard]] std::span<const RuleTable> tables() const { return tables_; }
  [[nodiscard]] std::span<const Category> categories() const { return categories_; }
  // The category with this id, or nullptr.
  [[nodiscard]] const Category* find_category(std::string_view id) const;
  // The outcome when no rule decides a field ([defaults], else Classification's own defaults).
  [[nodiscard]] const Classification& defaults() const { return defaults_; }
  [[nodiscard]] std::span<const RuleTestCase> tests() const { return tests_; }
  // The loaded files, sorted by name: enough to rebuild this rule set (load_rule_set_from_files).
  [[nodiscard]] std::span<const SourceFile> files() const { return files_; }
  // Content hash: FNV-1a 64 over the files sorted by name, each as name, NUL, size in decimal,
  // NUL, contents; 16 lower-case hex digits. Same files, same version, on every machine.
  [[nodiscard]] const SharedText& version() const { return version_; }
  // Number of distinct keywords in the automaton (for benchmarks and `rules check`).
  [[nodiscard]] std::size_t keyword_count() const;
  [[nodiscard]] std::size_t rule_count() const;

  [[nodiscard]] const internal::CompiledRules& compiled() const { return *compiled_; }

 private:
  std::vector<RuleTable> tables_;
  std::vector<Category> categories_;
  Classification defaults_;
  std::vector<RuleTestCase> tests_;
  std::vector<SourceFile> files_;
  SharedText version_;  // shared with every classification it decides
  std::unique_ptr<const internal::CompiledRules> compiled_;
};

// A successfully loaded rule set and the warnings found on the way.
struct LoadedRuleSet {
  std::shared_ptr<const RuleSet> rules;
  std::vector<Diagnostic> warnings;
};

// Everything the loader found: the rule set when there were no errors, and every diagnostic
// (errors and warnings, in file order). For `tiaojie rules check`, which prints them all.
struct RuleSetReport {
  std::shared_ptr<const RuleSet> rules;  // null when `diagnostics` holds an error
  std::vector<Diagnostic> diagnostics;
  [[nodiscard]] bool has_errors() const;
};

// Loads every *.toml file directly in `dir` (sorted by name; subfolders are ignored).
// Never fails as a function: I/O errors (missing folder, unreadable file, no *.toml file) are
// error diagnostics too, at the folder or file.
// `refs`: what else the rules must agree with (the body graph, the channel formats); its checks
// add errors at file:line:column (rules/references.hpp). Default: nothing outside the files.
[[nodiscard]] RuleSetReport check_rule_set(const std::filesystem::path& dir,
                                           const References& refs = {});

// The same from file contents in memory ({file name → contents}), e.g. a past rule set kept in
// the store. `display_dir` is prefixed to file names in diagnostics ("rules" → "rules/x.toml").
[[nodiscard]] RuleSetReport check_rule_set_files(const std::map<std::string, std::string>& files,
                                                 std::string_view display_dir = {},
                                                 const References& refs = {});

// Loads and validates. On success: the snapshot and its warnings. On any error: Error with code
// invalid_input (io_error when the folder or a file cannot be read), `where` = the first error's
// file:line:column, and a message made of the first error's message followed by one line per
// further error ("\n" + Diagnostic::to_string()).
[[nodiscard]] Result<LoadedRuleSet> load_rule_set(const std::filesystem::path& dir);
[[nodiscard]] Result<LoadedRuleSet> load_rule_set_from_files(
    const std::map<std::string, std::string>& files, std::string_view display_dir = {});

// The street name without its suffix ("凤阳街道", "凤阳街" → "凤阳"): how streets are compared.
[[nodiscard]] std::string_view normalise_street(std::string_view street);

}  // namespace tiaojie::rules

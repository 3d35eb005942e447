// Measuring a rule set on a corpus of disputes with known answers (`tiaojie rules coverage`):
// how often each decided field is right, which rules no dispute exercises, which categories the
// corpus hardly covers, and which categories are mistaken for which.
//
// Pure functions over values, like classify(): the caller reads the corpus file and passes its
// text. The corpus format is described in tests/data/corpus/README.md: one JSON object a line,
//   {"id": "…", "dispute": {canonical dispute}, "expect": {"category": "…", "mode": "…",
//    "level": "…", "police": bool, "labour": bool}}
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/classification.hpp"
#include "model/dispute.hpp"
#include "model/error.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::rules {

// Who takes part in a decision beside the lead mode. A decision involves the police when its
// mode is joint_police or a rule tagged it "police" (a petition about domestic violence stays a
// petition and carries the tag); the labour-dispute joint centre likewise with joint_labour or
// the tag "labour". The tags are the rule tables' way to compose involvement with the mode.
[[nodiscard]] bool involves_police(const Classification& decision);
[[nodiscard]] bool involves_labour(const Classification& decision);

// What a corpus record says the decision should be.
struct CorpusExpectation {
  std::string category;
  Mode mode = Mode::people;
  Level level = Level::community;
  bool police = false;
  bool labour = false;
};

struct CorpusCase {
  std::string id;
  int line = 0;  // 1-based line of the record in the corpus text
  Dispute dispute;
  CorpusExpectation expect;
};

// Parses a corpus (NDJSON; blank lines are skipped). Errors (invalid_input, `where` = "line N"
// or "line N: dispute.<field>"): bad JSON, a record that is not an object, a missing or
// mistyped id, dispute or expect member, an unknown member, an invalid dispute, an unknown
// mode or level, a duplicate id, no record at all.
[[nodiscard]] Result<std::vector<CorpusCase>> parse_corpus(std::string_view ndjson);

// One record the rules got wrong in at least one field.
struct CorpusMiss {
  const CorpusCase* record = nullptr;  // points into the span given to measure_coverage
  Classification decided;
  std::vector<std::string> wrong;  // "category", "mode", "level", "police", "labour"
};

// How often one rule matched and won over the corpus.
struct RuleUse {
  std::string table;
  const Rule* rule = nullptr;  // points into the RuleSet
  std::size_t wins = 0;        // records whose table this rule won
  std::size_t matches = 0;     // records it matched, winning or not
};

struct CategoryCoverage {
  std::string id;
  std::size_t records = 0;         // records expecting this category
  std::size_t category_right = 0;  // of those, how many got it
  std::size_t all_right = 0;       // of those, how many got every field
};

struct CoverageReport {
  std::size_t records = 0;
  std::size_t category_right = 0, mode_right = 0, level_right = 0;
  std::size_t police_right = 0, labour_right = 0, all_right = 0;
  std::vector<CorpusMiss> misses;            // in corpus order
  std::vector<CategoryCoverage> categories;  // every declared category, in declaration order
  std::map<std::pair<std::string, std::string>, std::size_t> confusion;  // (expected, decided)
  std::vector<RuleUse> rules;  // every rule, tables in run order

  // Rules that won no record: the corpus never exercises them.
  [[nodiscard]] std::vector<const RuleUse*> unexercised() const;
  // Categories with fewer than `min_records` records (declared categories only).
  [[nodiscard]] std::vector<const CategoryCoverage*> under_covered(std::size_t min_records) const;
};

// Classifies every record with `rules` and compares. REQUIRES: `corpus` outlives the report.
[[nodiscard]] CoverageReport measure_coverage(const RuleSet& rules,
                                              std::span<const CorpusCase> corpus);

// 100 * part / whole, 0 for an empty whole.
[[nodiscard]] double percent(std::size_t part, std::size_t whole);

}  // namespace tiaojie::rules

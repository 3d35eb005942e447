// The compiled form of a RuleSet that classify() runs: one keyword automaton for all tables,
// per output state the keywords and candidate rules it reveals, and per rule a small program
// over interned ids. Built once by compile_rules(); read-only afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/classification.hpp"
#include "rules/internal/char_automaton.hpp"
#include "rules/internal/keyword_automaton.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::rules::internal {

// Maps strings to small dense ids; lookup by string_view without allocating.
class Interner {
 public:
  int intern(std::string_view text);
  // The id of `text`, or -1.
  [[nodiscard]] int find(std::string_view text) const;
  [[nodiscard]] std::size_t size() const { return names_.size(); }
  [[nodiscard]] const std::string& name(int id) const {
    return names_[static_cast<std::size_t>(id)];
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

// One rule, ready to test against a dispute. Keyword conditions are keyword ids; set conditions
// are sorted interned ids. The keywords_any condition is not here: a rule only becomes a
// candidate when one of its keywords_any was found (or when it has none).
struct RuleProgram {
  std::vector<std::uint32_t> all;
  std::vector<std::uint32_t> none;
  std::vector<int> channels, streets, communities, declared, categories;
  bool has_channels = false, has_streets = false, has_communities = false, has_declared = false,
       has_categories = false;
  std::optional<std::int64_t> parties_min, parties_max;
  std::optional<std::int64_t> repeat_count_min, repeat_count_max;
  std::optional<double> amount_min, amount_below;
  std::optional<bool> injuries;
  // Outcome, with the category interned (-1 = not set).
  int category = -1;
  const Outcome* outcome = nullptr;
};

struct CompiledRules {
  std::vector<std::string> keywords;  // keyword id → text
  // The scanner: by code point (chars) unless the keywords did not allow it (CharAutomaton::build),
  // then by byte (bytes). Output state numbers below are those of the one in use.
  std::optional<CharAutomaton> chars;
  KeywordAutomaton bytes;
  std::size_t keyword_words = 0;  // 64-bit words in a keyword bitset
  std::size_t rule_words = 0;     // 64-bit words in a rule bitset (global rule indices)
  std::vector<std::uint64_t> output_keywords;    // output state × keyword_words
  std::vector<std::uint64_t> output_candidates;  // output state × rule_words
  std::vector<std::uint64_t> always_candidates;  // rules with no keywords_any / keywords_all
  std::vector<RuleProgram> programs;             // global rule index → program
  std::vector<int> table_begin;                  // table t's rules are [begin[t], begin[t+1])
  // Global rule index → the rule as a classification records it. Made once, so that recording
  // a decision shares these texts instead of copying them (RuleRef).
  std::vector<RuleRef> refs;
  Interner channels, streets, communities, categories;
  int default_category = -1;
};

// Calls on_output(o) for each keyword end in `text` (see CharAutomaton::scan).
template <class OnOutput>
void scan_keywords(const CompiledRules& c, std::string_view text, OnOutput&& on_output) {
  if (c.chars) {
    c.chars->scan(text, on_output);
  } else {
    c.bytes.scan(text, on_output);
  }
}

// Compiles validated tables. REQUIRES: tables passed the loader's checks.
[[nodiscard]] CompiledRules compile_rules(const std::vector<RuleTable>& tables,
                                          const Classification& defaults);

}  // namespace tiaojie::rules::internal

// A byte-level Aho–Corasick automaton compiled into a DFA, for scanning a text once for every
// keyword of every rule.
//
// Why this shape: descriptions are UTF-8 and keywords are UTF-8 substrings; because UTF-8 is
// self-synchronising, a byte-level match of a valid UTF-8 keyword inside valid UTF-8 text always
// starts and ends on code point boundaries, so no decoding is needed. Bytes that occur in no
// keyword share class 0. classify() runs CharAutomaton (one step per code point, a third of the
// steps on Chinese text) and keeps this one for keyword sets that are not valid UTF-8; tests use
// it as the reference the code point automaton must agree with.
//
// Immutable after construction; scan() is const and thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/internal/dfa.hpp"

namespace tiaojie::rules::internal {

class KeywordAutomaton {
 public:
  KeywordAutomaton() = default;
  // REQUIRES: keywords are distinct and non-empty. Keyword i is reported as id i.
  explicit KeywordAutomaton(const std::vector<std::string>& keywords);

  // Number of output states: states where at least one keyword ends.
  [[nodiscard]] std::size_t output_count() const { return dfa_.output_count(); }
  // Ids of the keywords that end at output state `o` (its own and those of its suffixes).
  [[nodiscard]] std::span<const std::uint32_t> outputs(std::size_t o) const {
    return dfa_.outputs(o);
  }
  [[nodiscard]] std::size_t state_count() const { return dfa_.state_count; }

  // Calls on_output(o) for every position of `text` where a keyword ends, o being the output
  // state (0 <= o < output_count()); a keyword found n times is reported n times.
  template <class OnOutput>
  void scan(std::string_view text, OnOutput&& on_output) const {
    const std::uint32_t* next = rows_.data();
    const std::uint8_t* cls = class_of_;
    const std::uint32_t first_out = dfa_.first_output * dfa_.width;
    const std::uint32_t width = dfa_.width;
    std::uint32_t row = 0;
    for (unsigned char byte : text) {
      row = next[row + cls[byte]];
      if (row >= first_out) on_output((row - first_out) / width);
    }
  }

 private:
  std::uint8_t class_of_[256] = {};
  Dfa dfa_;
  // dfa_.next (moved here) with each entry pre-multiplied by the row width, so that a step is one
  // load
  // (`rows_[row + class]`).
  std::vector<std::uint32_t> rows_ = std::vector<std::uint32_t>(1, 0);
};

}  // namespace tiaojie::rules::internal

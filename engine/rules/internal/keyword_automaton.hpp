// A byte-level Aho–Corasick automaton compiled into a DFA, for scanning a description once for
// every keyword of every rule.
//
// Why this shape: descriptions are UTF-8 and keywords are UTF-8 substrings; because UTF-8 is
// self-synchronising, a byte-level match of a valid UTF-8 keyword inside valid UTF-8 text always
// starts and ends on code point boundaries, so no decoding is needed. The DFA has a full
// transition row per state over byte classes (bytes that occur in no keyword share class 0), and
// rows are stored pre-multiplied by the row width, so the inner loop is one load per byte.
// States that end a keyword are numbered last, so "is this an output state" is one compare.
//
// Immutable after construction; scan() is const and thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::rules::internal {

class KeywordAutomaton {
 public:
  KeywordAutomaton() = default;
  // REQUIRES: keywords are distinct and non-empty. Keyword i is reported as id i.
  explicit KeywordAutomaton(const std::vector<std::string>& keywords);

  // Number of output states: states where at least one keyword ends.
  [[nodiscard]] std::size_t output_count() const { return output_offsets_.empty() ? 0 : output_offsets_.size() - 1; }
  // Ids of the keywords that end at output state `o` (its own and those of its suffixes).
  [[nodiscard]] std::span<const std::uint32_t> outputs(std::size_t o) const {
    return {output_ids_.data() + output_offsets_[o], output_ids_.data() + output_offsets_[o + 1]};
  }
  [[nodiscard]] std::size_t state_count() const { return state_count_; }

  // Calls on_output(o) for every position of `text` where a keyword ends, o being the output
  // state (0 <= o < output_count()); a keyword found n times is reported n times.
  template <class OnOutput>
  void scan(std::string_view text, OnOutput&& on_output) const {
    const std::uint32_t* next = next_.data();
    const std::uint8_t* cls = class_of_;
    const std::uint32_t first_out = first_output_row_;
    const std::uint32_t width = width_;
    std::uint32_t row = 0;
    for (unsigned char byte : text) {
      row = next[row + cls[byte]];
      if (row >= first_out) on_output((row - first_out) / width);
    }
  }

 private:
  std::uint8_t class_of_[256] = {};
  std::uint32_t width_ = 1;            // number of byte classes
  std::uint32_t first_output_row_ = 1; // row offset of the first output state
  std::size_t state_count_ = 1;
  std::vector<std::uint32_t> next_ = std::vector<std::uint32_t>(1, 0);  // row offsets
  std::vector<std::uint32_t> output_offsets_;
  std::vector<std::uint32_t> output_ids_;
};

}  // namespace tiaojie::rules::internal

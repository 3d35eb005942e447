// The keyword automaton classify() runs: Aho–Corasick over Unicode code points, one DFA step per
// character of the text.
//
// Why: descriptions are Chinese, three UTF-8 bytes per character; the byte-level automaton
// (KeywordAutomaton) takes a dependent table load per byte, which made the scan most of
// classify's time. Decoding a character does not depend on the automaton's state, so the CPU
// overlaps it with the previous step; what remains serial is one load per character.
// The table is column-major with 16-bit state numbers: a character's column is found from its
// class off the serial path, the step is `state = column[state]`, and since states are numbered
// breadth-first the shallow states most steps visit sit in the first cache lines of each column
// (the shipped rules: 1,015 states × 532 classes, 1 MiB, where a row-major 32-bit table took 2
// MiB and missed the L2 cache once replay's SQLite pages shared it).
//
// Same answers as KeywordAutomaton, byte for byte, on any text (valid UTF-8 or not), for keywords
// that are valid UTF-8: a keyword starts with a byte that is never a continuation byte, so a
// well-formed sequence never straddles its start; a text byte that does not begin a well-formed
// sequence is consumed alone as class 0, which no keyword contains, exactly as it breaks any
// byte-level match. tests/rules/char_automaton_test.cpp checks this against the byte automaton.
//
// Immutable after construction; scan() is const and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/internal/dfa.hpp"

namespace tiaojie::rules::internal {

class CharAutomaton {
 public:
  CharAutomaton() = default;

  // The automaton of `keywords` (keyword i reported as id i), or nullopt when a keyword is not
  // valid UTF-8, or there would be more than 65,535 states or `max_cells` transitions (a rule
  // set with tens of thousands of keywords): the caller then uses KeywordAutomaton.
  // REQUIRES: keywords are distinct and non-empty.
  [[nodiscard]] static std::optional<CharAutomaton> build(const std::vector<std::string>& keywords,
                                                          std::size_t max_cells = std::size_t{1}
                                                                                  << 24);

  [[nodiscard]] std::size_t output_count() const { return dfa_.output_count(); }
  [[nodiscard]] std::span<const std::uint32_t> outputs(std::size_t o) const {
    return dfa_.outputs(o);
  }
  [[nodiscard]] std::size_t state_count() const { return dfa_.state_count; }

  // Calls on_output(o) for every position of `text` where a keyword ends, o being the output
  // state (0 <= o < output_count()); a keyword found n times is reported n times.
  template <class OnOutput>
  void scan(std::string_view text, OnOutput&& on_output) const {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const auto* const end = s + text.size();
    const std::uint16_t* columns = columns_.data();
    const std::uint32_t states = static_cast<std::uint32_t>(dfa_.state_count);
    const std::uint32_t first_out = dfa_.first_output;
    std::uint32_t state = 0;
    while (s < end) {
      std::uint32_t cls = 0;
      const unsigned b = *s;
      if (b < 0x80) {
        cls = class_of(b);
        ++s;
      } else if ((b & 0xF0) == 0xE0 && end - s >= 3 && (s[1] & 0xC0) == 0x80 &&
                 (s[2] & 0xC0) == 0x80) {
        const std::uint32_t cp = ((b & 0x0FU) << 12) | ((s[1] & 0x3FU) << 6) | (s[2] & 0x3FU);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
          cls = class_of(cp);
          s += 3;
        } else {
          ++s;  // overlong or surrogate: ill-formed from its first byte
        }
      } else {
        s += other(s, end, cls);
      }
      state = columns[cls * states + state];
      if (state >= first_out) on_output(state - first_out);
    }
  }

 private:
  static constexpr unsigned k_block_bits = 7;
  static constexpr std::uint32_t k_max_code_point = 0x10FFFF;

  std::uint32_t class_of(std::uint32_t cp) const {
    return block_class_[block_of_[cp >> k_block_bits] + (cp & ((1U << k_block_bits) - 1))];
  }
  // A two- or four-byte character, or an ill-formed byte: sets `cls`, returns the bytes taken.
  std::size_t other(const unsigned char* s, const unsigned char* end, std::uint32_t& cls) const;

  std::vector<std::uint32_t> block_of_;  // code point >> 7 → offset of its block in block_class_
  std::vector<std::uint16_t> block_class_;  // per block of 128 code points, each one's class
  Dfa dfa_;                                 // its `next` moved into columns_
  std::vector<std::uint16_t> columns_ =
      std::vector<std::uint16_t>(1, 0);  // [class × states + state]
};

}  // namespace tiaojie::rules::internal

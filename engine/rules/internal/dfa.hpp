// The Aho–Corasick DFA shared by the keyword automata: built from keywords already spelt as
// symbol classes, with a full transition row per state.
//
// States are numbered breadth-first, so the shallow states that most symbols of a text lead to
// have small numbers, and states that end a keyword are numbered last, so "is this an output
// state" is one compare. How text becomes classes, and how the table is laid out for scanning, is
// the automaton's business (bytes: KeywordAutomaton; code points: CharAutomaton). Immutable after
// construction.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace tiaojie::rules::internal {

struct Dfa {
  std::uint32_t width = 1;         // number of symbol classes (class 0: in no keyword)
  std::uint32_t first_output = 1;  // the first output state
  std::size_t state_count = 1;
  std::vector<std::uint32_t> next = std::vector<std::uint32_t>(1, 0);  // [state × width + class]
  std::vector<std::uint32_t> output_offsets;  // output state o's ids: [offsets[o], offsets[o+1])
  std::vector<std::uint32_t> output_ids;

  [[nodiscard]] std::size_t output_count() const {
    return output_offsets.empty() ? 0 : output_offsets.size() - 1;
  }
  [[nodiscard]] std::span<const std::uint32_t> outputs(std::size_t o) const {
    return {output_ids.data() + output_offsets[o], output_ids.data() + output_offsets[o + 1]};
  }
};

// The automaton before its table is laid out, for a scanner that lays it out its own way
// (CharAutomaton: column-major, 16-bit): `shape` is the Dfa without `next` (empty), `go` the
// full transitions in trie numbering (row s at s × width), and `number` maps a trie state to the
// number the Dfa gives it. Built as `State` so that a 16-bit table never passes through a 32-bit
// one: the shipped rules' 1,015 states × 532 classes are 1 MiB at 16 bits, and every load of a
// rule set (a hot reload, a fuzz execution) builds it.
template <class State>
struct DfaTransitions {
  Dfa shape;
  std::unique_ptr<State[]> go;  // [trie state × width + class] → trie state
  std::vector<std::uint32_t> number;
};

// REQUIRES: every keyword is non-empty, its classes are in [1, classes), and keywords are
// distinct; the trie (at most 1 + the keywords' total length states) has fewer states than
// State counts. Keyword i is reported as id i.
template <class State>
[[nodiscard]] DfaTransitions<State> build_dfa_transitions(
    const std::vector<std::vector<std::uint32_t>>& keywords, std::uint32_t classes);

// The same, laid out row-major with 32-bit states (`next`).
[[nodiscard]] Dfa build_dfa(const std::vector<std::vector<std::uint32_t>>& keywords,
                            std::uint32_t classes);

}  // namespace tiaojie::rules::internal

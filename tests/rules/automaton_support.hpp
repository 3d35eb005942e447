// What the keyword automata tests compare: the keyword ids an automaton finds in a text, and the
// same found by a plain substring search.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::test {

// Keyword ids found by `a` (KeywordAutomaton or CharAutomaton), as a set: all classify() takes.
template <class Automaton>
std::set<std::uint32_t> found(const Automaton& a, std::string_view text) {
  std::set<std::uint32_t> ids;
  a.scan(text, [&](std::size_t o) {
    for (auto id : a.outputs(o)) ids.insert(id);
  });
  return ids;
}

inline std::set<std::uint32_t> naive(const std::vector<std::string>& keywords,
                                     std::string_view text) {
  std::set<std::uint32_t> ids;
  for (std::uint32_t i = 0; i < keywords.size(); ++i) {
    if (text.find(keywords[i]) != std::string_view::npos) ids.insert(i);
  }
  return ids;
}

}  // namespace tiaojie::test

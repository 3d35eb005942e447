#include "rules/internal/dfa.hpp"

#include <algorithm>
#include <utility>

namespace tiaojie::rules::internal {
namespace {

// A trie node with its edges kept sparse: beyond the root, almost every node has one or two.
struct TrieNode {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;  // (class, child)
  std::vector<std::uint32_t> out;                              // ids of the keywords ending here
};

std::vector<TrieNode> build_trie(const std::vector<std::vector<std::uint32_t>>& keywords) {
  std::vector<TrieNode> trie(1);
  for (std::uint32_t id = 0; id < keywords.size(); ++id) {
    std::uint32_t s = 0;
    for (auto c : keywords[id]) {
      const auto& edges = trie[s].edges;
      auto edge = std::find_if(edges.begin(), edges.end(), [c](auto e) { return e.first == c; });
      if (edge != edges.end()) {
        s = edge->second;
        continue;
      }
      const auto child = static_cast<std::uint32_t>(trie.size());
      trie[s].edges.emplace_back(c, child);
      trie.emplace_back();
      s = child;
    }
    trie[s].out.push_back(id);
  }
  return trie;
}

}  // namespace

template <class State>
DfaTransitions<State> build_dfa_transitions(const std::vector<std::vector<std::uint32_t>>& keywords,
                                            std::uint32_t classes) {
  auto trie = build_trie(keywords);
  const auto n = trie.size();

  // Full transitions in trie numbering, filled breadth-first. A state's row is its failure
  // state's row, complete because that state is shallower, with the state's own edges laid over
  // it: a copy and a few stores per state instead of a decision per cell, which is what made
  // building the automaton the bulk of loading a rule set. The root's row defaults to itself (0);
  // every other row is written whole by its copy, so the table is not zeroed first.
  DfaTransitions<State> built;
  built.go.reset(new State[n * classes]);  // NOLINT(cppcoreguidelines-owning-memory): not zeroed
  State* const go = built.go.get();
  std::fill_n(go, classes, State{0});
  std::vector<std::uint32_t> fail(n, 0);
  std::vector<std::uint32_t> bfs_order{0};
  bfs_order.reserve(n);
  for (std::size_t i = 0; i < bfs_order.size(); ++i) {
    const auto s = bfs_order[i];
    State* row = go + std::size_t{s} * classes;
    if (s != 0) {
      const auto f = fail[s];
      std::copy_n(go + std::size_t{f} * classes, classes, row);
      const auto& inherited = trie[f].out;
      trie[s].out.insert(trie[s].out.end(), inherited.begin(), inherited.end());
    }
    for (auto [c, t] : trie[s].edges) {
      // Read before the store below: for a child of the root, row[c] is the root's own default.
      fail[t] = s == 0 ? 0 : go[std::size_t{fail[s]} * classes + c];
      row[c] = static_cast<State>(t);
      bfs_order.push_back(t);
    }
  }

  // Renumber: states without outputs first, in breadth-first order (root stays 0), so the
  // shallow states that almost every symbol of a description visits have neighbouring entries and
  // stay in cache; output states last.
  Dfa& dfa = built.shape;
  dfa.width = classes;
  dfa.next.clear();
  built.number.resize(n);
  std::uint32_t next_number = 0;
  for (auto s : bfs_order) {
    if (trie[s].out.empty()) built.number[s] = next_number++;
  }
  dfa.first_output = next_number;
  dfa.output_offsets.assign(1, 0);
  for (auto s : bfs_order) {
    auto& out = trie[s].out;
    if (!out.empty()) {
      built.number[s] = next_number++;
      std::sort(out.begin(), out.end());
      dfa.output_ids.insert(dfa.output_ids.end(), out.begin(), out.end());
      dfa.output_offsets.push_back(static_cast<std::uint32_t>(dfa.output_ids.size()));
    }
  }
  dfa.state_count = n;
  return built;
}

template DfaTransitions<std::uint16_t> build_dfa_transitions(
    const std::vector<std::vector<std::uint32_t>>&, std::uint32_t);
template DfaTransitions<std::uint32_t> build_dfa_transitions(
    const std::vector<std::vector<std::uint32_t>>&, std::uint32_t);

Dfa build_dfa(const std::vector<std::vector<std::uint32_t>>& keywords, std::uint32_t classes) {
  auto built = build_dfa_transitions<std::uint32_t>(keywords, classes);
  Dfa dfa = std::move(built.shape);
  const auto& number = built.number;
  const std::size_t n = dfa.state_count;
  dfa.next.resize(n * classes);
  for (std::size_t s = 0; s < n; ++s) {
    const auto* from = built.go.get() + s * classes;
    std::transform(from, from + classes, dfa.next.data() + std::size_t{number[s]} * classes,
                   [&number](std::uint32_t t) { return number[t]; });
  }
  return dfa;
}

}  // namespace tiaojie::rules::internal

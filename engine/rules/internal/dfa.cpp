#include "rules/internal/dfa.hpp"

#include <algorithm>
#include <deque>

namespace tiaojie::rules::internal {

Dfa build_dfa(const std::vector<std::vector<std::uint32_t>>& keywords, std::uint32_t classes) {
  // The trie; -1 = no edge. Node 0 is the root.
  std::vector<std::vector<std::int32_t>> go(1, std::vector<std::int32_t>(classes, -1));
  std::vector<std::vector<std::uint32_t>> out(1);
  for (std::uint32_t id = 0; id < keywords.size(); ++id) {
    std::int32_t s = 0;
    for (auto c : keywords[id]) {
      if (go[s][c] < 0) {
        go[s][c] = static_cast<std::int32_t>(go.size());
        go.emplace_back(classes, -1);
        out.emplace_back();
      }
      s = go[s][c];
    }
    out[s].push_back(id);
  }

  // Breadth-first: failure links, full DFA transitions, outputs inherited from the failure state.
  const auto n = go.size();
  std::vector<std::int32_t> fail(n, 0);
  std::deque<std::int32_t> queue;
  std::vector<std::int32_t> bfs_order{0};
  for (std::uint32_t c = 0; c < classes; ++c) {
    if (go[0][c] < 0) {
      go[0][c] = 0;
    } else {
      fail[go[0][c]] = 0;
      queue.push_back(go[0][c]);
    }
  }
  while (!queue.empty()) {
    auto s = queue.front();
    queue.pop_front();
    bfs_order.push_back(s);
    const auto& inherited = out[fail[s]];
    out[s].insert(out[s].end(), inherited.begin(), inherited.end());
    for (std::uint32_t c = 0; c < classes; ++c) {
      auto t = go[s][c];
      if (t < 0) {
        go[s][c] = go[fail[s]][c];
      } else {
        fail[t] = go[fail[s]][c];
        queue.push_back(t);
      }
    }
  }

  // Renumber: states without outputs first, in breadth-first order (root stays 0), so the
  // shallow states that almost every symbol of a description visits have neighbouring entries and
  // stay in cache; output states last.
  Dfa dfa;
  dfa.width = classes;
  std::vector<std::uint32_t> number(n);
  std::uint32_t next_number = 0;
  for (auto s : bfs_order) {
    if (out[static_cast<std::size_t>(s)].empty())
      number[static_cast<std::size_t>(s)] = next_number++;
  }
  const std::uint32_t first_output = next_number;
  dfa.output_offsets.assign(1, 0);
  for (auto s32 : bfs_order) {
    const auto s = static_cast<std::size_t>(s32);
    if (!out[s].empty()) {
      number[s] = next_number++;
      std::sort(out[s].begin(), out[s].end());
      dfa.output_ids.insert(dfa.output_ids.end(), out[s].begin(), out[s].end());
      dfa.output_offsets.push_back(static_cast<std::uint32_t>(dfa.output_ids.size()));
    }
  }
  dfa.state_count = n;
  dfa.first_output = first_output;
  dfa.next.assign(n * classes, 0);
  for (std::size_t s = 0; s < n; ++s) {
    for (std::uint32_t c = 0; c < classes; ++c) {
      dfa.next[number[s] * classes + c] = number[static_cast<std::size_t>(go[s][c])];
    }
  }
  return dfa;
}

}  // namespace tiaojie::rules::internal

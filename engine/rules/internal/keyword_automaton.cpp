#include "rules/internal/keyword_automaton.hpp"

#include <algorithm>
#include <deque>
#include <limits>

namespace tiaojie::rules::internal {

KeywordAutomaton::KeywordAutomaton(const std::vector<std::string>& keywords) {
  // Byte classes: every byte used by a keyword gets its own class; all others share class 0.
  std::uint32_t classes = 1;
  for (const auto& k : keywords) {
    for (unsigned char b : k) {
      if (class_of_[b] == 0) class_of_[b] = static_cast<std::uint8_t>(classes++);
    }
  }
  width_ = classes;

  // The trie; -1 = no edge. Node 0 is the root.
  std::vector<std::vector<std::int32_t>> go(1, std::vector<std::int32_t>(classes, -1));
  std::vector<std::vector<std::uint32_t>> out(1);
  for (std::uint32_t id = 0; id < keywords.size(); ++id) {
    std::int32_t s = 0;
    for (unsigned char b : keywords[id]) {
      auto c = class_of_[b];
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
  // shallow states that almost every byte of a description visits have neighbouring rows and
  // stay in the L1 cache; output states last.
  std::vector<std::uint32_t> number(n);
  std::uint32_t next_number = 0;
  for (auto s : bfs_order) {
    if (out[static_cast<std::size_t>(s)].empty()) number[static_cast<std::size_t>(s)] = next_number++;
  }
  const std::uint32_t first_output = next_number;
  output_offsets_.assign(1, 0);
  for (auto s32 : bfs_order) {
    const auto s = static_cast<std::size_t>(s32);
    if (!out[s].empty()) {
      number[s] = next_number++;
      std::sort(out[s].begin(), out[s].end());
      output_ids_.insert(output_ids_.end(), out[s].begin(), out[s].end());
      output_offsets_.push_back(static_cast<std::uint32_t>(output_ids_.size()));
    }
  }
  state_count_ = n;
  first_output_row_ = first_output * width_;
  next_.assign(n * width_, 0);
  for (std::size_t s = 0; s < n; ++s) {
    for (std::uint32_t c = 0; c < classes; ++c) {
      next_[number[s] * width_ + c] = number[static_cast<std::size_t>(go[s][c])] * width_;
    }
  }
}

}  // namespace tiaojie::rules::internal

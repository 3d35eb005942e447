#include "rules/internal/keyword_automaton.hpp"

namespace tiaojie::rules::internal {

KeywordAutomaton::KeywordAutomaton(const std::vector<std::string>& keywords) {
  // Byte classes: every byte used by a keyword gets its own class; all others share class 0.
  std::uint32_t classes = 1;
  std::vector<std::vector<std::uint32_t>> spelt;
  spelt.reserve(keywords.size());
  for (const auto& k : keywords) {
    auto& symbols = spelt.emplace_back();
    for (unsigned char b : k) {
      if (class_of_[b] == 0) class_of_[b] = static_cast<std::uint8_t>(classes++);
      symbols.push_back(class_of_[b]);
    }
  }
  dfa_ = build_dfa(spelt, classes);
  rows_ = std::move(dfa_.next);
  dfa_.next.clear();
  for (auto& r : rows_) r *= classes;
}

}  // namespace tiaojie::rules::internal

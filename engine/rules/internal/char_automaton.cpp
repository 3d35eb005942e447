#include "rules/internal/char_automaton.hpp"

#include <limits>
#include <unordered_map>

#include "model/utf8.hpp"

namespace tiaojie::rules::internal {
namespace {

// The code points of valid UTF-8 `text`.
std::vector<std::uint32_t> code_points(std::string_view text) {
  std::vector<std::uint32_t> out;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = s + text.size();
  while (s < end) {
    const unsigned b = *s;
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    std::uint32_t cp = n == 1 ? b : n == 2 ? (b & 0x1FU) : n == 3 ? (b & 0x0FU) : (b & 0x07U);
    for (int i = 1; i < n; ++i) cp = (cp << 6) | (s[i] & 0x3FU);
    out.push_back(cp);
    s += n;
  }
  return out;
}

}  // namespace

std::optional<CharAutomaton> CharAutomaton::build(const std::vector<std::string>& keywords,
                                                  std::size_t max_cells) {
  std::unordered_map<std::uint32_t, std::uint32_t> class_of_cp;  // class 0: in no keyword
  std::vector<std::vector<std::uint32_t>> spelt;
  spelt.reserve(keywords.size());
  std::size_t states = 1;  // an upper bound: one trie node per keyword character
  for (const auto& k : keywords) {
    if (!is_valid_utf8(k)) return std::nullopt;
    auto& symbols = spelt.emplace_back(code_points(k));
    states += symbols.size();
    for (auto& cp : symbols) {
      cp = class_of_cp.try_emplace(cp, static_cast<std::uint32_t>(class_of_cp.size() + 1))
               .first->second;
    }
  }
  const std::size_t classes = class_of_cp.size() + 1;
  constexpr std::size_t k_max = std::numeric_limits<std::uint16_t>::max();
  if (classes > k_max || states > k_max || states * classes > max_cells) {
    return std::nullopt;
  }

  CharAutomaton a;
  constexpr std::uint32_t block = 1U << k_block_bits;
  // Block 0 is all class 0: code points in no keyword's block share it.
  a.block_of_.assign((k_max_code_point >> k_block_bits) + 1, 0);
  a.block_class_.assign(block, 0);
  for (const auto& [cp, cls] : class_of_cp) {
    auto& offset = a.block_of_[cp >> k_block_bits];
    if (offset == 0) {
      offset = static_cast<std::uint32_t>(a.block_class_.size());
      a.block_class_.resize(a.block_class_.size() + block, 0);
    }
    a.block_class_[offset + (cp & (block - 1))] = static_cast<std::uint16_t>(cls);
  }
  // Straight from the 16-bit transitions in trie numbering to the renumbered columns.
  auto built = build_dfa_transitions<std::uint16_t>(spelt, static_cast<std::uint32_t>(classes));
  a.dfa_ = std::move(built.shape);
  const std::size_t n = a.dfa_.state_count;
  const auto& number = built.number;
  a.columns_.resize(n * classes);
  for (std::size_t s = 0; s < n; ++s) {
    const std::uint16_t* row = built.go.get() + s * classes;
    std::uint16_t* column_entry = a.columns_.data() + number[s];
    for (std::size_t c = 0; c < classes; ++c) {
      column_entry[c * n] = static_cast<std::uint16_t>(number[row[c]]);
    }
  }
  return a;
}

std::size_t CharAutomaton::other(const unsigned char* s, const unsigned char* end,
                                 std::uint32_t& cls) const {
  // Well-formed sequences as Unicode's table 3-7 has them; anything else is one byte of class 0.
  cls = 0;
  const unsigned b = s[0];
  const auto left = end - s;
  auto cont = [s](int i) { return (s[i] & 0xC0U) == 0x80U; };
  if (b >= 0xC2 && b <= 0xDF && left >= 2 && cont(1)) {
    cls = class_of(((b & 0x1FU) << 6) | (s[1] & 0x3FU));
    return 2;
  }
  if (b >= 0xF0 && b <= 0xF4 && left >= 4 && cont(1) && cont(2) && cont(3)) {
    const std::uint32_t cp =
        ((b & 0x07U) << 18) | ((s[1] & 0x3FU) << 12) | ((s[2] & 0x3FU) << 6) | (s[3] & 0x3FU);
    if (cp >= 0x10000 && cp <= k_max_code_point) {
      cls = class_of(cp);
      return 4;
    }
  }
  return 1;
}

}  // namespace tiaojie::rules::internal

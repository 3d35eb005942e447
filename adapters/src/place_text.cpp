#include "internal/place_text.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace tiaojie::adapters::internal {
namespace {

// Traditional → simplified, for the characters of the district's streets, communities, the
// other districts of Guangzhou, and the words of an address. Add pairs as they turn up.
constexpr std::array<std::pair<std::string_view, std::string_view>, 60> k_traditional{{
    {"區", "区"}, {"鳳", "凤"}, {"陽", "阳"}, {"華", "华"}, {"崗", "岗"}, {"園", "园"},
    {"頭", "头"}, {"寶", "宝"}, {"龍", "龙"}, {"濱", "滨"}, {"廣", "广"}, {"東", "东"},
    {"號", "号"}, {"門", "门"}, {"灣", "湾"}, {"雲", "云"}, {"從", "从"}, {"黃", "黄"},
    {"務", "务"}, {"辦", "办"}, {"處", "处"}, {"鎮", "镇"}, {"鄉", "乡"}, {"縣", "县"},
    {"橋", "桥"}, {"場", "场"}, {"廠", "厂"}, {"後", "后"}, {"麗", "丽"}, {"興", "兴"},
    {"國", "国"}, {"業", "业"}, {"際", "际"}, {"會", "会"}, {"館", "馆"}, {"醫", "医"},
    {"學", "学"}, {"經", "经"}, {"濟", "济"}, {"開", "开"}, {"發", "发"}, {"環", "环"},
    {"線", "线"}, {"鐵", "铁"}, {"車", "车"}, {"個", "个"}, {"島", "岛"}, {"莊", "庄"},
    {"嶺", "岭"}, {"滄", "沧"}, {"瀝", "沥"}, {"聯", "联"}, {"豐", "丰"}, {"樓", "楼"},
    {"層", "层"}, {"單", "单"}, {"員", "员"}, {"廳", "厅"}, {"裡", "里"}, {"與", "与"},
}};

}  // namespace

std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > text.size()) len = 1;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) len = 1;
    }
    out.push_back(text.substr(i, len));
    i += len;
  }
  return out;
}

std::string fold_traditional(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (auto ch : characters(text)) {
    auto it = std::find_if(k_traditional.begin(), k_traditional.end(),
                           [&](const auto& p) { return p.first == ch; });
    out += it == k_traditional.end() ? ch : it->second;
  }
  return out;
}

std::size_t edit_distance(std::span<const std::string_view> a, std::span<const std::string_view> b,
                          std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return std::min(row[b.size()], limit + 1);
}

std::vector<NearMiss> near_misses(std::string_view text, std::span<const std::string> names,
                                  std::string_view suffix) {
  std::vector<NearMiss> out;
  auto chars = characters(text);
  std::vector<std::vector<std::string_view>> name_chars;
  for (const auto& n : names) name_chars.push_back(characters(n));
  std::size_t offset = 0;  // byte offset of chars[i]
  for (std::size_t i = 0; i < chars.size(); offset += chars[i].size(), ++i) {
    if (!text.substr(offset).starts_with(suffix)) continue;
    // The place is written exactly: nothing to correct here.
    bool exact = false;
    for (const auto& n : names) {
      if (offset >= n.size() && text.substr(offset - n.size(), n.size()) == n) exact = true;
    }
    if (exact) continue;
    // Every reading of the characters before the suffix that is one edit from a name: "南华舟街"
    // is near both 华洲 (华舟) and 南华西 (南华舟), and then a person must choose.
    NearMiss miss;
    for (std::size_t len = 2; len <= 5 && len <= i; ++len) {
      std::span<const std::string_view> written(chars.data() + (i - len), len);
      for (std::size_t k = 0; k < names.size(); ++k) {
        if (name_chars[k].size() < 2 || edit_distance(written, name_chars[k], 1) != 1) continue;
        if (std::find(miss.names.begin(), miss.names.end(), names[k]) != miss.names.end()) continue;
        miss.names.push_back(names[k]);
        if (miss.written.empty() || len > characters(miss.written).size()) {
          miss.written.clear();
          for (auto c : written) miss.written += c;
        }
      }
    }
    if (!miss.names.empty()) out.push_back(std::move(miss));
  }
  return out;
}

}  // namespace tiaojie::adapters::internal

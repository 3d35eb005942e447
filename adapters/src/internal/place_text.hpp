// Text helpers of address resolution: folding traditional characters, and finding place names
// written with a typo. Internal to tiaojie::adapters (gazetteer.cpp uses them).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::adapters::internal {

// `text` with the traditional forms of the characters that occur in Guangzhou place names and
// the words around them (區, 鳳, 陽, 華, 崗, 園, 頭, 寶, 龍, 濱 …) replaced by the simplified ones.
// A small table, not a converter: enough to read "海珠區鳳陽街" as "海珠区凤阳街".
[[nodiscard]] std::string fold_traditional(std::string_view text);

// The characters (code points, as UTF-8 slices) of `text`. Invalid bytes are single characters.
[[nodiscard]] std::vector<std::string_view> characters(std::string_view text);

// Levenshtein distance over characters; counting stops at `limit + 1`.
[[nodiscard]] std::size_t edit_distance(std::span<const std::string_view> a,
                                        std::span<const std::string_view> b, std::size_t limit);

// A name of `names` written with one character wrong, missing or extra right before `suffix`
// ("凤杨街" for 凤阳 before "街"). Only names of two or more characters; a place where some name
// is written exactly is not a near miss.
struct NearMiss {
  std::string written;             // "凤杨"
  std::vector<std::string> names;  // every name at distance 1 ("凤阳"); more than one: ambiguous
};
[[nodiscard]] std::vector<NearMiss> near_misses(std::string_view text,
                                                std::span<const std::string> names,
                                                std::string_view suffix);

}  // namespace tiaojie::adapters::internal

// Text helpers for tests: edits of a fixture (a loader fed a variant of a known-good file), the
// line a loader's diagnostic should name, and whether an output holds a phrase.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

namespace tiaojie::test {

// `text` with the first `from` replaced by `to`; `from` must occur.
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// Whether `part` occurs in `text` (CHECK(contains_text(out, "…")) prints both when it fails).
inline bool contains_text(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// 1-based line of the first occurrence of `needle` (after `from`, if given) in `text`.
inline int line_of(const std::string& text, const std::string& needle,
                   const std::string& from = {}) {
  const auto start = from.empty() ? 0 : text.find(from);
  const auto at = text.find(needle, start);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

}  // namespace tiaojie::test

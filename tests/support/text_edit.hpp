// Edits of a fixture's text for tests that feed a loader a variant of a known-good file, and the
// line a loader's diagnostic should name.
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

// 1-based line of the first occurrence of `needle` (after `from`, if given) in `text`.
inline int line_of(const std::string& text, const std::string& needle,
                   const std::string& from = {}) {
  const auto start = from.empty() ? 0 : text.find(from);
  const auto at = text.find(needle, start);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

}  // namespace tiaojie::test

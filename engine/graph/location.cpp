#include "graph/location.hpp"

#include <array>

namespace tiaojie::graph {
namespace {

constexpr std::string_view k_ideographic_space = "\u3000";

bool strip_suffix(std::string_view& s, std::string_view suffix) {
  if (s.size() > suffix.size() && s.ends_with(suffix)) {
    s.remove_suffix(suffix.size());
    return true;
  }
  return false;
}

bool strip_prefix(std::string_view& s, std::string_view prefix) {
  if (!prefix.empty() && s.size() > prefix.size() && s.starts_with(prefix)) {
    s.remove_prefix(prefix.size());
    return true;
  }
  return false;
}

}  // namespace

std::string_view trim_name(std::string_view s) {
  for (bool changed = true; changed;) {
    changed = false;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
      s.remove_prefix(1), changed = true;
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1), changed = true;
    if (s.starts_with(k_ideographic_space))
      s.remove_prefix(k_ideographic_space.size()), changed = true;
    if (s.ends_with(k_ideographic_space))
      s.remove_suffix(k_ideographic_space.size()), changed = true;
  }
  return s;
}

std::string_view street_key(std::string_view name) {
  auto s = trim_name(name);
  // "街道" first: stripping "街" alone would leave "凤阳街道" as "凤阳街道" minus nothing.
  if (!strip_suffix(s, "街道")) strip_suffix(s, "街");
  return s;
}

std::string_view community_key(std::string_view name, std::string_view street) {
  auto s = trim_name(name);
  constexpr std::array<std::string_view, 4> committee_suffixes = {"居民委员会", "居委会",
                                                                  "村民委员会", "村委会"};
  for (auto suffix : committee_suffixes) {
    if (strip_suffix(s, suffix)) break;
  }
  strip_suffix(s, "社区");
  if (!street.empty() && s.starts_with(street)) {
    auto rest = s.substr(street.size());
    if (!strip_prefix(rest, "街道")) strip_prefix(rest, "街");
    if (!rest.empty()) s = rest;
  }
  return s;
}

}  // namespace tiaojie::graph

#include "rules/internal/analysis.hpp"

#include <algorithm>

namespace tiaojie::rules::internal {
namespace {

using Strings = std::vector<std::string>;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A text containing `k` necessarily contains a forbidden keyword.
bool forces_forbidden(const std::string& k, const Strings& forbidden) {
  return std::any_of(forbidden.begin(), forbidden.end(),
                     [&](const std::string& f) { return contains(k, f); });
}

std::string normalised(const std::string& s, bool street) {
  return street ? std::string(normalise_street(s)) : s;
}

// Sets intersect (an empty set means "any value").
bool sets_meet(const Strings& a, const Strings& b, bool street = false) {
  if (a.empty() || b.empty()) return true;
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (normalised(x, street) == normalised(y, street)) return true;
    }
  }
  return false;
}

// Every value allowed by b is allowed by a.
bool set_within(const Strings& b, const Strings& a, bool street = false) {
  if (a.empty()) return true;
  if (b.empty()) return false;
  return std::all_of(b.begin(), b.end(), [&](const std::string& x) {
    return std::any_of(a.begin(), a.end(), [&](const std::string& y) {
      return normalised(x, street) == normalised(y, street);
    });
  });
}

template <class T>
bool ranges_meet(const std::optional<T>& min_a, const std::optional<T>& max_a,
                 const std::optional<T>& min_b, const std::optional<T>& max_b, bool max_strict) {
  // Lower bound = largest min; upper bound = smallest max.
  std::optional<T> lo = min_a, hi = max_a;
  if (min_b && (!lo || *min_b > *lo)) lo = min_b;
  if (max_b && (!hi || *max_b < *hi)) hi = max_b;
  if (!lo || !hi) return true;
  return max_strict ? *lo < *hi : *lo <= *hi;
}

}  // namespace

bool can_overlap(const Conditions& a, const Conditions& b) {
  Strings forbidden = a.keywords_none;
  forbidden.insert(forbidden.end(), b.keywords_none.begin(), b.keywords_none.end());
  for (const auto* all : {&a.keywords_all, &b.keywords_all}) {
    for (const auto& k : *all) {
      if (forces_forbidden(k, forbidden)) return false;
    }
  }
  for (const auto* any : {&a.keywords_any, &b.keywords_any}) {
    if (!any->empty() && std::all_of(any->begin(), any->end(), [&](const std::string& k) {
          return forces_forbidden(k, forbidden);
        })) {
      return false;
    }
  }
  if (!sets_meet(a.channels, b.channels)) return false;
  if (!sets_meet(a.streets, b.streets, true)) return false;
  if (!sets_meet(a.communities, b.communities)) return false;
  if (!sets_meet(a.declared_categories, b.declared_categories)) return false;
  if (!sets_meet(a.categories, b.categories)) return false;
  if (a.injuries && b.injuries && *a.injuries != *b.injuries) return false;
  if (!ranges_meet(a.parties_min, a.parties_max, b.parties_min, b.parties_max, false)) return false;
  if (!ranges_meet(a.repeat_count_min, a.repeat_count_max, b.repeat_count_min, b.repeat_count_max,
                   false))
    return false;
  if (!ranges_meet(a.amount_min, a.amount_below, b.amount_min, b.amount_below, true)) return false;
  return true;
}

bool implies(const Conditions& b, const Conditions& a) {
  // Keywords every text matching b surely contains: each of b.all; and, when each of b.any
  // contains some keyword k, "one of them" — handled per requirement below.
  auto surely_contains = [&](const std::string& k) {
    if (std::any_of(b.keywords_all.begin(), b.keywords_all.end(),
                    [&](const std::string& x) { return contains(x, k); })) {
      return true;
    }
    return !b.keywords_any.empty() &&
           std::all_of(b.keywords_any.begin(), b.keywords_any.end(),
                       [&](const std::string& x) { return contains(x, k); });
  };
  if (!a.keywords_any.empty()) {
    // Some keyword of a.any is surely present: b.all holds one, or every b.any holds one.
    bool via_all =
        std::any_of(b.keywords_all.begin(), b.keywords_all.end(), [&](const std::string& x) {
          return std::any_of(a.keywords_any.begin(), a.keywords_any.end(),
                             [&](const std::string& k) { return contains(x, k); });
        });
    bool via_any =
        !b.keywords_any.empty() &&
        std::all_of(b.keywords_any.begin(), b.keywords_any.end(), [&](const std::string& x) {
          return std::any_of(a.keywords_any.begin(), a.keywords_any.end(),
                             [&](const std::string& k) { return contains(x, k); });
        });
    if (!via_all && !via_any) return false;
  }
  for (const auto& k : a.keywords_all) {
    if (!surely_contains(k)) return false;
  }
  // A text without m also lacks every keyword containing m.
  for (const auto& n : a.keywords_none) {
    if (!std::any_of(b.keywords_none.begin(), b.keywords_none.end(),
                     [&](const std::string& m) { return contains(n, m); })) {
      return false;
    }
  }
  if (!set_within(b.channels, a.channels)) return false;
  if (!set_within(b.streets, a.streets, true)) return false;
  if (!set_within(b.communities, a.communities)) return false;
  if (!set_within(b.declared_categories, a.declared_categories)) return false;
  if (!set_within(b.categories, a.categories)) return false;
  if (a.injuries && (!b.injuries || *b.injuries != *a.injuries)) return false;
  if (a.parties_min && (!b.parties_min || *b.parties_min < *a.parties_min)) return false;
  if (a.parties_max && (!b.parties_max || *b.parties_max > *a.parties_max)) return false;
  if (a.repeat_count_min && (!b.repeat_count_min || *b.repeat_count_min < *a.repeat_count_min))
    return false;
  if (a.repeat_count_max && (!b.repeat_count_max || *b.repeat_count_max > *a.repeat_count_max))
    return false;
  if (a.amount_min && (!b.amount_min || *b.amount_min < *a.amount_min)) return false;
  if (a.amount_below && (!b.amount_below || *b.amount_below > *a.amount_below)) return false;
  return true;
}

}  // namespace tiaojie::rules::internal

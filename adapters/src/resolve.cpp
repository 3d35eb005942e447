// Address resolution (gazetteer.hpp): what an address names, and what follows from it.
#include <fmt/format.h>

#include <algorithm>

#include "adapters/gazetteer.hpp"
#include "internal/place_text.hpp"

namespace tiaojie::adapters {
namespace {

constexpr double k_fuzzy_confidence = 0.75;

void add_unique(std::vector<std::string>& v, std::string_view s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.emplace_back(s);
}

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The streets and communities an address names.
struct Named {
  std::vector<std::string> streets;  // distinct, in the order found
  std::vector<std::string> matched;  // what was read for each finding ("沙园街", "凤杨街→凤阳")
  const Gazetteer::Community* community = nullptr;  // the first (longest) community found
  bool fuzzy = false;                               // some finding was a near miss
  std::vector<std::string> ambiguous;               // names a near miss was equally close to
};

Named named_in(const Gazetteer& g, std::string_view text) {
  Named n;
  for (const auto& c : g.communities) {
    if (!text.contains(c.name)) continue;
    if (!n.community) n.community = &c;
    add_unique(n.streets, c.street);
    add_unique(n.matched, c.name);
  }
  for (const auto& s : g.streets) {
    for (std::string_view suffix : {"街道", "街"}) {
      std::string needle = s + std::string(suffix);
      if (!text.contains(needle)) continue;
      add_unique(n.streets, s);
      add_unique(n.matched, needle);
      break;
    }
  }
  auto take = [&](const internal::NearMiss& miss, std::string_view suffix, auto street_of) {
    if (miss.names.size() > 1) {
      for (const auto& name : miss.names) add_unique(n.ambiguous, street_of(name));
      add_unique(n.matched,
                 fmt::format("{}{} (near {})", miss.written, suffix, fmt::join(miss.names, ", ")));
      return;
    }
    n.fuzzy = true;
    add_unique(n.streets, street_of(miss.names[0]));
    add_unique(n.matched, fmt::format("{}{}→{}", miss.written, suffix, miss.names[0]));
  };
  for (const auto& miss : internal::near_misses(text, g.streets, "街")) {
    take(miss, "街", [](const std::string& s) { return s; });
  }
  // Named communities ("青凤社区"); generated ones ("凤阳街第3社区") differ by a number, which is
  // not a typo to guess at, and their street part is read above.
  std::vector<std::string> stems;
  std::vector<const Gazetteer::Community*> stem_of;
  for (const auto& c : g.communities) {
    if (has_digit(c.name) || !c.name.ends_with("社区")) continue;
    stems.push_back(c.name.substr(0, c.name.size() - std::string_view("社区").size()));
    stem_of.push_back(&c);
  }
  for (const auto& miss : internal::near_misses(text, stems, "社区")) {
    auto street_of = [&](const std::string& stem) {
      auto at =
          static_cast<std::size_t>(std::find(stems.begin(), stems.end(), stem) - stems.begin());
      return stem_of[at]->street;
    };
    if (miss.names.size() == 1 && !n.community) {
      auto at = static_cast<std::size_t>(std::find(stems.begin(), stems.end(), miss.names[0]) -
                                         stems.begin());
      n.community = stem_of[at];
    }
    take(miss, "社区", street_of);
  }
  return n;
}

// A declared street: exactly, in traditional characters, or one character off.
std::optional<std::pair<std::string, bool>> declared_street_of(const Gazetteer& g,
                                                               std::string_view name) {
  if (auto s = canonical_street(g, name)) return std::pair{*s, false};
  auto folded = internal::fold_traditional(name);
  if (auto s = canonical_street(g, folded)) return std::pair{*s, true};
  std::string_view bare = folded;
  if (!g.district.empty() && bare.starts_with(g.district)) bare.remove_prefix(g.district.size());
  for (std::string_view suffix : {"街道办事处", "街道办", "街道", "街"}) {
    if (bare.ends_with(suffix)) {
      bare.remove_suffix(suffix.size());
      break;
    }
  }
  auto misses = internal::near_misses(std::string(bare) + "街", g.streets, "街");
  if (misses.size() == 1 && misses[0].names.size() == 1) return std::pair{misses[0].names[0], true};
  return std::nullopt;
}

LocationMatch for_review(std::string note, std::vector<std::string> candidates) {
  LocationMatch m;
  m.review = true;
  m.note = candidates.empty()
               ? std::move(note)
               : fmt::format("{}; candidates: {}", note, fmt::join(candidates, ", "));
  m.candidates = std::move(candidates);
  return m;
}

}  // namespace

std::string_view to_string(MatchMethod m) {
  switch (m) {
    case MatchMethod::declared:
      return "declared";
    case MatchMethod::community:
      return "community";
    case MatchMethod::street:
      return "street";
    case MatchMethod::road:
      return "road";
    case MatchMethod::fuzzy:
      return "fuzzy";
    case MatchMethod::none:
      return "none";
  }
  return "none";
}

std::optional<std::string> canonical_street(const Gazetteer& g, std::string_view name) {
  // Drop the district in front ("海珠区凤阳街道") and the suffix behind.
  if (!g.district.empty() && name.starts_with(g.district)) name.remove_prefix(g.district.size());
  for (std::string_view suffix : {"街道办事处", "街道办", "街道", "街"}) {
    if (name.ends_with(suffix)) {
      std::string_view bare = name.substr(0, name.size() - suffix.size());
      // "江南中街" is the street 江南中, but so is a bare "江南中"; try both.
      if (std::find(g.streets.begin(), g.streets.end(), bare) != g.streets.end())
        return std::string(bare);
    }
  }
  if (std::find(g.streets.begin(), g.streets.end(), name) != g.streets.end())
    return std::string(name);
  return std::nullopt;
}

LocationMatch resolve_location(const Gazetteer& g, std::string_view declared_street,
                               std::string_view declared_community, std::string_view address) {
  LocationMatch m;
  auto community_named = [&](std::string_view c) -> const Gazetteer::Community* {
    auto folded = internal::fold_traditional(c);
    for (const auto& known : g.communities) {
      if (known.name == c || known.name == folded) return &known;
    }
    return nullptr;
  };

  // What the record declared.
  std::optional<std::pair<std::string, bool>> street;  // (name, fuzzy)
  if (!declared_street.empty()) {
    street = declared_street_of(g, declared_street);
    if (!street)
      m.note = fmt::format("declared street \"{}\" is not in {}", declared_street, g.district);
  }
  const Gazetteer::Community* declared_c = nullptr;
  if (!declared_community.empty()) {
    if (const auto* c = community_named(declared_community)) {
      if (!street || street->first == c->street) {
        declared_c = c;
        if (!street) street = std::pair{c->street, false};
      } else {
        m.note = fmt::format("declared community {} lies in {}, not in the declared street {}",
                             c->name, c->street, street->first);
      }
    } else if (m.note.empty()) {
      m.note =
          fmt::format("declared community \"{}\" is not in {}", declared_community, g.district);
    }
  }

  // What the address names, read in simplified characters.
  const std::string text = internal::fold_traditional(address);
  const bool traditional = text != address;
  if (!text.empty() && !text.contains(g.district)) {
    for (const auto& other : g.other_districts) {
      if (text.contains(other))
        return for_review(fmt::format("the address lies in {}, outside {}", other, g.district), {});
    }
  }
  const Named n = named_in(g, text);
  // A note about what was declared (an unknown street) stays in front of the reviewer's reason.
  auto review = [&](std::string why, std::vector<std::string> candidates) {
    return for_review(m.note.empty() ? std::move(why) : fmt::format("{}; {}", m.note, why),
                      std::move(candidates));
  };

  if (street) {
    if (!n.streets.empty() &&
        std::find(n.streets.begin(), n.streets.end(), street->first) == n.streets.end()) {
      std::vector<std::string> candidates{street->first};
      for (const auto& s : n.streets) add_unique(candidates, s);
      return review(fmt::format("the declared street {} contradicts the address, which names {}",
                                street->first, fmt::join(n.matched, ", ")),
                    std::move(candidates));
    }
    m.street = street->first;
    m.method = street->second ? MatchMethod::fuzzy : MatchMethod::declared;
    m.confidence = street->second ? k_fuzzy_confidence : 1.0;
    m.matched = declared_c ? declared_c->name : std::string(declared_street);
    if (declared_c)
      m.community = declared_c->name;
    else if (n.community && n.community->street == m.street)
      m.community = n.community->name;
    return m;
  }

  if (text.empty()) {
    if (m.note.empty()) m.note = "no street, community or address given";
    return m;
  }
  if (n.streets.size() > 1 || !n.ambiguous.empty()) {
    std::vector<std::string> candidates = n.streets;
    for (const auto& s : n.ambiguous) add_unique(candidates, s);
    return review(
        fmt::format("the address names more than one street ({})", fmt::join(n.matched, ", ")),
        std::move(candidates));
  }
  if (n.streets.size() == 1) {
    const bool fuzzy = n.fuzzy || traditional;
    m.street = n.streets[0];
    if (n.community && n.community->street == m.street) {
      m.community = n.community->name;
      m.method = MatchMethod::community;
      m.confidence = 0.95;
    } else {
      m.method = MatchMethod::street;
      m.confidence = 0.9;
    }
    if (fuzzy) {
      m.method = MatchMethod::fuzzy;
      m.confidence = k_fuzzy_confidence;
    }
    m.matched = n.matched.front();
    return m;
  }
  for (const auto& road : g.roads) {
    if (!text.contains(road.name)) continue;
    if (road.streets.size() > 1) {
      return review(fmt::format("road {} runs through {} streets", road.name, road.streets.size()),
                    road.streets);
    }
    if (road.confidence < g.min_confidence) {
      return review(fmt::format("road {} suggests {} with confidence {} only", road.name,
                                road.streets[0], road.confidence),
                    road.streets);
    }
    m.street = road.streets[0];
    m.method = traditional ? MatchMethod::fuzzy : MatchMethod::road;
    m.confidence = traditional ? std::min(road.confidence, k_fuzzy_confidence) : road.confidence;
    m.matched = road.name;
    return m;
  }
  // Only the district, a landmark, a building: a person knows where 广州塔 is; the gazetteer
  // does not. Street names written bare ("琶洲会展中心") are what the reviewer should look at.
  std::vector<std::string> candidates;
  for (const auto& s : g.streets) {
    if (text.contains(s)) candidates.push_back(s);
  }
  return review(fmt::format("the address \"{}\" names no street, community or road of {}", address,
                            g.district),
                std::move(candidates));
}

}  // namespace tiaojie::adapters

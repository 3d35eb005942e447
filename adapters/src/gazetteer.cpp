#include "adapters/gazetteer.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace tiaojie::adapters {
namespace {

std::string where(std::string_view name, const toml::node& n) {
  return fmt::format("{}:{}:{}", name, n.source().begin.line, n.source().begin.column);
}

std::optional<Error> check_keys(std::string_view name, const toml::table& t,
                                std::initializer_list<std::string_view> known,
                                std::string_view what) {
  for (auto&& [k, v] : t) {
    if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
      return invalid_input(
          fmt::format("unknown key \"{}\" in {}; known: {}", k.str(), what, fmt::join(known, ", ")),
          where(name, v));
    }
  }
  return std::nullopt;
}

Result<std::vector<std::string>> string_list(std::string_view name, const toml::node& n,
                                             std::string_view key) {
  const auto* arr = n.as_array();
  if (!arr)
    return std::unexpected(
        invalid_input(fmt::format("{} must be an array of strings", key), where(name, n)));
  std::vector<std::string> out;
  for (const auto& item : *arr) {
    auto s = item.value_exact<std::string>();
    if (!s || s->empty()) {
      return std::unexpected(
          invalid_input(fmt::format("{} must hold non-empty strings", key), where(name, item)));
    }
    out.push_back(*s);
  }
  return out;
}

Result<std::string> required_string(std::string_view name, const toml::table& t,
                                    std::string_view key) {
  const auto* n = t.get(key);
  auto s = n ? n->value_exact<std::string>() : std::nullopt;
  if (!s || s->empty()) {
    return std::unexpected(
        invalid_input(fmt::format("{} must be a non-empty string", key), where(name, n ? *n : t)));
  }
  return *s;
}

}  // namespace

Result<Gazetteer> parse_gazetteer(std::string_view text, std::string_view name) {
  toml::table doc;
  try {
    doc = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return std::unexpected(invalid_input(
        std::string(e.description()),
        fmt::format("{}:{}:{}", name, e.source().begin.line, e.source().begin.column)));
  }
  if (auto e = check_keys(name, doc, {"gazetteer", "community", "road"}, "the file"))
    return std::unexpected(*e);
  const auto* head = doc.get_as<toml::table>("gazetteer");
  if (!head)
    return std::unexpected(invalid_input("missing [gazetteer] table", fmt::format("{}:1:1", name)));
  if (auto e = check_keys(name, *head,
                          {"district", "streets", "other_districts", "min_confidence",
                           "community_pattern", "communities_per_street"},
                          "[gazetteer]")) {
    return std::unexpected(*e);
  }
  Gazetteer g;
  auto district = required_string(name, *head, "district");
  if (!district) return std::unexpected(district.error());
  g.district = *district;
  const auto* streets = head->get("streets");
  if (!streets)
    return std::unexpected(invalid_input("[gazetteer] needs streets", where(name, *head)));
  auto list = string_list(name, *streets, "streets");
  if (!list) return std::unexpected(list.error());
  g.streets = std::move(*list);
  for (std::size_t i = 0; i < g.streets.size(); ++i) {
    if (std::find(g.streets.begin(), g.streets.begin() + i, g.streets[i]) !=
        g.streets.begin() + i) {
      return std::unexpected(invalid_input(
          fmt::format("street \"{}\" is listed twice", g.streets[i]), where(name, *streets)));
    }
  }
  auto known_street = [&](std::string_view s) {
    return std::find(g.streets.begin(), g.streets.end(), s) != g.streets.end();
  };
  if (const auto* n = head->get("other_districts")) {
    auto others = string_list(name, *n, "other_districts");
    if (!others) return std::unexpected(others.error());
    g.other_districts = std::move(*others);
  }
  if (const auto* n = head->get("min_confidence")) {
    auto v = n->value<double>();
    if (!v || *v < 0 || *v > 1)
      return std::unexpected(
          invalid_input("min_confidence must be between 0 and 1", where(name, *n)));
    g.min_confidence = *v;
  }
  // Generated communities: the pattern the body graph uses for its community jurisdictions.
  if (const auto* n = head->get("community_pattern")) {
    auto pattern = n->value_exact<std::string>();
    const auto* count = head->get("communities_per_street");
    // value_or: GCC 12 warns (falsely) about a maybe-uninitialised optional<int64_t> here.
    const std::int64_t per = count ? count->value_exact<std::int64_t>().value_or(0) : 0;
    if (!pattern || !pattern->contains("{street}") || !pattern->contains("{n}")) {
      return std::unexpected(
          invalid_input("community_pattern must contain {street} and {n}", where(name, *n)));
    }
    if (per < 1) {
      return std::unexpected(
          invalid_input("community_pattern needs communities_per_street >= 1", where(name, *n)));
    }
    for (const auto& street : g.streets) {
      for (std::int64_t i = 1; i <= per; ++i) {
        std::string c = *pattern;
        c.replace(c.find("{street}"), 8, street);
        c.replace(c.find("{n}"), 3, std::to_string(i));
        g.communities.push_back({std::move(c), street});
      }
    }
  }
  if (const auto* arr = doc.get_as<toml::array>("community")) {
    for (const auto& item : *arr) {
      const auto* t = item.as_table();
      if (!t)
        return std::unexpected(invalid_input("[[community]] must be a table", where(name, item)));
      if (auto e = check_keys(name, *t, {"name", "street", "source"}, "[[community]]"))
        return std::unexpected(*e);
      auto cname = required_string(name, *t, "name");
      if (!cname) return std::unexpected(cname.error());
      auto street = required_string(name, *t, "street");
      if (!street) return std::unexpected(street.error());
      if (!known_street(*street)) {
        return std::unexpected(
            invalid_input(fmt::format("community {} names unknown street \"{}\"", *cname, *street),
                          where(name, *t)));
      }
      for (const auto& c : g.communities) {
        if (c.name == *cname)
          return std::unexpected(
              invalid_input(fmt::format("community {} is listed twice", *cname), where(name, *t)));
      }
      g.communities.push_back({*cname, *street});
    }
  }
  if (const auto* arr = doc.get_as<toml::array>("road")) {
    for (const auto& item : *arr) {
      const auto* t = item.as_table();
      if (!t) return std::unexpected(invalid_input("[[road]] must be a table", where(name, item)));
      if (auto e =
              check_keys(name, *t, {"name", "streets", "confidence", "verified", "source", "note"},
                         "[[road]]")) {
        return std::unexpected(*e);
      }
      Gazetteer::Road road;
      auto rname = required_string(name, *t, "name");
      if (!rname) return std::unexpected(rname.error());
      road.name = *rname;
      const auto* s = t->get("streets");
      if (!s)
        return std::unexpected(
            invalid_input(fmt::format("road {} needs streets", road.name), where(name, *t)));
      auto rs = string_list(name, *s, "streets");
      if (!rs) return std::unexpected(rs.error());
      if (rs->empty())
        return std::unexpected(
            invalid_input(fmt::format("road {} needs streets", road.name), where(name, *s)));
      for (const auto& st : *rs) {
        if (!known_street(st)) {
          return std::unexpected(invalid_input(
              fmt::format("road {} names unknown street \"{}\"", road.name, st), where(name, *s)));
        }
      }
      road.streets = std::move(*rs);
      if (const auto* c = t->get("confidence")) {
        auto v = c->value<double>();
        if (!v || *v <= 0 || *v > 1)
          return std::unexpected(invalid_input("confidence must be in (0, 1]", where(name, *c)));
        road.confidence = *v;
      }
      if (const auto* v = t->get("verified")) {
        auto b = v->value_exact<bool>();
        if (!b)
          return std::unexpected(invalid_input("verified must be true or false", where(name, *v)));
        road.verified = *b;
      }
      for (const auto& r : g.roads) {
        if (r.name == road.name)
          return std::unexpected(
              invalid_input(fmt::format("road {} is listed twice", road.name), where(name, *t)));
      }
      g.roads.push_back(std::move(road));
    }
  }
  std::stable_sort(g.roads.begin(), g.roads.end(),
                   [](const auto& a, const auto& b) { return a.name.size() > b.name.size(); });
  // Longest community names first too, so that "凤阳街第12社区" is tried before "凤阳街第1社区".
  std::stable_sort(g.communities.begin(), g.communities.end(),
                   [](const auto& a, const auto& b) { return a.name.size() > b.name.size(); });
  return g;
}

Result<Gazetteer> load_gazetteer(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(io_error("cannot read the gazetteer file", file.string()));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_gazetteer(buffer.str(), file.string());
}

}  // namespace tiaojie::adapters

#include "graph/body_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "graph/location.hpp"

namespace tiaojie::graph {

std::string_view to_string(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::escalates_to:
      return "escalates_to";
    case EdgeKind::refers_to:
      return "refers_to";
    case EdgeKind::partners_with:
      return "partners_with";
  }
  return "?";
}

std::optional<BodyIndex> BodyGraph::find(std::string_view id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<BodyIndex> BodyGraph::targets(BodyIndex b, EdgeKind kind) const {
  std::vector<BodyIndex> out;
  for_each_target(b, kind, [&](BodyIndex t) { out.push_back(t); });
  return out;
}

std::string BodyGraph::region_path(RegionIndex r) const {
  std::vector<RegionIndex> chain;
  for (; r != k_none; r = regions_[r].parent) chain.push_back(r);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty()) out += '/';
    out += regions_[*it].name;
  }
  return out;
}

std::span<const BodyIndex> BodyGraph::bodies_in(RegionIndex r) const {
  return std::span<const BodyIndex>(region_bodies_)
      .subspan(region_body_begin_[r], region_body_begin_[r + 1] - region_body_begin_[r]);
}

RegionIndex BodyGraph::ancestor_at(RegionIndex r, RegionLevel level) const {
  while (r != k_none && regions_[r].level < level) r = regions_[r].parent;
  if (r != k_none && regions_[r].level != level) return k_none;
  return r;
}

std::string_view BodyGraph::street_of(std::string_view id) const {
  const auto b = find(id);
  if (!b) return {};
  const auto street = ancestor_at(body(*b).region, RegionLevel::street);
  return street == k_none ? std::string_view{} : std::string_view{regions_[street].name};
}

bool BodyGraph::contains(RegionIndex outer, RegionIndex r) const {
  for (; r != k_none; r = regions_[r].parent) {
    if (r == outer) return true;
  }
  return false;
}

RegionIndex BodyGraph::locate(std::optional<std::string_view> street,
                              std::optional<std::string_view> community) const {
  RegionIndex street_region = k_none;
  if (street && !trim_name(*street).empty()) {
    auto it = street_by_key_.find(street_key(*street));
    if (it != street_by_key_.end() && it->second != k_ambiguous) street_region = it->second;
    // A street that matches nothing may lie outside this graph: guessing from the community
    // name could route the dispute into the wrong district.
    if (street_region == k_none) return k_none;
  }
  if (!community || trim_name(*community).empty()) return street_region;
  if (street_region != k_none) {
    auto skey = street_key(regions_[street_region].name);
    auto ckey = community_key(*community, skey);
    // Small keys stay in the string's inline buffer: no allocation on the common path.
    std::string key(sizeof(RegionIndex) + ckey.size(), '\0');
    std::memcpy(key.data(), &street_region, sizeof(RegionIndex));
    std::memcpy(key.data() + sizeof(RegionIndex), ckey.data(), ckey.size());
    auto it = community_by_key_.find(key);
    return it != community_by_key_.end() ? it->second : street_region;
  }
  auto it = community_by_full_key_.find(community_key(*community));
  if (it != community_by_full_key_.end() && it->second != k_ambiguous) return it->second;
  return k_none;
}

std::optional<unsigned> BodyGraph::category_index(std::string_view id) const {
  for (unsigned i = 0; i < categories_.size(); ++i) {
    if (categories_[i] == id) return i;
  }
  return std::nullopt;
}

std::vector<std::string_view> BodyGraph::category_names(CategorySet set) const {
  std::vector<std::string_view> out;
  for (unsigned i = 0; i < categories_.size(); ++i) {
    if (set & (CategorySet{1} << i)) out.push_back(categories_[i]);
  }
  return out;
}

std::string BodyGraph::where(SourcePos pos) const {
  std::string_view file = pos.file < files_.size() ? std::string_view(files_[pos.file]) : "?";
  return fmt::format("{}:{}:{}", file, pos.line, pos.column);
}

}  // namespace tiaojie::graph

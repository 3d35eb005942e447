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
  const auto* b = by_id_.find(id);
  if (!b) return std::nullopt;
  return *b;
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
    const auto* r = street_by_key_.find(street_key(*street));
    if (r && *r != k_ambiguous) street_region = *r;
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
    const auto* r = community_by_key_.find(key);
    return r ? *r : street_region;
  }
  const auto* r = community_by_full_key_.find(community_key(*community));
  if (r && *r != k_ambiguous) return *r;
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

void BodyGraph::index_ids() {
  by_id_ = {};
  std::size_t bytes = 0;
  for (std::size_t v = 0; v < body_count(); ++v) bytes += adj_[v].id.value.size();
  by_id_.reserve(body_count(), bytes);
  for (std::size_t v = 0; v < body_count(); ++v) {
    by_id_.emplace(adj_[v].id.value, static_cast<BodyIndex>(v));
  }
}

void BodyGraph::index_region_bodies() {
  std::vector<std::uint32_t> count(regions_.size() + 1, 0);
  for (std::size_t v = 0; v < body_count(); ++v) count[adj_[v].region + 1]++;
  for (std::size_t r = 1; r < count.size(); ++r) count[r] += count[r - 1];
  region_body_begin_ = count;
  region_bodies_.resize(body_count());
  for (std::size_t v = 0; v < body_count(); ++v) {
    region_bodies_[count[adj_[v].region]++] = static_cast<BodyIndex>(v);
  }
  for (std::size_t r = 0; r < regions_.size(); ++r) {
    auto begin = region_bodies_.begin() + region_body_begin_[r];
    auto end = region_bodies_.begin() + region_body_begin_[r + 1];
    std::sort(begin, end, [&](BodyIndex a, BodyIndex b) { return adj_[a].id < adj_[b].id; });
  }
}

namespace {
void add_name(NameIndex& index, std::string_view key, RegionIndex r) {
  auto [value, fresh] = index.emplace(key, r);
  if (!fresh && *value != r) *value = k_ambiguous;
}
}  // namespace

void BodyGraph::index_locations(
    const std::function<void(RegionIndex, RegionIndex, std::string_view)>& on_clash) {
  street_by_key_.reserve(regions_.size() / 8);
  community_by_key_.reserve(regions_.size());
  community_by_full_key_.reserve(regions_.size());
  for (std::size_t r = 0; r < regions_.size(); ++r) {
    const auto& region = regions_[r];
    auto ri = static_cast<RegionIndex>(r);
    if (region.level == RegionLevel::street) {
      add_name(street_by_key_, street_key(region.name), ri);
    } else if (region.level == RegionLevel::community) {
      add_name(community_by_full_key_, community_key(region.name), ri);
      if (region.parent == k_none) continue;
      auto ckey = community_key(region.name, street_key(regions_[region.parent].name));
      std::string key(sizeof(RegionIndex) + ckey.size(), '\0');
      std::memcpy(key.data(), &region.parent, sizeof(RegionIndex));
      std::memcpy(key.data() + sizeof(RegionIndex), ckey.data(), ckey.size());
      auto [first, fresh] = community_by_key_.emplace(key, ri);
      if (!fresh && *first != ri) on_clash(*first, ri, ckey);
    }
  }
}

std::string BodyGraph::where(SourcePos pos) const {
  std::string_view file = pos.file < files_.size() ? std::string_view(files_[pos.file]) : "?";
  return fmt::format("{}:{}:{}", file, pos.line, pos.column);
}

}  // namespace tiaojie::graph

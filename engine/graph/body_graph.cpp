#include "graph/body_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_set>

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

std::span<const BodyIndex> BodyGraph::bodies_in(RegionIndex r) const {
  const auto begin = hot_regions_[r].bodies_begin;
  return std::span<const BodyIndex>(region_bodies_)
      .subspan(begin, hot_regions_[r + 1].bodies_begin - begin);
}

RegionIndex BodyGraph::ancestor_at(RegionIndex r, RegionLevel level) const {
  while (r != k_none && hot_regions_[r].level < level) r = hot_regions_[r].parent;
  if (r != k_none && hot_regions_[r].level != level) return k_none;
  return r;
}

std::string_view BodyGraph::street_of(std::string_view id) const {
  const auto b = find(id);
  if (!b) return {};
  const auto street = ancestor_at(body(*b).region, RegionLevel::street);
  return street == k_none ? std::string_view{} : std::string_view{regions_[street].name};
}

std::vector<std::string_view> BodyGraph::street_names() const {
  std::vector<bool> holds_a_body(region_count(), false);
  for (BodyIndex b = 0; b < body_count(); ++b) {
    const auto street = ancestor_at(body(b).region, RegionLevel::street);
    if (street != k_none) holds_a_body[street] = true;
  }
  std::vector<std::string_view> out;
  std::unordered_set<std::string_view> listed;
  for (RegionIndex r = 0; r < region_count(); ++r) {
    const std::string_view name = regions_[r].name;
    // A name two districts' streets share (a national graph's 城关街道) is listed once.
    if (holds_a_body[r] && listed.insert(name).second) out.push_back(name);
  }
  return out;
}

bool BodyGraph::contains(RegionIndex outer, RegionIndex r) const {
  for (; r != k_none; r = hot_regions_[r].parent) {
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
    // The dispute's street key is the found street's own (the index compares keys byte for
    // byte): no need to read the street's region and name.
    auto skey = street_key(*street);
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

bool BodyGraph::index_hot_bodies() {
  const std::size_t n = body_count();
  // The records hold 32-bit offsets.
  if (boost::num_edges(adj_) >= k_none) return false;
  edges_.clear();
  edges_.reserve(boost::num_edges(adj_));
  // Filled in one pass (no zero-fill first): at national scale these are 40 MB of fresh pages.
  hot_.clear();
  hot_.reserve(n);
  for (std::size_t v = 0; v < n; ++v) {
    const Body& body = adj_[v];
    HotBody& h = hot_.emplace_back();
    h.competences = body.competences;
    h.capacity = body.capacity;
    h.leads = body.leads;
    h.joins = body.joins;
    if (body.id.value.size() <= HotBody::k_inline_id) {
      h.id_size = static_cast<std::uint8_t>(body.id.value.size());
      std::memcpy(h.id, body.id.value.data(), body.id.value.size());
    } else {
      h.id_size = HotBody::k_long_id;
    }
    // One pass per kind keeps each kind's edges in declaration order.
    auto add = [&](EdgeKind kind) {
      for (auto [it, end] = boost::out_edges(v, adj_); it != end; ++it) {
        if (adj_[*it].kind == kind)
          edges_.push_back(static_cast<BodyIndex>(boost::target(*it, adj_)));
      }
    };
    h.escalates_begin = static_cast<std::uint32_t>(edges_.size());
    add(EdgeKind::escalates_to);
    h.refers_begin = static_cast<std::uint32_t>(edges_.size());
    add(EdgeKind::refers_to);
    h.partners_begin = static_cast<std::uint32_t>(edges_.size());
    add(EdgeKind::partners_with);
    h.edges_end = static_cast<std::uint32_t>(edges_.size());
  }
  return true;
}

bool BodyGraph::index_regions() {
  const std::size_t n = regions_.size();
  hot_regions_.assign(n + 1, HotRegion{});
  std::vector<std::uint32_t> count(n + 1, 0);
  for (std::size_t v = 0; v < body_count(); ++v) count[adj_[v].region + 1]++;
  for (std::size_t r = 1; r < count.size(); ++r) count[r] += count[r - 1];
  for (std::size_t r = 0; r <= n; ++r) hot_regions_[r].bodies_begin = count[r];
  region_bodies_.resize(body_count());
  for (std::size_t v = 0; v < body_count(); ++v) {
    region_bodies_[count[adj_[v].region]++] = static_cast<BodyIndex>(v);
  }
  for (std::size_t r = 0; r < n; ++r) {
    auto begin = region_bodies_.begin() + hot_regions_[r].bodies_begin;
    auto end = region_bodies_.begin() + hot_regions_[r + 1].bodies_begin;
    std::sort(begin, end, [&](BodyIndex a, BodyIndex b) { return id_of(a) < id_of(b); });
  }
  // Paths: a parent comes before its children (the builder creates it first; the snapshot
  // decoder refuses anything else), so each path is its parent's, a '/', and its name.
  // A region's path is as long as its chain of ancestors (regions above a district chain freely),
  // so the sum is counted in 64 bits and refused past the 32-bit offsets before anything is
  // allocated for it.
  std::uint64_t bytes = 0;
  std::vector<std::uint64_t> length(n, 0);
  for (std::size_t r = 0; r < n; ++r) {
    const auto parent = regions_[r].parent;
    length[r] = regions_[r].name.size() + (parent == k_none ? 0 : length[parent] + 1);
    bytes += length[r];
    if (bytes >= k_none) return false;
  }
  paths_.clear();
  paths_.reserve(bytes);
  for (std::size_t r = 0; r < n; ++r) {
    const auto& region = regions_[r];
    HotRegion& h = hot_regions_[r];
    h.parent = region.parent;
    h.level = region.level;
    h.path_begin = static_cast<std::uint32_t>(paths_.size());
    if (region.parent != k_none) {
      // Reserved above: appending from itself never reallocates under the source.
      const auto parent_begin = hot_regions_[region.parent].path_begin;
      paths_.append(paths_, parent_begin, length[region.parent]);
      paths_ += '/';
    }
    paths_ += region.name;
  }
  hot_regions_[n].path_begin = static_cast<std::uint32_t>(paths_.size());
  return true;
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

// The body graph (design.md §6): mediation bodies as the vertices of a Boost.Graph adjacency_list,
// with `escalates_to`, `refers_to` and `partners_with` edges, the tree of jurisdictions (regions)
// the bodies serve, and the name indexes that resolve a dispute's street and community.
//
// A BodyGraph is an immutable snapshot: built and checked once by load_graph (load.hpp), then only
// read, usually through std::shared_ptr<const BodyGraph>. Thread-safety: every const member is safe
// to call from any number of threads at once; nothing mutates after construction.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/name_index.hpp"
#include "model/assignment.hpp"
#include "model/enums.hpp"
#include "model/office_hours.hpp"

namespace tiaojie::graph {

namespace internal {
class GraphBuilder;
struct SnapshotCodec;
}  // namespace internal

// Dense index of a body: the Boost.Graph vertex descriptor, 0..body_count()-1. Stable for the
// life of one snapshot only; across reloads use the BodyId.
using BodyIndex = std::uint32_t;
// Dense index of a region (a jurisdiction), 0..region_count()-1.
using RegionIndex = std::uint32_t;
inline constexpr std::uint32_t k_none = 0xFFFFFFFFu;

// A set of modes as bits (bit i = Mode value i).
using ModeSet = std::uint8_t;
[[nodiscard]] constexpr ModeSet mode_bit(Mode m) { return ModeSet(1u << static_cast<unsigned>(m)); }
// A set of categories as bits (bit i = the graph's category i; at most 64 categories).
using CategorySet = std::uint64_t;

enum class EdgeKind : std::uint8_t {
  escalates_to,   // to a body at the same or a higher level whose jurisdiction contains ours
  refers_to,      // sideways hand-off to a specialist when this body cannot take the case
  partners_with,  // bodies that join this one when it leads a joint mode
};
[[nodiscard]] std::string_view to_string(EdgeKind kind);

// Where something was declared: an index into BodyGraph::files() and a 1-based line/column.
struct SourcePos {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// A mediation body (the bundled vertex property).
struct Body {
  BodyId id;         // "hz.jiangnanzhong.qingfeng.committee"
  std::string name;  // "青凤社区人民调解委员会"
  // "community_committee": the [kind.*] it was declared with, or "". Views the graph's own copy
  // of the kind names (one per kind, not one per body: a national graph has 650k bodies).
  std::string_view kind;
  Level level = Level::community;
  RegionIndex region = k_none;  // its jurisdiction
  std::uint32_t capacity = 0;   // open cases it can carry; > 0
  CategorySet competences = 0;  // categories it can take
  ModeSet leads = 0;            // modes it can lead
  ModeSet joins = 0;            // modes it can join as a partner
  // When it is open on working days: where a period ends on its last day (close of business,
  // 民法典 art. 203) and when deadline notices reach it (lifecycle/office_hours.hpp).
  // Default: 08:30–12:00, 14:00–17:30.
  OfficeHours office_hours;
  SourcePos pos;  // its [[body]] table
};

struct EdgeProps {
  EdgeKind kind = EdgeKind::escalates_to;
};

// The Boost.Graph type: vecS vertices so that a vertex descriptor is a dense BodyIndex.
using Adjacency =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Body, EdgeProps>;

// Levels of the region tree: the three mediation levels, and `above` for the containers over a
// district (a city, a province) that hold no bodies of their own.
enum class RegionLevel : std::uint8_t { community, street, district, above };

// A jurisdiction: one node of the region tree declared by the bodies' jurisdiction paths
// ("海珠区/江南中街道/青凤社区").
struct Region {
  std::string name;  // last path component, as written: "青凤社区"
  RegionIndex parent = k_none;
  RegionLevel level = RegionLevel::above;
};

// What assignment reads of one body, packed in a contiguous array beside the Boost.Graph
// (BodyGraph::hot): one cache line, where a Body vertex is ~170 bytes with its id, name and
// out-edge vector each behind a pointer. An id of up to k_inline_id bytes (every national id,
// all but one of Haizhu's 387) is in the line itself, so that a body considered costs one miss,
// not two; a longer one is read from the vertex. Its edges are the graph's CSR edge array
// (BodyGraph::edges_of). Derived from the vertices once the graph is built; the vertices stay the
// source of truth.
struct alignas(64) HotBody {
  static constexpr std::size_t k_inline_id = 33;
  static constexpr std::uint8_t k_long_id = 0xFF;
  CategorySet competences = 0;        // as Body::competences
  std::uint32_t capacity = 0;         // as Body::capacity
  std::uint32_t escalates_begin = 0;  // edge targets, grouped by kind, each kind in declaration
  std::uint32_t refers_begin = 0;     // order: escalates_to [escalates_begin, refers_begin),
  std::uint32_t partners_begin = 0;   // refers_to [refers_begin, partners_begin), partners_with
  std::uint32_t edges_end = 0;        // [partners_begin, edges_end)
  ModeSet leads = 0;                  // as Body::leads
  ModeSet joins = 0;                  // as Body::joins
  std::uint8_t id_size = 0;           // the id's length when <= k_inline_id, else k_long_id
  char id[k_inline_id] = {};          // its bytes, when they fit
  // Not here: level, region, kind, office hours, name: assignment does not read them.
};
static_assert(sizeof(HotBody) == 64);

// What locating and climbing read of one region, packed likewise (BodyGraph::hot_region).
struct HotRegion {
  RegionIndex parent = k_none;             // as Region::parent
  std::uint32_t bodies_begin = 0;          // its bodies: [bodies_begin, next.bodies_begin)
  std::uint32_t path_begin = 0;            // its path: paths_[path_begin, next.path_begin)
  RegionLevel level = RegionLevel::above;  // as Region::level
};
static_assert(sizeof(HotRegion) == 16);

class BodyGraph {
 public:
  // Built by the loader (internal/builder.cpp); everyone else reads.
  BodyGraph() = default;

  [[nodiscard]] std::size_t body_count() const { return boost::num_vertices(adj_); }
  [[nodiscard]] const Body& body(BodyIndex b) const { return adj_[b]; }
  [[nodiscard]] const Adjacency& adjacency() const { return adj_; }
  // The body with this id, or nullopt.
  [[nodiscard]] std::optional<BodyIndex> find(std::string_view id) const;

  // Outgoing edges of one kind, in declaration order.
  [[nodiscard]] std::vector<BodyIndex> targets(BodyIndex b, EdgeKind kind) const;
  // Calls f(target) for each outgoing edge of `kind`, in declaration order, without allocating.
  template <class F>
  void for_each_target(BodyIndex b, EdgeKind kind, F&& f) const {
    for (BodyIndex t : edges_of(b, kind)) f(t);
  }
  // The targets of b's outgoing edges of `kind`, in declaration order: a view into the CSR edge
  // array (the same edges as adjacency(), grouped by kind).
  [[nodiscard]] std::span<const BodyIndex> edges_of(BodyIndex b, EdgeKind kind) const {
    const HotBody& h = hot_[b];
    std::uint32_t begin = kind == EdgeKind::escalates_to ? h.escalates_begin
                          : kind == EdgeKind::refers_to  ? h.refers_begin
                                                         : h.partners_begin;
    std::uint32_t end = kind == EdgeKind::escalates_to ? h.refers_begin
                        : kind == EdgeKind::refers_to  ? h.partners_begin
                                                       : h.edges_end;
    return std::span<const BodyIndex>(edges_).subspan(begin, end - begin);
  }
  // The hot fields of body b (HotBody); REQUIRES: b < body_count().
  [[nodiscard]] const HotBody& hot(BodyIndex b) const { return hot_[b]; }
  // body(b).id.value, from b's HotBody line (or its vertex, for a long id).
  [[nodiscard]] std::string_view id_of(BodyIndex b) const {
    const HotBody& h = hot_[b];
    if (h.id_size != HotBody::k_long_id) return std::string_view(h.id, h.id_size);
    return adj_[b].id.value;
  }

  // Regions.
  [[nodiscard]] std::size_t region_count() const { return regions_.size(); }
  [[nodiscard]] const Region& region(RegionIndex r) const { return regions_[r]; }
  // The hot fields of region r (HotRegion); REQUIRES: r < region_count().
  [[nodiscard]] const HotRegion& hot_region(RegionIndex r) const { return hot_regions_[r]; }
  // "海珠区/江南中街道/青凤社区".
  [[nodiscard]] std::string region_path(RegionIndex r) const { return std::string(path_of(r)); }
  // The same, as a view into the graph's buffer of region paths (precomputed: assignment records
  // one per dispute).
  [[nodiscard]] std::string_view path_of(RegionIndex r) const {
    return std::string_view(paths_).substr(
        hot_regions_[r].path_begin, hot_regions_[r + 1].path_begin - hot_regions_[r].path_begin);
  }
  // Bodies whose jurisdiction is exactly r, sorted by id.
  [[nodiscard]] std::span<const BodyIndex> bodies_in(RegionIndex r) const;
  // The ancestor-or-self of r at `level`, or k_none when r lies above that level.
  [[nodiscard]] RegionIndex ancestor_at(RegionIndex r, RegionLevel level) const;
  // The name of the street whose jurisdiction holds body `id` ("江南中街道"), or "" when the body
  // is not in the graph or serves above a street (a district body).
  [[nodiscard]] std::string_view street_of(std::string_view id) const;
  // The names of the streets that hold at least one body, each once, in the graph's order (the
  // order its files, read sorted by path, first name them): the shipped Haizhu graph's are in
  // the official order of their division codes (440105001–018), as the district lists them. The
  // workbench's street choices and dashboard rows, and the streets an account may name.
  [[nodiscard]] std::vector<std::string_view> street_names() const;
  // True when `outer` is r or one of its ancestors.
  [[nodiscard]] bool contains(RegionIndex outer, RegionIndex r) const;

  // Resolve a dispute's location. A street name in any usual form ("凤阳", "凤阳街", "凤阳街道");
  // a community name in any usual form ("青凤社区", "青凤", "青凤社区居委会", and for generated
  // names "凤阳街第3社区" / "凤阳街道第3社区" / "第3社区" under its street). Returns the most
  // precise region found (community, else street), or k_none when nothing matched. A street that
  // matches nothing gives k_none whatever the community; a community is looked up alone only when
  // no street is given. A name shared by two regions is ambiguous and matches nothing.
  [[nodiscard]] RegionIndex locate(std::optional<std::string_view> street,
                                   std::optional<std::string_view> community) const;

  // Categories this graph routes, in declaration order ([graph] categories).
  [[nodiscard]] std::span<const std::string> categories() const { return categories_; }
  // Index of a category id in categories(), or nullopt.
  [[nodiscard]] std::optional<unsigned> category_index(std::string_view id) const;
  // Category ids of a set, in declaration order.
  [[nodiscard]] std::vector<std::string_view> category_names(CategorySet set) const;

  // The intake body: where a dispute goes when its location matches nothing, or nothing
  // competent has room ([graph] intake).
  [[nodiscard]] BodyIndex intake() const { return intake_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  // Content hash of the files the graph was loaded from: "g-" + 16 hex digits.
  [[nodiscard]] const std::string& version() const { return version_; }
  // Source files, as named in diagnostics.
  [[nodiscard]] std::span<const std::string> files() const { return files_; }
  // "config/bodies/district.toml:12:1" for a position.
  [[nodiscard]] std::string where(SourcePos pos) const;

 private:
  friend class internal::GraphBuilder;    // fills everything below, once, from TOML
  friend struct internal::SnapshotCodec;  // or from a binary snapshot (internal/snapshot_format)

  // The indexes derived from the bodies and regions, built once both are complete (by the builder
  // and by the snapshot reader alike, so the two give the same graph).
  void index_ids();
  // HotBody records and the CSR edges; after every vertex and edge is in place. False (and the
  // graph unusable) when the edges outgrow the records' 32-bit offsets.
  [[nodiscard]] bool index_hot_bodies();
  // HotRegion records, region paths and the bodies of each region (sorted by id); after
  // index_hot_bodies. False (and the graph unusable) when the paths, all together, outgrow the
  // 32-bit offsets (a chain of thousands of regions above a district could).
  [[nodiscard]] bool index_regions();
  // `on_clash(first, second, key)`: two communities of one street share a name key; the first
  // keeps the key.
  void index_locations(
      const std::function<void(RegionIndex, RegionIndex, std::string_view)>& on_clash);

  Adjacency adj_;
  NameIndex by_id_;  // body id → BodyIndex
  std::vector<Region> regions_;
  // Derived, read by assignment (HotBody, HotRegion): one record per body, one per region and a
  // sentinel after the last region, whose begins end the last one's ranges.
  std::vector<HotBody> hot_;
  std::vector<BodyIndex> edges_;  // CSR edge targets, per body grouped by kind
  std::vector<HotRegion> hot_regions_;
  std::string paths_;                     // every region's path, in region order
  std::vector<BodyIndex> region_bodies_;  // per region, sorted by id
  // Location indexes (keys from location.hpp's normalisers).
  NameIndex street_by_key_;          // street_key → region; k_ambiguous when shared
  NameIndex community_by_key_;       // 4 bytes of the street's index + community_key
  NameIndex community_by_full_key_;  // community_key without a street
  std::vector<std::string> categories_;
  BodyIndex intake_ = k_none;
  std::string name_;
  std::string version_;
  std::vector<std::string> files_;
  std::vector<std::string> kinds_;  // kind names, viewed by Body::kind; never resized once built
};

// Marks a name index entry shared by two regions.
inline constexpr RegionIndex k_ambiguous = 0xFFFFFFFEu;

}  // namespace tiaojie::graph

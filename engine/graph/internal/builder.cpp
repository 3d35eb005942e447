// Resolution of raw declarations into a BodyGraph: kinds merged into bodies, jurisdiction paths
// into the region tree, ids into Boost.Graph edges, names into the location indexes.
#include "graph/internal/builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "graph/internal/checks.hpp"
#include "graph/location.hpp"

namespace tiaojie::graph::internal {

void GraphBuilder::add_file(std::string name, const std::string& text) {
  // The version covers names and bytes, so renaming or editing any file changes it.
  auto mix = [this](std::string_view bytes) {
    for (unsigned char c : bytes) hash_ = (hash_ ^ c) * 0x100000001b3ull;
    hash_ = (hash_ ^ 0xFF) * 0x100000001b3ull;
  };
  mix(name);
  mix(text);
  files_.push_back(std::move(name));
  read_graph_file(static_cast<std::uint32_t>(files_.size() - 1), files_.back(), text, raw_, diag_);
}

void GraphBuilder::add_failure(std::string where, std::string message) {
  diag_.error_at(std::move(where), std::move(message));
}

struct GraphBuilder::Build {
  GraphBuilder& self;
  BodyGraph& g;
  Diagnostics& diag;
  NameIndex region_by_path;
  std::vector<SourcePos> region_pos;  // where each region was first named

  // The region for a jurisdiction path at `level`, created with its ancestors as needed.
  // k_none (after a diagnostic) when the path is malformed or gives a region two levels.
  RegionIndex region(std::string_view path, RegionLevel level, SourcePos pos) {
    if (auto it = region_by_path.find(path); it != region_by_path.end()) {
      const auto& existing = g.regions_[it->second];
      if (existing.level != level) {
        diag.error(pos, fmt::format("jurisdiction '{}' is a {} here but a {} at {}", path,
                                    level_name(level), level_name(existing.level),
                                    diag.where(region_pos[it->second])));
        return k_none;
      }
      return it->second;
    }
    auto slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (trim_name(name).empty()) {
      diag.error(pos, fmt::format("jurisdiction '{}' has an empty component", path));
      return k_none;
    }
    RegionIndex parent = k_none;
    if (slash != std::string_view::npos) {
      auto parent_level = level == RegionLevel::above
                              ? RegionLevel::above
                              : static_cast<RegionLevel>(static_cast<int>(level) + 1);
      parent = region(path.substr(0, slash), parent_level, pos);
      if (parent == k_none) return k_none;
    }
    auto index = static_cast<RegionIndex>(g.regions_.size());
    g.regions_.push_back({std::string(name), parent, level});
    region_pos.push_back(pos);
    region_by_path.emplace(std::string(path), index);
    return index;
  }

  static std::string_view level_name(RegionLevel level) {
    return level == RegionLevel::above ? std::string_view("level above district")
                                       : to_string(static_cast<Level>(level));
  }

  CategorySet categories(const std::vector<LocatedString>& names) {
    CategorySet set = 0;
    for (const auto& c : names) {
      if (auto i = g.category_index(c.value)) {
        set |= CategorySet{1} << *i;
      } else {
        diag.error(c.pos, fmt::format("unknown category '{}' (the [graph] header routes: {})",
                                      c.value, fmt::join(g.categories_, ", ")));
      }
    }
    return set;
  }

  void header() {
    if (self.raw_.headers.empty()) {
      diag.error_at(self.files_.empty() ? "graph" : self.files_.front() + ":1:1",
                    "no [graph] header in any file (name, categories, intake)");
      return;
    }
    for (std::size_t i = 1; i < self.raw_.headers.size(); ++i) {
      diag.error(self.raw_.headers[i].pos,
                 fmt::format("a second [graph] header (the first is at {})",
                             diag.where(self.raw_.headers[0].pos)));
    }
    const auto& h = self.raw_.headers[0];
    g.name_ = h.name;
    for (const auto& c : h.categories) {
      if (std::find(g.categories_.begin(), g.categories_.end(), c.value) != g.categories_.end()) {
        diag.error(c.pos, fmt::format("category '{}' listed twice", c.value));
      } else if (g.categories_.size() == 64) {
        diag.error(c.pos, "a graph routes at most 64 categories");
      } else {
        g.categories_.push_back(c.value);
      }
    }
  }

  // Merges kinds into bodies, creates regions and the vertices. Returns each raw body's vertex
  // (k_none for a body left out: a duplicate id or a body that failed to resolve).
  std::vector<BodyIndex> bodies() {
    struct Kind {
      const RawKind* raw;
      CategorySet competences;  // resolved once, so a bad category is reported once per kind
    };
    std::unordered_map<std::string_view, Kind> kinds;
    for (const auto& k : self.raw_.kinds) {
      auto [it, fresh] = kinds.emplace(k.name, Kind{&k, 0});
      if (!fresh) {
        diag.error(k.pos, fmt::format("kind '{}' declared twice (first at {})", k.name,
                                      diag.where(it->second.raw->pos)));
      } else if (k.defaults.competences) {
        it->second.competences = categories(*k.defaults.competences);
      }
    }
    const auto& raw = self.raw_.bodies;
    std::vector<BodyIndex> vertex(raw.size(), k_none);
    std::vector<Body> built;
    built.reserve(raw.size());
    std::unordered_map<std::string_view, std::size_t> first_by_id;
    first_by_id.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const auto& rb = raw[i];
      auto [it, fresh] = first_by_id.emplace(rb.id.value, i);
      if (!fresh) {
        diag.error(rb.id.pos, fmt::format("duplicate body id '{}' (first declared at {})",
                                          rb.id.value, diag.where(raw[it->second].id.pos)));
        continue;
      }
      // Each field: the body's own, else its kind's.
      const RawDefaults& own = rb.fields;
      const RawDefaults* kind = nullptr;
      CategorySet competences = own.competences ? categories(*own.competences) : 0;
      if (!rb.kind.value.empty()) {
        auto k = kinds.find(rb.kind.value);
        if (k == kinds.end()) {
          diag.error(rb.kind.pos, fmt::format("body {}: unknown kind '{}'", rb.id.value, rb.kind.value));
          continue;
        }
        kind = &k->second.raw->defaults;
        if (!own.competences) competences = k->second.competences;
      }
      // Plain values rather than optionals: GCC 12 misreads chained optionals as uninitialised.
      int level = own.level ? static_cast<int>(*own.level)
                  : kind && kind->level ? static_cast<int>(*kind->level) : -1;
      std::uint32_t capacity = own.capacity.value_or(kind ? kind->capacity.value_or(0) : 0);
      ModeSet leads = own.leads.value_or(kind ? kind->leads.value_or(0) : 0);
      ModeSet joins = own.joins.value_or(kind ? kind->joins.value_or(0) : 0);
      if (level < 0 || capacity == 0) {
        diag.error(rb.pos, fmt::format("body {} needs a {} (in the body or its kind)", rb.id.value,
                                       level < 0 ? "level" : "capacity"));
        continue;
      }
      Body b;
      b.id.value = rb.id.value;
      b.name = rb.name;
      b.kind = rb.kind.value;
      b.level = static_cast<Level>(level);
      b.capacity = capacity;
      b.competences = competences;
      b.leads = leads;
      b.joins = joins;
      b.pos = rb.pos;
      b.region = region(rb.jurisdiction.value, static_cast<RegionLevel>(b.level), rb.jurisdiction.pos);
      if (b.region == k_none) continue;
      vertex[i] = static_cast<BodyIndex>(built.size());
      built.push_back(std::move(b));
    }
    // add_vertex + move: assigning a whole adjacency_list would copy every vertex.
    for (auto& body : built) {
      auto v = boost::add_vertex(g.adj_);
      g.adj_[v] = std::move(body);
    }
    // Views into the vertices' own strings: built only now that they will not move again.
    g.by_id_.reserve(built.size());
    for (std::size_t v = 0; v < built.size(); ++v) {
      g.by_id_.emplace(g.adj_[v].id.value, static_cast<BodyIndex>(v));
    }
    return vertex;
  }

  void edges(const std::vector<BodyIndex>& vertex) {
    const auto& raw = self.raw_.bodies;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (vertex[i] == k_none) continue;
      auto add = [&](const std::vector<LocatedString>& targets, EdgeKind kind) {
        for (const auto& t : targets) {
          auto target = g.find(t.value);
          if (!target) {
            diag.error(t.pos, fmt::format("body {}: {} names no body '{}'", raw[i].id.value,
                                          to_string(kind), t.value));
          } else if (*target == vertex[i]) {
            diag.error(t.pos, fmt::format("body {}: {} names itself", raw[i].id.value, to_string(kind)));
          } else {
            boost::add_edge(vertex[i], *target, EdgeProps{kind}, g.adj_);
          }
        }
      };
      add(raw[i].escalates_to, EdgeKind::escalates_to);
      add(raw[i].refers_to, EdgeKind::refers_to);
      add(raw[i].partners_with, EdgeKind::partners_with);
    }
    if (!self.raw_.headers.empty()) {
      const auto& intake = self.raw_.headers[0].intake;
      if (auto b = g.find(intake.value)) {
        g.intake_ = *b;
      } else if (!intake.value.empty()) {
        diag.error(intake.pos, fmt::format("intake names no body '{}'", intake.value));
      }
    }
  }

  void region_bodies() {
    std::vector<std::uint32_t> count(g.regions_.size() + 1, 0);
    for (std::size_t v = 0; v < g.body_count(); ++v) count[g.adj_[v].region + 1]++;
    for (std::size_t r = 1; r < count.size(); ++r) count[r] += count[r - 1];
    g.region_body_begin_ = count;
    g.region_bodies_.resize(g.body_count());
    for (std::size_t v = 0; v < g.body_count(); ++v) {
      g.region_bodies_[count[g.adj_[v].region]++] = static_cast<BodyIndex>(v);
    }
    for (std::size_t r = 0; r < g.regions_.size(); ++r) {
      auto begin = g.region_bodies_.begin() + g.region_body_begin_[r];
      auto end = g.region_bodies_.begin() + g.region_body_begin_[r + 1];
      std::sort(begin, end, [&](BodyIndex a, BodyIndex b) { return g.adj_[a].id < g.adj_[b].id; });
    }
  }

  static void index(NameIndex& index, std::string key, RegionIndex r) {
    auto [it, fresh] = index.emplace(std::move(key), r);
    if (!fresh && it->second != r) it->second = k_ambiguous;
  }

  void location_indexes() {
    for (std::size_t r = 0; r < g.regions_.size(); ++r) {
      const auto& region = g.regions_[r];
      auto ri = static_cast<RegionIndex>(r);
      if (region.level == RegionLevel::street) {
        index(g.street_by_key_, std::string(street_key(region.name)), ri);
      } else if (region.level == RegionLevel::community) {
        index(g.community_by_full_key_, std::string(community_key(region.name)), ri);
        if (region.parent == k_none) continue;
        auto ckey = community_key(region.name, street_key(g.regions_[region.parent].name));
        std::string key(sizeof(RegionIndex) + ckey.size(), '\0');
        std::memcpy(key.data(), &region.parent, sizeof(RegionIndex));
        std::memcpy(key.data() + sizeof(RegionIndex), ckey.data(), ckey.size());
        auto [it, fresh] = g.community_by_key_.emplace(std::move(key), ri);
        if (!fresh && it->second != ri) {
          diag.error(region_pos[r], fmt::format("communities '{}' and '{}' share the name key '{}'",
                                                g.region_path(it->second), g.region_path(ri), ckey));
        }
      }
    }
  }
};

CheckedGraph GraphBuilder::finish() {
  auto graph = std::make_shared<BodyGraph>();
  Build build{*this, *graph, diag_, {}, {}};
  build.header();
  auto vertex = build.bodies();
  build.edges(vertex);
  build.region_bodies();
  build.location_indexes();
  graph->files_ = files_;
  graph->version_ = fmt::format("g-{:016x}", hash_);
  raw_ = {};  // the raw declarations are no longer needed; free them before the checks run
  check_graph_structure(*graph, diag_);

  CheckedGraph out;
  out.error_count = diag_.errors();
  out.warning_count = diag_.warnings();
  out.diagnostics = diag_.take();
  if (out.error_count == 0) out.graph = std::move(graph);
  return out;
}

}  // namespace tiaojie::graph::internal

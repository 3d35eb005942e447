// Resolution of raw declarations into a BodyGraph: kinds merged into bodies, jurisdiction paths
// into the region tree, ids into Boost.Graph edges, names into the location indexes.
#include "graph/internal/builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "graph/internal/checks.hpp"
#include "graph/location.hpp"

namespace tiaojie::graph::internal {

std::uint64_t file_version_hash(std::string_view version_name, std::string_view text) {
  // The version covers names and bytes, so renaming or editing any file changes it.
  std::uint64_t hash = k_version_basis;
  auto mix = [&hash](std::string_view bytes) {
    for (unsigned char c : bytes) hash = (hash ^ c) * 0x100000001b3ull;
    hash = (hash ^ 0xFF) * 0x100000001b3ull;
  };
  mix(version_name);
  mix(text);
  return hash;
}

std::uint64_t fold_file_version(std::uint64_t graph_hash, std::uint64_t file_hash) {
  for (int shift = 0; shift < 64; shift += 8) {
    graph_hash = (graph_hash ^ ((file_hash >> shift) & 0xFF)) * 0x100000001b3ull;
  }
  return graph_hash;
}

std::string version_text(std::uint64_t graph_hash) { return fmt::format("g-{:016x}", graph_hash); }

void parse_file(std::uint32_t index, const std::vector<std::string>& names,
                std::string_view version_name, const std::string& text, ParsedFile& out) {
  out.hash = file_version_hash(version_name, text);
  read_graph_file(index, names[index], text, out.raw, out.diag);
}

void GraphBuilder::add_parsed(ParsedFile&& file) {
  hash_ = fold_file_version(hash_, file.hash);
  diag_.absorb(std::move(file.diag));
  auto append = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  append(raw_.headers, file.raw.headers);
  append(raw_.kinds, file.raw.kinds);
  append(raw_.bodies, file.raw.bodies);
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
    if (const auto* found = region_by_path.find(path)) {
      const auto& existing = g.regions_[*found];
      if (existing.level != level) {
        diag.error(pos, fmt::format("jurisdiction '{}' is a {} here but a {} at {}", path,
                                    level_name(level), level_name(existing.level),
                                    diag.where(region_pos[*found])));
        return k_none;
      }
      return *found;
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
    region_by_path.emplace(path, index);
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
      std::string_view name;    // the graph's own copy
    };
    g.kinds_.reserve(self.raw_.kinds.size());
    for (const auto& k : self.raw_.kinds) g.kinds_.push_back(k.name);
    std::unordered_map<std::string_view, Kind> kinds;
    for (std::size_t i = 0; i < self.raw_.kinds.size(); ++i) {
      const auto& k = self.raw_.kinds[i];
      auto [it, fresh] = kinds.emplace(k.name, Kind{&k, 0, g.kinds_[i]});
      if (!fresh) {
        diag.error(k.pos, fmt::format("kind '{}' declared twice (first at {})", k.name,
                                      diag.where(it->second.raw->pos)));
      } else if (k.defaults.competences) {
        it->second.competences = categories(*k.defaults.competences);
      }
    }
    auto& raw = self.raw_.bodies;
    std::vector<BodyIndex> vertex(raw.size(), k_none);
    // Duplicates first, while every raw id is still in place (the loop below moves them out).
    std::vector<char> duplicate(raw.size(), 0);
    {
      NameIndex first_by_id;
      first_by_id.reserve(raw.size());
      for (std::size_t i = 0; i < raw.size(); ++i) {
        auto [first, fresh] = first_by_id.emplace(raw[i].id.value, static_cast<std::uint32_t>(i));
        if (!fresh) {
          duplicate[i] = 1;
          diag.error(raw[i].id.pos, fmt::format("duplicate body id '{}' (first declared at {})",
                                                raw[i].id.value, diag.where(raw[*first].id.pos)));
        }
      }
    }
    region_by_path.reserve(raw.size());
    region_pos.reserve(raw.size());
    g.regions_.reserve(raw.size());
    // Room for every vertex at once (m_vertices is public in Boost.Graph's vecS adjacency_list):
    // grown by doubling, a national graph's 110 MB of vertices would be moved ~20 times into
    // fresh pages.
    g.adj_.m_vertices.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      auto& rb = raw[i];
      if (duplicate[i]) continue;
      // Each field: the body's own, else its kind's.
      const RawDefaults& own = rb.fields;
      const RawDefaults* kind = nullptr;
      std::string_view kind_name;
      CategorySet competences = own.competences ? categories(*own.competences) : 0;
      if (!rb.kind.value.empty()) {
        auto k = kinds.find(rb.kind.value);
        if (k == kinds.end()) {
          diag.error(rb.kind.pos,
                     fmt::format("body {}: unknown kind '{}'", rb.id.value, rb.kind.value));
          continue;
        }
        kind = &k->second.raw->defaults;
        kind_name = k->second.name;
        if (!own.competences) competences = k->second.competences;
      }
      // Plain values rather than optionals: GCC 12 misreads chained optionals as uninitialised.
      int level = own.level             ? static_cast<int>(*own.level)
                  : kind && kind->level ? static_cast<int>(*kind->level)
                                        : -1;
      std::uint32_t capacity = own.capacity.value_or(kind ? kind->capacity.value_or(0) : 0);
      ModeSet leads = own.leads.value_or(kind ? kind->leads.value_or(0) : 0);
      ModeSet joins = own.joins.value_or(kind ? kind->joins.value_or(0) : 0);
      if (level < 0 || capacity == 0) {
        diag.error(rb.pos, fmt::format("body {} needs a {} (in the body or its kind)", rb.id.value,
                                       level < 0 ? "level" : "capacity"));
        continue;
      }
      auto region_index =
          region(rb.jurisdiction.value, static_cast<RegionLevel>(level), rb.jurisdiction.pos);
      if (region_index == k_none) continue;
      // The vertex is created in place and the raw strings moved in: at national scale a copy
      // per string per body is most of the build time.
      auto v = boost::add_vertex(g.adj_);
      Body& b = g.adj_[v];
      b.id.value = std::move(rb.id.value);
      b.name = std::move(rb.name);
      b.kind = kind_name;
      b.level = static_cast<Level>(level);
      b.capacity = capacity;
      b.competences = competences;
      b.leads = leads;
      b.joins = joins;
      if (own.office_hours)
        b.office_hours = *own.office_hours;
      else if (kind && kind->office_hours)
        b.office_hours = *kind->office_hours;
      b.pos = rb.pos;
      b.region = region_index;
      vertex[i] = static_cast<BodyIndex>(v);
    }
    // Views into the vertices' own strings: built only now that they will not move again.
    g.index_ids();
    return vertex;
  }

  void edges(const std::vector<BodyIndex>& vertex) {
    const auto& raw = self.raw_.bodies;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (vertex[i] == k_none) continue;
      const std::string& id = g.adj_[vertex[i]].id.value;  // the raw id was moved into the body
      auto add = [&](const std::vector<LocatedString>& targets, EdgeKind kind) {
        for (const auto& t : targets) {
          auto target = g.find(t.value);
          if (!target) {
            diag.error(t.pos,
                       fmt::format("body {}: {} names no body '{}'", id, to_string(kind), t.value));
          } else if (*target == vertex[i]) {
            diag.error(t.pos, fmt::format("body {}: {} names itself", id, to_string(kind)));
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

  void location_indexes() {
    g.index_locations([&](RegionIndex first, RegionIndex second, std::string_view key) {
      diag.error(region_pos[second],
                 fmt::format("communities '{}' and '{}' share the name key '{}'",
                             g.region_path(first), g.region_path(second), key));
    });
  }
};

CheckedGraph GraphBuilder::finish() {
  auto graph = std::make_shared<BodyGraph>();
  Build build{*this, *graph, diag_, {}, {}};
  build.header();
  auto vertex = build.bodies();
  build.edges(vertex);
  graph->files_ = files_;
  graph->version_ = version_text(hash_);
  raw_ = {};  // the raw declarations are no longer needed; free them before the checks run
  if (graph->index_hot_bodies() && graph->index_regions()) {
    build.location_indexes();
    check_graph_structure(*graph, diag_);
  } else {
    // Only billions of edges or gigabytes of jurisdiction paths get here: no one place to name.
    diag_.error_at(files_.empty() ? "graph" : files_.front() + ":1:1",
                   "the graph's edges or jurisdiction paths outgrow 32-bit offsets");
  }

  CheckedGraph out;
  out.error_count = diag_.errors();
  out.warning_count = diag_.warnings();
  out.diagnostics = diag_.take();
  if (out.error_count == 0) out.graph = std::move(graph);
  return out;
}

}  // namespace tiaojie::graph::internal

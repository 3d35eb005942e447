#include "graph/internal/snapshot_format.hpp"

#include <fmt/format.h>

#include <cstring>
#include <type_traits>

#include "graph/internal/builder.hpp"

namespace tiaojie::graph::internal {
namespace {

constexpr std::string_view k_magic{"TJGSNAP\0", 8};
constexpr std::uint32_t k_byte_order = 0x01020304;
constexpr std::size_t k_header_size = 8 + 4 + 4 + 8 + 8;

// Word-at-a-time: a snapshot of a national graph is tens of megabytes, and this runs on every
// load. It detects damage (a torn write, a flipped byte), not tampering: the cache directory is
// the operator's own.
std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t h = k_version_basis ^ bytes.size();
  auto mix = [&h](std::uint64_t w) {
    h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
  };
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    mix(w);
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  mix(tail);
  return h;
}

class Writer {
 public:
  template <class T>
  void put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void put(std::string_view s) {
    put(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what Writer wrote; past the end it yields zeros and remembers that it ran out.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  template <class T>
  T get() {
    T value{};
    if (rest_.size() < sizeof value) {
      truncated_ = true;
      rest_ = {};
      return value;
    }
    std::memcpy(&value, rest_.data(), sizeof value);
    rest_.remove_prefix(sizeof value);
    return value;
  }
  std::string_view text() {
    auto size = get<std::uint32_t>();
    if (rest_.size() < size) {
      truncated_ = true;
      rest_ = {};
      return {};
    }
    auto s = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return s;
  }
  // A count of items at least `min_item_bytes` long each: a count the bytes left cannot hold is
  // damage, refused before anything is reserved for it.
  std::uint32_t count(std::size_t min_item_bytes) {
    auto n = get<std::uint32_t>();
    if (static_cast<std::uint64_t>(n) * min_item_bytes > rest_.size()) {
      truncated_ = true;
      rest_ = {};
      return 0;
    }
    return n;
  }
  [[nodiscard]] bool truncated() const { return truncated_; }
  [[nodiscard]] bool at_end() const { return rest_.empty(); }

 private:
  std::string_view rest_;
  bool truncated_ = false;
};

void put_pos(Writer& w, SourcePos pos) {
  w.put(pos.file);
  w.put(pos.line);
  w.put(pos.column);
}

// A diagnostic's place as (file index, the rest): "dir/c.toml:12:1" → (i, ":12:1") where files[i]
// is "dir/c.toml"; (k_none, where) when it names no file (a region path).
std::pair<std::uint32_t, std::string_view> split_where(std::string_view where,
                                                       std::span<const std::string> files) {
  std::uint32_t best = k_none;
  for (std::uint32_t i = 0; i < files.size(); ++i) {
    if (where.starts_with(files[i]) && where.substr(files[i].size()).starts_with(':') &&
        (best == k_none || files[i].size() > files[best].size())) {
      best = i;
    }
  }
  if (best == k_none) return {k_none, where};
  return {best, where.substr(files[best].size())};
}

Error damaged(std::string_view why) {
  return invalid_input(fmt::format("graph snapshot is damaged: {}", why));
}

}  // namespace

std::string SnapshotCodec::encode(const CheckedGraph& checked) {
  const BodyGraph& g = *checked.graph;
  Writer w;
  w.put(std::string_view(g.version_));
  w.put(static_cast<std::uint32_t>(g.files_.size()));
  w.put(std::string_view(g.name_));
  w.put(static_cast<std::uint32_t>(g.categories_.size()));
  for (const auto& c : g.categories_) w.put(std::string_view(c));
  w.put(static_cast<std::uint32_t>(g.kinds_.size()));
  for (const auto& k : g.kinds_) w.put(std::string_view(k));
  w.put(g.intake_);

  w.put(static_cast<std::uint32_t>(g.regions_.size()));
  for (const auto& r : g.regions_) {
    w.put(std::string_view(r.name));
    w.put(r.parent);
    w.put(static_cast<std::uint8_t>(r.level));
  }

  w.put(static_cast<std::uint32_t>(g.body_count()));
  for (BodyIndex b = 0; b < g.body_count(); ++b) {
    const Body& body = g.body(b);
    w.put(std::string_view(body.id.value));
    w.put(std::string_view(body.name));
    // Kinds are few and their names unique in a graph without errors.
    std::uint32_t kind = k_none;
    for (std::uint32_t k = 0; k < g.kinds_.size() && !body.kind.empty(); ++k) {
      if (g.kinds_[k] == body.kind) kind = k;
    }
    w.put(kind);
    w.put(static_cast<std::uint8_t>(body.level));
    w.put(body.region);
    w.put(body.capacity);
    w.put(body.competences);
    w.put(body.leads);
    w.put(body.joins);
    auto hours = body.office_hours.intervals();
    w.put(static_cast<std::uint8_t>(hours.size()));
    for (const auto& h : hours) {
      w.put(h.open);
      w.put(h.close);
    }
    put_pos(w, body.pos);
    w.put(static_cast<std::uint32_t>(boost::out_degree(b, g.adj_)));
    for (auto [it, end] = boost::out_edges(b, g.adj_); it != end; ++it) {
      w.put(static_cast<BodyIndex>(boost::target(*it, g.adj_)));
      w.put(static_cast<std::uint8_t>(g.adj_[*it].kind));
    }
  }

  w.put(static_cast<std::uint64_t>(checked.warning_count));
  w.put(static_cast<std::uint32_t>(checked.diagnostics.size()));
  for (const auto& d : checked.diagnostics) {
    auto [file, rest] = split_where(d.where, g.files_);
    w.put(static_cast<std::uint8_t>(d.severity));
    w.put(file);
    w.put(rest);
    w.put(std::string_view(d.message));
  }

  std::string payload = w.take();
  Writer header;
  header.put(std::uint64_t{0});  // room for the magic, copied in below
  header.put(k_snapshot_format);
  header.put(k_byte_order);
  header.put(static_cast<std::uint64_t>(payload.size()));
  header.put(checksum(payload));
  std::string out = header.take();
  out.replace(0, k_magic.size(), k_magic);
  out += payload;
  return out;
}

Result<CheckedGraph> SnapshotCodec::decode(std::string_view bytes, std::string_view version,
                                           std::span<const std::string> files) {
  if (bytes.size() < k_header_size || bytes.substr(0, k_magic.size()) != k_magic) {
    return std::unexpected(invalid_input("not a graph snapshot"));
  }
  Reader header(bytes.substr(k_magic.size(), k_header_size - k_magic.size()));
  auto format = header.get<std::uint32_t>();
  auto order = header.get<std::uint32_t>();
  auto size = header.get<std::uint64_t>();
  auto sum = header.get<std::uint64_t>();
  if (format != k_snapshot_format || order != k_byte_order) {
    return std::unexpected(invalid_input(
        fmt::format("graph snapshot format {} (byte order {:#x}), this build reads format {}",
                    format, order, k_snapshot_format)));
  }
  auto payload = bytes.substr(k_header_size);
  if (payload.size() != size) return std::unexpected(damaged("its size does not match"));
  if (checksum(payload) != sum) return std::unexpected(damaged("checksum mismatch"));

  Reader r(payload);
  auto g = std::make_shared<BodyGraph>();
  g->version_ = r.text();
  if (g->version_ != version) {
    return std::unexpected(invalid_input(
        fmt::format("graph snapshot is of version {}, the files are {}", g->version_, version)));
  }
  if (r.get<std::uint32_t>() != files.size()) {
    return std::unexpected(invalid_input("graph snapshot names another number of files"));
  }
  g->files_.assign(files.begin(), files.end());
  g->name_ = r.text();
  for (auto n = r.count(4); n > 0; --n) g->categories_.emplace_back(r.text());
  if (g->categories_.size() > 64) return std::unexpected(damaged("more than 64 categories"));
  const auto n_kinds = r.count(4);
  g->kinds_.reserve(n_kinds);  // Body::kind views these: never resized after this
  for (auto n = n_kinds; n > 0; --n) g->kinds_.emplace_back(r.text());
  g->intake_ = r.get<BodyIndex>();

  const auto n_regions = r.count(4 + 4 + 1);
  g->regions_.reserve(n_regions);
  for (RegionIndex i = 0; i < n_regions; ++i) {
    Region region;
    region.name = r.text();
    region.parent = r.get<RegionIndex>();
    auto level = r.get<std::uint8_t>();
    // The builder creates a region's parent before it: a parent after its child is damage (and
    // would let a damaged file make the region tree cyclic).
    if ((region.parent != k_none && region.parent >= i) ||
        level > static_cast<std::uint8_t>(RegionLevel::above)) {
      return std::unexpected(damaged(fmt::format("region {} is out of range", i)));
    }
    region.level = static_cast<RegionLevel>(level);
    g->regions_.push_back(std::move(region));
  }

  const auto n_bodies = r.count(4 + 4 + 4 + 1 + 4 + 4 + 8 + 1 + 1 + 1 + 12 + 4);
  if (g->intake_ != k_none && g->intake_ >= n_bodies)
    return std::unexpected(damaged("the intake body is out of range"));
  const CategorySet all_categories =
      g->categories_.size() == 64 ? ~CategorySet{0} : (CategorySet{1} << g->categories_.size()) - 1;
  // Vertices one by one, as the builder adds them (assigning a whole adjacency_list copies it),
  // into room reserved once: grown by doubling, a national graph's 110 MB of vertices would be
  // moved ~20 times into fresh pages, about as much page-fault time as the rest of the decode.
  // (m_vertices is public in Boost.Graph's vecS adjacency_list; the builder does the same.)
  g->adj_.m_vertices.reserve(n_bodies);
  for (BodyIndex b = 0; b < n_bodies; ++b) boost::add_vertex(g->adj_);
  for (BodyIndex b = 0; b < n_bodies; ++b) {
    Body& body = g->adj_[b];
    body.id.value = r.text();
    body.name = r.text();
    auto kind = r.get<std::uint32_t>();
    auto level = r.get<std::uint8_t>();
    body.region = r.get<RegionIndex>();
    body.capacity = r.get<std::uint32_t>();
    body.competences = r.get<CategorySet>();
    body.leads = r.get<ModeSet>();
    body.joins = r.get<ModeSet>();
    OfficeInterval hours[OfficeHours::k_max];
    auto n_hours = r.get<std::uint8_t>();
    if (n_hours > OfficeHours::k_max) n_hours = 0;  // refused by make_office_hours below
    for (std::size_t h = 0; h < n_hours; ++h) {
      hours[h].open = r.get<std::uint32_t>();
      hours[h].close = r.get<std::uint32_t>();
    }
    auto office = make_office_hours(std::span<const OfficeInterval>(hours, n_hours));
    body.pos.file = r.get<std::uint32_t>();
    body.pos.line = r.get<std::uint32_t>();
    body.pos.column = r.get<std::uint32_t>();
    if (r.truncated()) break;
    if ((kind != k_none && kind >= n_kinds) || level > static_cast<std::uint8_t>(Level::district) ||
        body.region >= n_regions || body.capacity == 0 || (body.competences & ~all_categories) ||
        !office || body.pos.file >= files.size()) {
      return std::unexpected(damaged(fmt::format("body {} is out of range", b)));
    }
    if (kind != k_none) body.kind = g->kinds_[kind];
    body.level = static_cast<Level>(level);
    body.office_hours = *office;
    for (auto n = r.count(4 + 1); n > 0; --n) {
      auto target = r.get<BodyIndex>();
      auto edge = r.get<std::uint8_t>();
      if (target >= n_bodies || target == b ||
          edge > static_cast<std::uint8_t>(EdgeKind::partners_with)) {
        return std::unexpected(damaged(fmt::format("an edge of body {} is out of range", b)));
      }
      boost::add_edge(b, target, EdgeProps{static_cast<EdgeKind>(edge)}, g->adj_);
    }
  }

  CheckedGraph out;
  out.warning_count = r.get<std::uint64_t>();
  for (auto n = r.count(1 + 4 + 4 + 4); n > 0; --n) {
    auto severity = r.get<std::uint8_t>();
    auto file = r.get<std::uint32_t>();
    auto rest = r.text();
    auto message = r.text();
    if (severity != static_cast<std::uint8_t>(Diagnostic::Severity::warning) ||
        (file != k_none && file >= files.size())) {
      return std::unexpected(damaged("a diagnostic is out of range"));
    }
    out.diagnostics.push_back({Diagnostic::Severity::warning,
                               file == k_none ? std::string(rest) : files[file] + std::string(rest),
                               std::string(message)});
  }
  if (r.truncated() || !r.at_end()) return std::unexpected(damaged("truncated or trailing bytes"));

  g->index_ids();
  if (g->by_id_.size() != g->body_count()) return std::unexpected(damaged("duplicate body ids"));
  if (!g->index_hot_bodies() || !g->index_regions()) {
    return std::unexpected(damaged("edges or region paths outgrow 32-bit offsets"));
  }
  bool clash = false;
  g->index_locations([&](RegionIndex, RegionIndex, std::string_view) { clash = true; });
  if (clash) return std::unexpected(damaged("two communities share a name key"));
  out.graph = std::move(g);
  return out;
}

}  // namespace tiaojie::graph::internal

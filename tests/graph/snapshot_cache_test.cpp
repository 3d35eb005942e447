#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "graph/graph_equality.hpp"
#include "graph/load.hpp"
#include "graph/mini_graph.hpp"
#include "support/paths.hpp"

namespace tg = tiaojie::graph;
namespace fs = std::filesystem;

namespace {

// A copy of the shipped Haizhu graph and an empty cache directory, removed afterwards.
struct Scratch {
  fs::path root = fs::temp_directory_path() / ("tiaojie-snapshot-" + std::to_string(::getpid()) +
                                               "-" + std::to_string(counter()++));
  fs::path graph = root / "bodies";
  tg::SnapshotCache cache{root / "cache"};

  Scratch() {
    fs::remove_all(root);
    fs::create_directories(root);
    fs::copy(tiaojie::test::source_dir() / "config" / "bodies", graph, fs::copy_options::recursive);
  }
  ~Scratch() { fs::remove_all(root); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  static int& counter() {
    static int n = 0;
    return n;
  }
  std::vector<fs::path> snapshots() const {
    std::vector<fs::path> out;
    if (!fs::exists(cache.dir)) return out;
    for (const auto& e : fs::directory_iterator(cache.dir)) out.push_back(e.path());
    return out;
  }
  fs::path first_graph_file() const { return tg::graph_files(graph).front(); }
};

void append(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::app) << text;
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace

TEST_CASE("the first load writes a snapshot and the next one reads it: the same graph") {
  Scratch s;
  auto from_toml = tg::check_graph(s.graph);
  auto first = tg::check_graph(s.graph, s.cache);
  REQUIRE(first.ok());
  CHECK(first.snapshot == tg::SnapshotUse::written);
  CHECK(first.snapshot_note == "");
  REQUIRE(s.snapshots().size() == 1);
  CHECK(s.snapshots()[0].filename().string().starts_with(first.graph->version()));

  auto second = tg::check_graph(s.graph, s.cache);
  REQUIRE(second.ok());
  CHECK(second.snapshot == tg::SnapshotUse::loaded);
  tiaojie::test::check_same_graph(*from_toml.graph, *second.graph);
  tiaojie::test::check_same_assignments(*from_toml.graph, *second.graph);
  CHECK(second.warning_count == from_toml.warning_count);
  CHECK(second.diagnostics.size() == from_toml.diagnostics.size());
}

TEST_CASE("an edited graph is parsed again and its stale snapshot replaced, not used") {
  Scratch s;
  auto before = tg::check_graph(s.graph, s.cache);
  REQUIRE(before.ok());
  append(s.first_graph_file(), "\n# an edit: a new version\n");
  auto after = tg::check_graph(s.graph, s.cache);
  REQUIRE(after.ok());
  CHECK(after.snapshot == tg::SnapshotUse::written);
  CHECK(after.graph->version() != before.graph->version());
  CHECK(after.graph->version() == tg::check_graph(s.graph).graph->version());
  REQUIRE(s.snapshots().size() == 1);  // the stale one is gone
  CHECK(s.snapshots()[0].filename().string().starts_with(after.graph->version()));
  CHECK(tg::check_graph(s.graph, s.cache).snapshot == tg::SnapshotUse::loaded);
}

TEST_CASE("a stale snapshot put in the current version's place is refused and rebuilt") {
  Scratch s;
  auto before = tg::check_graph(s.graph, s.cache);
  REQUIRE(before.ok());
  const auto old_snapshot = s.snapshots().at(0);
  const auto old_bytes = read(old_snapshot);
  append(s.first_graph_file(), "\n# an edit\n");
  auto after = tg::check_graph(s.graph, s.cache);
  REQUIRE(after.ok());
  const auto current = s.snapshots().at(0);
  write(current, old_bytes);  // the old graph under the new version's name

  auto again = tg::check_graph(s.graph, s.cache);
  REQUIRE(again.ok());
  CHECK(again.snapshot == tg::SnapshotUse::written);
  CHECK(again.snapshot_note.find("version") != std::string::npos);
  CHECK(again.graph->version() == after.graph->version());
  CHECK(read(current) != old_bytes);
  CHECK(tg::check_graph(s.graph, s.cache).snapshot == tg::SnapshotUse::loaded);
}

TEST_CASE("a damaged or truncated snapshot is rebuilt from the TOML, not used") {
  Scratch s;
  auto from_toml = tg::check_graph(s.graph);
  REQUIRE(tg::check_graph(s.graph, s.cache).ok());
  const auto snapshot = s.snapshots().at(0);
  auto bytes = read(snapshot);

  SUBCASE("a flipped byte") { bytes[bytes.size() / 2] ^= 0x01; }
  SUBCASE("cut short") { bytes.resize(bytes.size() / 3); }
  SUBCASE("empty") { bytes.clear(); }
  SUBCASE("not a snapshot") { bytes = "[graph]\nname = \"x\"\n"; }
  write(snapshot, bytes);

  auto rebuilt = tg::check_graph(s.graph, s.cache);
  REQUIRE(rebuilt.ok());
  CHECK(rebuilt.snapshot == tg::SnapshotUse::written);
  CHECK(rebuilt.snapshot_note != "");
  tiaojie::test::check_same_graph(*from_toml.graph, *rebuilt.graph);
  auto reloaded = tg::check_graph(s.graph, s.cache);
  CHECK(reloaded.snapshot == tg::SnapshotUse::loaded);
  tiaojie::test::check_same_graph(*from_toml.graph, *reloaded.graph);
}

TEST_CASE("errors in the TOML are reported at file:line:column with a cache, and not cached") {
  Scratch s;
  REQUIRE(tg::check_graph(s.graph, s.cache).ok());
  const auto file = s.first_graph_file();
  append(file, "\n[[body]]\nid = 42\n");
  auto without = tg::check_graph(s.graph);
  auto with = tg::check_graph(s.graph, s.cache);
  REQUIRE_FALSE(with.ok());
  CHECK(with.graph == nullptr);
  CHECK(with.snapshot == tg::SnapshotUse::not_written);
  CHECK(with.error_count == without.error_count);
  REQUIRE(with.diagnostics.size() == without.diagnostics.size());
  for (std::size_t i = 0; i < with.diagnostics.size(); ++i) {
    CHECK(with.diagnostics[i].to_string() == without.diagnostics[i].to_string());
  }
  CHECK(with.diagnostics.front().where.starts_with(file.string() + ":"));
  auto loaded = tg::load_graph(s.graph, s.cache);
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loaded.error().where.starts_with(file.string() + ":"));
}

TEST_CASE("a cache directory that cannot be written costs only the speed") {
  Scratch s;
  write(s.root / "not-a-dir", "a file where the cache directory should be");
  auto checked = tg::check_graph(s.graph, tg::SnapshotCache{s.root / "not-a-dir" / "cache"});
  REQUIRE(checked.ok());
  CHECK(checked.snapshot == tg::SnapshotUse::not_written);
  CHECK(checked.snapshot_note.find("cannot") != std::string::npos);
  tiaojie::test::check_same_graph(*tg::check_graph(s.graph).graph, *checked.graph);
}

TEST_CASE("a graph folder moved elsewhere uses its snapshot and names its files where they are") {
  Scratch s;
  REQUIRE(tg::check_graph(s.graph, s.cache).ok());
  const auto moved = s.root / "elsewhere" / "bodies";
  fs::create_directories(moved.parent_path());
  fs::rename(s.graph, moved);
  auto checked = tg::check_graph(moved, s.cache);
  REQUIRE(checked.ok());
  CHECK(checked.snapshot == tg::SnapshotUse::loaded);
  tiaojie::test::check_same_graph(*tg::check_graph(moved).graph, *checked.graph);
}

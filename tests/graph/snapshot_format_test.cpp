#include "graph/internal/snapshot_format.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "graph/graph_equality.hpp"
#include "graph/load.hpp"
#include "graph/mini_graph.hpp"
#include "support/paths.hpp"

namespace tg = tiaojie::graph;
using tg::internal::SnapshotCodec;

namespace {

const tg::CheckedGraph& checked_mini() {
  static const auto g =
      tg::check_graph_sources(tiaojie::test::one_file(tiaojie::test::mini_graph_text()));
  REQUIRE(g.ok());
  return g;
}

std::vector<std::string> names(const tg::BodyGraph& g) {
  return {g.files().begin(), g.files().end()};
}

}  // namespace

TEST_CASE("a snapshot decodes to the same graph, which assigns every dispute the same way") {
  const auto& original = checked_mini();
  const auto bytes = SnapshotCodec::encode(original);
  auto decoded = SnapshotCodec::decode(bytes, original.graph->version(), names(*original.graph));
  REQUIRE_MESSAGE(decoded.has_value(), decoded.error().to_string());
  REQUIRE(decoded->ok());
  tiaojie::test::check_same_graph(*original.graph, *decoded->graph);
  tiaojie::test::check_same_assignments(*original.graph, *decoded->graph);
  CHECK(SnapshotCodec::encode(*decoded) == bytes);
}

TEST_CASE("the shipped Haizhu graph survives a snapshot, warnings and all") {
  const auto original = tg::check_graph(tiaojie::test::source_dir() / "config" / "bodies");
  REQUIRE(original.ok());
  const auto files = names(*original.graph);
  auto decoded =
      SnapshotCodec::decode(SnapshotCodec::encode(original), original.graph->version(), files);
  REQUIRE_MESSAGE(decoded.has_value(), decoded.error().to_string());
  tiaojie::test::check_same_graph(*original.graph, *decoded->graph);
  tiaojie::test::check_same_assignments(*original.graph, *decoded->graph);
  CHECK(decoded->warning_count == original.warning_count);
  REQUIRE(decoded->diagnostics.size() == original.diagnostics.size());
  for (std::size_t i = 0; i < original.diagnostics.size(); ++i) {
    CHECK(decoded->diagnostics[i].to_string() == original.diagnostics[i].to_string());
  }
}

TEST_CASE("a snapshot's warnings name the files where they are now") {
  // A body that neither leads nor joins is a warning, not an error.
  const auto text =
      tiaojie::test::mini_graph_text() +
      "\n[[body]]\nid = \"a.idle\"\nname = \"idle\"\nkind = \"community\"\n"
      "jurisdiction = \"D/甲街道/一社区\"\nleads = []\nescalates_to = \"a.committee\"\n";
  const auto original = tg::check_graph_sources(tiaojie::test::one_file(text));
  REQUIRE(original.ok());
  REQUIRE(original.warning_count == 1);
  CHECK(original.diagnostics[0].where.starts_with("mini.toml:"));
  auto decoded = SnapshotCodec::decode(SnapshotCodec::encode(original), original.graph->version(),
                                       std::vector<std::string>{"moved/mini.toml"});
  REQUIRE(decoded.has_value());
  REQUIRE(decoded->diagnostics.size() == 1);
  CHECK(decoded->diagnostics[0].where == "moved/" + original.diagnostics[0].where);
  CHECK(decoded->diagnostics[0].message == original.diagnostics[0].message);
  CHECK(decoded->graph->where(decoded->graph->body(0).pos).starts_with("moved/mini.toml:"));
}

TEST_CASE("a snapshot of another version or file count is refused") {
  const auto& original = checked_mini();
  const auto bytes = SnapshotCodec::encode(original);
  auto other = SnapshotCodec::decode(bytes, "g-0000000000000000", names(*original.graph));
  REQUIRE_FALSE(other.has_value());
  CHECK(other.error().message.find("version") != std::string::npos);
  auto more_files = SnapshotCodec::decode(bytes, original.graph->version(),
                                          std::vector<std::string>{"a.toml", "b.toml"});
  CHECK_FALSE(more_files.has_value());
}

TEST_CASE("every truncation and every flipped byte of a snapshot is refused") {
  const auto& original = checked_mini();
  const auto bytes = SnapshotCodec::encode(original);
  const auto version = original.graph->version();
  const auto files = names(*original.graph);
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    INFO("size ", size);
    CHECK_FALSE(SnapshotCodec::decode(std::string_view(bytes).substr(0, size), version, files));
  }
  CHECK_FALSE(SnapshotCodec::decode(bytes + '\0', version, files));
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    auto damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    INFO("byte ", at);
    CHECK_FALSE(SnapshotCodec::decode(damaged, version, files));
  }
}

TEST_CASE("a snapshot of another format is refused, not misread") {
  const auto& original = checked_mini();
  auto bytes = SnapshotCodec::encode(original);
  bytes[8] = static_cast<char>(bytes[8] + 1);  // the format version follows the 8-byte magic
  auto decoded = SnapshotCodec::decode(bytes, original.graph->version(), names(*original.graph));
  REQUIRE_FALSE(decoded.has_value());
  CHECK(decoded.error().message.find("format") != std::string::npos);
}

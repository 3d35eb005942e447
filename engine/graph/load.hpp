// Loading and checking the body graph from its TOML files (format: docs/graph.md).
//
// A graph is a file, or a directory whose *.toml files (recursively, in path order) together
// declare one [graph] header, [kind.*] defaults and [[body]] tables. Loading parses the files
// (on up to 8 threads when there are many: TOML parsing is most of a national graph's load; each
// file's TOML tree is dropped once read, so all of them are never held at once), folds them in
// file order (results do not depend on the thread count), resolves ids, builds the Boost.Graph
// and runs every load-time check (design.md §6):
//   - TOML syntax, unknown keys, wrong types, unknown levels/modes/categories/kinds;
//   - duplicate body ids; dangling ids in escalates_to / refers_to / partners_with / intake;
//   - jurisdiction paths that give one region two levels;
//   - escalation that goes down a level or out of the body's jurisdiction;
//   - escalation cycles (the message prints the cycle: a → b → c → a);
//   - a body whose escalation chain never reaches a district body;
//   - a category some region (community or street) cannot route to any competent body.
// Every diagnostic says where: "config/bodies/district.toml:12:1".
//
// With a SnapshotCache, a checked graph is also kept as a binary snapshot keyed by its version
// (the content hash of the files) and the snapshot format; the next load whose files hash to the
// same version reads the snapshot instead of parsing TOML (docs/graph.md, "Snapshot cache").
// Thread-safety: free functions without shared state; safe to call from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/body_graph.hpp"
#include "model/error.hpp"

namespace tiaojie::graph {

struct Diagnostic {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  std::string where;  // "file:line:column"
  std::string message;
  // "where: error: message".
  [[nodiscard]] std::string to_string() const;
};

// One graph file's name (as diagnostics should print it) and its bytes.
struct GraphSource {
  std::string name;
  std::string text;
};

// What a load did with the snapshot cache.
enum class SnapshotUse : std::uint8_t {
  none,         // no cache asked for
  loaded,       // read from the snapshot of the files' current version; no TOML parsed
  written,      // parsed from TOML (no snapshot, or a stale or damaged one) and a snapshot written
  not_written,  // parsed from TOML; no snapshot kept: the graph has errors, or writing failed
};
[[nodiscard]] std::string_view to_string(SnapshotUse use);

struct CheckedGraph {
  std::shared_ptr<const BodyGraph> graph;  // null when there was any error
  std::vector<Diagnostic> diagnostics;     // errors and warnings, in file order, then checks
  std::size_t error_count = 0;             // may exceed the diagnostics kept (capped at 200)
  std::size_t warning_count = 0;
  SnapshotUse snapshot = SnapshotUse::none;
  // Why a snapshot was not used or not written ("graph snapshot is damaged: checksum mismatch");
  // "" when it was, or when there was none to use.
  std::string snapshot_note;
  [[nodiscard]] bool ok() const { return error_count == 0; }
};

// Where check_graph may keep snapshots. A snapshot never replaces the TOML files: it is used only
// for the exact version (content hash) and snapshot format it was written for, is checked (a
// checksum and every index) before use, and a stale or damaged one is replaced by a fresh load.
struct SnapshotCache {
  // A directory for this graph's snapshots, created when needed; writing there replaces the
  // snapshots of other versions. Default: "" = no cache, parse the TOML every time.
  std::filesystem::path dir;
};

// Reads and checks the graph at `path` (a .toml file or a directory). An unreadable path or a
// directory without .toml files is a diagnostic too. Never throws.
[[nodiscard]] CheckedGraph check_graph(const std::filesystem::path& path);
// The same through a snapshot cache: still reads every file (to compute the version), but parses
// no TOML when a snapshot of that version is there. A cache that cannot be read or written costs
// only the speed (snapshot_note says why); diagnostics and the graph are the same either way.
[[nodiscard]] CheckedGraph check_graph(const std::filesystem::path& path,
                                       const SnapshotCache& cache);
// The same over in-memory sources (tests, and callers that read files themselves).
[[nodiscard]] CheckedGraph check_graph_sources(std::span<const GraphSource> sources);

// The graph, or an Error (invalid_input, `where` = the first error's place; io_error when the
// path cannot be read) whose message is the first error followed by how many more there were.
[[nodiscard]] Result<std::shared_ptr<const BodyGraph>> load_graph(
    const std::filesystem::path& path);
[[nodiscard]] Result<std::shared_ptr<const BodyGraph>> load_graph(const std::filesystem::path& path,
                                                                  const SnapshotCache& cache);
[[nodiscard]] Result<std::shared_ptr<const BodyGraph>> load_graph_sources(
    std::span<const GraphSource> sources);

// The .toml files a graph path names, sorted; empty when none (or unreadable).
[[nodiscard]] std::vector<std::filesystem::path> graph_files(const std::filesystem::path& path);

}  // namespace tiaojie::graph

// Internal: turns the files of a graph into a checked BodyGraph. Files are parsed by parse_file
// (on any thread; each file's TOML tree is dropped once read), folded in with add_parsed in file
// order, then finish() resolves, builds and checks once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/internal/raw.hpp"
#include "graph/load.hpp"

namespace tiaojie::graph::internal {

// One file read on its own (any thread): its declarations, diagnostics and content hash.
struct ParsedFile {
  RawGraph raw;
  Diagnostics diag;
  std::uint64_t hash = 0;
  explicit ParsedFile(const std::vector<std::string>& names) : diag(names) {}
};

// Parses file `index` of `names` (its text given). Its content hash covers `version_name` and the
// text: the name as the graph knows it (the path below the graph folder), not where the folder
// lies, so that one graph has one version wherever it is installed. Thread-safe: touches only its
// result.
void parse_file(std::uint32_t index, const std::vector<std::string>& names,
                std::string_view version_name, const std::string& text, ParsedFile& out);

// The graph version, computed without parsing (the snapshot cache's key): a file's hash covers
// its version name and bytes; the graph's folds the files' hashes in file order, starting from
// k_version_basis; version_text gives "g-" + 16 hex digits. parse_file and GraphBuilder use the
// same functions, so both ways give one version.
inline constexpr std::uint64_t k_version_basis = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis
[[nodiscard]] std::uint64_t file_version_hash(std::string_view version_name, std::string_view text);
[[nodiscard]] std::uint64_t fold_file_version(std::uint64_t graph_hash, std::uint64_t file_hash);
[[nodiscard]] std::string version_text(std::uint64_t graph_hash);

class GraphBuilder {
 public:
  // `names`: every file of the graph, in order; diagnostics print these names.
  explicit GraphBuilder(std::vector<std::string> names) : files_(std::move(names)) {}
  GraphBuilder(const GraphBuilder&) = delete;
  GraphBuilder& operator=(const GraphBuilder&) = delete;

  // The names given at construction (for parse_file on worker threads).
  [[nodiscard]] const std::vector<std::string>& files() const { return files_; }
  // Room for this many more bodies, so that folding files in never reallocates (and never holds
  // two copies of a national graph's raw bodies at once).
  void reserve_bodies(std::size_t count) { raw_.bodies.reserve(raw_.bodies.size() + count); }
  // Folds in the next file, in order. Every file must be added, parsed or failed, in order.
  void add_parsed(ParsedFile&& file);
  // Records a file that could not be read.
  void add_failure(std::string where, std::string message);
  // Resolves, builds and checks. Call once.
  CheckedGraph finish();

 private:
  struct Build;  // the state of finish(), in builder.cpp
  std::vector<std::string> files_;
  Diagnostics diag_{files_};
  RawGraph raw_;
  std::uint64_t hash_ = k_version_basis;
};

}  // namespace tiaojie::graph::internal

// Internal: turns the files of a graph into a checked BodyGraph. Feed files one at a time with
// add_file (each file's TOML tree is dropped once read), then call finish() once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/internal/raw.hpp"
#include "graph/load.hpp"

namespace tiaojie::graph::internal {

class GraphBuilder {
 public:
  GraphBuilder() = default;
  GraphBuilder(const GraphBuilder&) = delete;
  GraphBuilder& operator=(const GraphBuilder&) = delete;

  // Reads one file (its name is how diagnostics will print it) and folds it into the version hash.
  void add_file(std::string name, const std::string& text);
  // Records a file that could not be read.
  void add_failure(std::string where, std::string message);
  // Resolves, builds and checks. Call once.
  CheckedGraph finish();

 private:
  struct Build;  // the state of finish(), in builder.cpp
  std::vector<std::string> files_;
  Diagnostics diag_{files_};
  RawGraph raw_;
  std::uint64_t hash_ = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis
};

}  // namespace tiaojie::graph::internal

// The body-graph loader (graph/load.hpp) from in-memory sources: the input holds one or more
// graph files ("#==> name.toml" lines, see fuzz_support.hpp; the seeds are config/bodies/ in
// that form). Only the loader: a graph that loads is not asked for routes. "#==> @shipped" lays
// the input over the whole shipped config/bodies/ (the district and its 18 streets,
// fuzz_support.hpp), so the long runs' -max_len (8 KB, .ci/fuzz) still lets the whole graph be
// loaded and changed.
#include <span>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "graph/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tiaojie;
  static const auto shipped = fuzz::read_shipped("config/bodies");
  auto files = fuzz::split_files(fuzz::as_text(data, size), "district.toml");
  fuzz::lay_over(files, shipped);
  std::vector<graph::GraphSource> sources;
  for (auto& [name, text] : files) {
    sources.push_back({name, std::move(text)});
  }
  auto checked = graph::check_graph_sources(sources);
  fuzz::require(checked.ok() == (checked.graph != nullptr), "a graph exactly when no error");
  return 0;
}

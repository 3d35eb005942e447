// The body-graph loader (graph/load.hpp) from in-memory sources: the input holds one or more
// graph files ("#==> name.toml" lines, see fuzz_support.hpp; the seeds are config/bodies/ in
// that form). A graph that loads is then asked for routes, so that what the checks let through
// is exercised.
#include <span>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "graph/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tiaojie;
  std::vector<graph::GraphSource> sources;
  for (auto& [name, text] : fuzz::split_files(fuzz::as_text(data, size), "district.toml")) {
    sources.push_back({name, std::move(text)});
  }
  auto checked = graph::check_graph_sources(sources);
  fuzz::require(checked.ok() == (checked.graph != nullptr), "a graph exactly when no error");
  return 0;
}

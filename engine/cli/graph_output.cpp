#include "cli/graph_output.hpp"

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "graph/load.hpp"

namespace tiaojie::cli {

std::string graph_path_or_default(const std::string& path) {
  if (!path.empty()) return path;
  auto shipped = default_data_path("config/bodies");
  if (shipped.empty()) {
    fmt::print(stderr, "tiaojie: no shipped graph (config/bodies) found; pass --graph PATH\n");
    throw CliExit{2};
  }
  return shipped;
}

std::shared_ptr<const graph::BodyGraph> load_graph_or_exit(const std::string& path) {
  auto loaded = graph::load_graph(graph_path_or_default(path));
  if (!loaded) {
    fmt::print(stderr, "tiaojie: {}\n", loaded.error().to_string());
    throw CliExit{1};
  }
  return *loaded;
}

void print_assignment(const graph::BodyGraph& g, const Assignment& a) {
  auto label = [&](const BodyId& id) {
    auto b = g.find(id.value);
    return b ? fmt::format("{} ({})", id.value, g.body(*b).name) : id.value;
  };
  fmt::print("assignment (graph {} {}):\n", g.name(), a.graph_version);
  fmt::print("  location:  {}\n", a.location.empty() ? "(not found)" : a.location);
  fmt::print("  lead:      {}\n", label(a.lead));
  for (const auto& p : a.partners) fmt::print("  partner:   {}\n", label(p));
  if (a.needs_review) fmt::print("  REVIEW:    {}\n", a.review_reason);
  fmt::print("  path:\n");
  for (std::size_t i = 0; i < a.path.size(); ++i) {
    fmt::print("    {}. {} — {}\n", i + 1, a.path[i].body.value, a.path[i].verdict);
  }
}

}  // namespace tiaojie::cli

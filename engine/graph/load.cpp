// File access for graph loading: the only place the graph concept touches the file system.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "graph/internal/builder.hpp"
#include "graph/load.hpp"

namespace tiaojie::graph {
namespace fs = std::filesystem;

std::string Diagnostic::to_string() const {
  return fmt::format("{}: {}: {}", where, severity == Severity::error ? "error" : "warning", message);
}

std::vector<fs::path> graph_files(const fs::path& path) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".toml") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  }
  return files;
}

CheckedGraph check_graph(const fs::path& path) {
  internal::GraphBuilder builder;
  auto files = graph_files(path);
  if (files.empty()) {
    builder.add_failure(path.string(), fs::exists(path) ? "no .toml graph files here"
                                                        : "no such file or directory");
    return builder.finish();
  }
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      builder.add_failure(file.string(), "cannot open file");
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();  // an empty file sets failbit on `text`: it is still a valid (empty) file
    builder.add_file(file.string(), std::move(text).str());
  }
  return builder.finish();
}

CheckedGraph check_graph_sources(std::span<const GraphSource> sources) {
  internal::GraphBuilder builder;
  for (const auto& s : sources) builder.add_file(s.name, s.text);
  return builder.finish();
}

namespace {

Result<std::shared_ptr<const BodyGraph>> to_result(CheckedGraph checked) {
  if (checked.ok()) return std::move(checked.graph);
  const auto& first = *std::find_if(checked.diagnostics.begin(), checked.diagnostics.end(),
                                    [](const Diagnostic& d) {
                                      return d.severity == Diagnostic::Severity::error;
                                    });
  auto message = checked.error_count > 1
                     ? fmt::format("{} (and {} more errors)", first.message, checked.error_count - 1)
                     : first.message;
  return std::unexpected(invalid_input(std::move(message), first.where));
}

}  // namespace

Result<std::shared_ptr<const BodyGraph>> load_graph(const fs::path& path) {
  if (graph_files(path).empty()) {
    return std::unexpected(io_error("no .toml graph files found", path.string()));
  }
  return to_result(check_graph(path));
}

Result<std::shared_ptr<const BodyGraph>> load_graph_sources(std::span<const GraphSource> sources) {
  return to_result(check_graph_sources(sources));
}

}  // namespace tiaojie::graph

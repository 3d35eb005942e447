// File access for graph loading: with snapshot_cache.cpp, the only place the graph concept
// touches the file system.
#include "graph/load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <thread>

#include "graph/internal/builder.hpp"
#include "graph/internal/files.hpp"

namespace tiaojie::graph {
namespace fs = std::filesystem;

std::string Diagnostic::to_string() const {
  return fmt::format("{}: {}: {}", where, severity == Severity::error ? "error" : "warning",
                     message);
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

namespace internal {

GraphFileNames name_graph_files(const fs::path& path) {
  GraphFileNames out;
  out.paths = graph_files(path);
  const bool folder = fs::is_directory(path);
  for (const auto& f : out.paths) {
    out.names.push_back(f.string());
    out.version_names.push_back(
        (folder ? f.lexically_relative(path) : f.filename()).generic_string());
  }
  return out;
}

bool read_whole_file(const fs::path& path, std::string& text) {
  // One read into a buffer of the file's size: a national graph is 130 MB of TOML, and a stream
  // copied through a stringbuf costs two more copies and the page faults of each.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return false;
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  text.clear();
  if (!ec) text.resize(size);
  std::size_t got = ec ? 0 : std::fread(text.data(), 1, text.size(), file.get());
  text.resize(got);
  // A file that grew since its size was taken (or whose size is unknown): read on to its end.
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) {
    text.append(buffer, n);
  }
  return !std::ferror(file.get());
}

void for_each_in_parallel(std::size_t count, const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) work(i);
  };
  unsigned workers = std::min<unsigned>(std::max(1u, std::thread::hardware_concurrency()), 8);
  if (count < k_parallel_from) workers = 1;
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < workers; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
}

}  // namespace internal

namespace {

// Parses every file on worker threads (toml++ is most of the load time of a large graph), then
// folds the results into the builder in file order, so that diagnostics, the version and the
// graph are the same whatever the thread count.
// `version_names[i]` names file i in the graph's version (internal::parse_file).
CheckedGraph build(std::vector<std::string> names, const std::vector<std::string>& version_names,
                   const std::function<bool(std::size_t, std::string&)>& read) {
  internal::GraphBuilder builder(std::move(names));
  const auto& files = builder.files();
  std::vector<std::unique_ptr<internal::ParsedFile>> parsed(files.size());
  std::vector<char> unreadable(files.size(), 0);
  internal::for_each_in_parallel(files.size(), [&](std::size_t i) {
    std::string text;
    parsed[i] = std::make_unique<internal::ParsedFile>(files);
    if (!read(i, text)) {
      unreadable[i] = 1;
      return;
    }
    internal::parse_file(static_cast<std::uint32_t>(i), files, version_names[i], text, *parsed[i]);
  });
  std::size_t bodies = 0;
  for (const auto& p : parsed) bodies += p->raw.bodies.size();
  builder.reserve_bodies(bodies);
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (unreadable[i]) builder.add_failure(files[i], "cannot open file");
    builder.add_parsed(std::move(*parsed[i]));
    parsed[i].reset();
  }
  return builder.finish();
}

}  // namespace

CheckedGraph check_graph(const fs::path& path) {
  auto files = internal::name_graph_files(path);
  if (files.paths.empty()) {
    internal::GraphBuilder builder({});
    builder.add_failure(path.string(), fs::exists(path) ? "no .toml graph files here"
                                                        : "no such file or directory");
    return builder.finish();
  }
  return build(std::move(files.names), files.version_names, [&](std::size_t i, std::string& text) {
    return internal::read_whole_file(files.paths[i], text);
  });
}

CheckedGraph check_graph_sources(std::span<const GraphSource> sources) {
  std::vector<std::string> names;
  for (const auto& s : sources) names.push_back(s.name);
  const auto version_names = names;
  return build(std::move(names), version_names, [&](std::size_t i, std::string& text) {
    text = sources[i].text;
    return true;
  });
}

namespace {

Result<std::shared_ptr<const BodyGraph>> to_result(CheckedGraph checked) {
  if (checked.ok()) return std::move(checked.graph);
  const auto& first =
      *std::find_if(checked.diagnostics.begin(), checked.diagnostics.end(),
                    [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::error; });
  auto message = checked.error_count > 1 ? fmt::format("{} (and {} more errors)", first.message,
                                                       checked.error_count - 1)
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

Result<std::shared_ptr<const BodyGraph>> load_graph(const fs::path& path,
                                                    const SnapshotCache& cache) {
  if (graph_files(path).empty()) {
    return std::unexpected(io_error("no .toml graph files found", path.string()));
  }
  return to_result(check_graph(path, cache));
}

Result<std::shared_ptr<const BodyGraph>> load_graph_sources(std::span<const GraphSource> sources) {
  return to_result(check_graph_sources(sources));
}

}  // namespace tiaojie::graph

// Internal: the file side of loading a graph, shared by load.cpp (TOML) and snapshot_cache.cpp.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tiaojie::graph::internal {

// A graph path's files, sorted: where they are, the names diagnostics print, and the names the
// graph's version hashes (the path below the graph folder, so one graph has one version wherever
// it is installed). All empty when the path names no .toml file.
struct GraphFileNames {
  std::vector<std::filesystem::path> paths;
  std::vector<std::string> names;
  std::vector<std::string> version_names;
};
[[nodiscard]] GraphFileNames name_graph_files(const std::filesystem::path& path);

// The whole file into `text`; false when it cannot be opened.
[[nodiscard]] bool read_whole_file(const std::filesystem::path& path, std::string& text);

// Calls work(i) for each i in [0, count) on up to 8 threads (1 when count < 16: a district graph
// costs more in threads than it saves), each i exactly once, in no particular order.
void for_each_in_parallel(std::size_t count, const std::function<void(std::size_t)>& work);

}  // namespace tiaojie::graph::internal

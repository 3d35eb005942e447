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

// Calls work(i) for each i in [0, count) on up to 8 threads, each i exactly once, in no particular
// order. Below k_parallel_from files it stays on the calling thread: a district's graph (Haizhu's
// is 19 files, 387 bodies) parses in a few milliseconds, about one more than on two threads, on a
// rare reload, and starts no thread (under ASan that start was half of a load's CPU); a
// province's (one file per county, 100 and more) or the nation's (2,762) gains from them.
inline constexpr std::size_t k_parallel_from = 64;
void for_each_in_parallel(std::size_t count, const std::function<void(std::size_t)>& work);

}  // namespace tiaojie::graph::internal

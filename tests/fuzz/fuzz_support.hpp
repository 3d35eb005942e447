// What the fuzz targets share: the input as text, the source tree for the shipped data they load
// once, inputs that stand for several files, and a check that stops the run on a broken property.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

namespace tiaojie::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline std::filesystem::path source_dir() { return TIAOJIE_SOURCE_DIR; }

// A property every input must keep (beyond "no crash"): a violation is a finding, so it aborts
// like a sanitizer report and libFuzzer saves the input.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

// Several files in one input, for the loaders that read a folder (rules, graph): a line
// "#==> name.toml" starts the file `name.toml` (a TOML comment, so a single file needs no
// marker: text before the first marker is the file `default_name`). tests/fuzz/seeds.py writes
// seeds in this form from rules/ and config/bodies/. See also k_shipped below.
inline std::map<std::string, std::string> split_files(std::string_view input,
                                                      std::string default_name) {
  static constexpr std::string_view k_marker = "#==> ";
  std::map<std::string, std::string> files;
  std::string name = std::move(default_name);
  std::string text;
  auto flush = [&] {
    if (!text.empty() || !files.contains(name)) files[name] += text;
    text.clear();
  };
  while (!input.empty()) {
    std::size_t nl = input.find('\n');
    std::string_view line = input.substr(0, nl == std::string_view::npos ? input.size() : nl + 1);
    input.remove_prefix(line.size());
    if (line.starts_with(k_marker)) {
      flush();
      std::string_view rest = line.substr(k_marker.size());
      while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
      name = std::string(rest);
      continue;
    }
    text += line;
  }
  flush();
  return files;
}

// The *.toml files under `dir` of the source tree ({path relative to dir → text}), read once by
// the caller (keep it in a static): the shipped data a loader target lays its input over.
inline std::map<std::string, std::string> read_shipped(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir() / dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    files[fs::relative(entry.path(), source_dir() / dir).generic_string()] = std::move(text).str();
  }
  require(!files.empty(), "the shipped files are found in the source tree");
  return files;
}

// "#==> @shipped" in an input stands for every shipped file (`shipped`), under the input's own
// files (which replace the shipped ones of the same name). So the whole shipped set is a 14-byte
// input, not 70 KB: the long runs can cap -max_len for speed and still load it whole.
inline constexpr std::string_view k_shipped = "@shipped";
inline void lay_over(std::map<std::string, std::string>& files,
                     const std::map<std::string, std::string>& shipped) {
  if (files.erase(std::string(k_shipped)) == 0) return;
  for (const auto& [name, text] : shipped) files.try_emplace(name, text);
}

}  // namespace tiaojie::fuzz

// What the fuzz targets share: the input as text, the source tree for the shipped data they load
// once, inputs that stand for several files, and a check that stops the run on a broken property.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
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
// marker: text before the first marker is the file `default_name`). tests/fuzz/seeds.sh writes
// seeds in this form from rules/ and config/bodies/.
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

}  // namespace tiaojie::fuzz

// Loads the shipped formats and gazetteer once for the adapter tests.
#pragma once

#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "adapters/format.hpp"
#include "adapters/gazetteer.hpp"
#include "support/paths.hpp"

namespace tiaojie::test {

inline const std::map<std::string, adapters::Format, std::less<>>& shipped_formats() {
  static const auto formats = [] {
    auto f = adapters::load_formats(source_dir() / "config" / "formats");
    if (!f) throw std::runtime_error(f.error().to_string());
    return std::move(*f);
  }();
  return formats;
}

inline const adapters::Gazetteer& shipped_gazetteer() {
  static const auto g = [] {
    auto r = adapters::load_gazetteer(source_dir() / "config" / "gazetteer" / "haizhu.toml");
    if (!r) throw std::runtime_error(r.error().to_string());
    return std::move(*r);
  }();
  return g;
}

// The JSON objects of an NDJSON file under tests/data/adapters/.
inline std::vector<boost::json::object> sample_records(const std::string& file) {
  std::ifstream in(source_dir() / "tests" / "data" / "adapters" / file, std::ios::binary);
  if (!in) throw std::runtime_error("missing sample file " + file);
  std::vector<boost::json::object> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    out.push_back(boost::json::parse(line).as_object());
  }
  return out;
}

}  // namespace tiaojie::test

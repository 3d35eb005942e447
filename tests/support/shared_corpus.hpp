// Runs ../shared/bench/gen_corpus.py into the build tree and returns its lines, so that tests use
// the same synthetic disputes as the benchmarks. Requires python3 (installed by .ci/setup).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace tiaojie::test {

// `args` are gen_corpus.py's own ("--n 500 --seed 3", "--tricky"). Throws when the generator is
// missing or fails: a test that needs the corpus must not pass without it.
inline std::vector<std::string> shared_corpus_lines(const std::string& args) {
  auto script = shared_dir() / "bench" / "gen_corpus.py";
  if (!std::filesystem::exists(script)) {
    throw std::runtime_error("missing " + script.string() + ": ../shared must sit beside the clone");
  }
  auto out = binary_dir() / ("corpus-" + std::to_string(std::hash<std::string>{}(args)) + ".ndjson");
  std::string cmd = "python3 '" + script.string() + "' " + args + " --out '" + out.string() + "'";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
  std::ifstream in(out, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace tiaojie::test

// Runs the `tiaojie` binary for the cli tests and keeps what it printed.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "daemon/serve_process.hpp"

namespace tiaojie::test {

struct CliRun {
  int status = -1;
  std::string out, err;
};

// A new empty folder for one test, under the system's temporary folder.
inline std::filesystem::path cli_fresh_dir(const std::string& name) {
  return fresh_test_dir("cli", name);
}

// `tiaojie ARGS` (a shell fragment: quoting and "< file" are the caller's) run from `cwd`, with
// `env` ("NAME=value …") in its environment.
inline CliRun run_cli(const std::string& args, const std::filesystem::path& cwd,
                      const std::string& env = "") {
  static int n = 0;
  auto out = std::filesystem::temp_directory_path() /
             ("tiaojie-cli-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
  CliRun r;
  const std::string cmd = "cd '" + cwd.string() + "' && " + env + " '" + TIAOJIE_CLI + "' " + args +
                          " > '" + out.string() + ".out' 2> '" + out.string() + ".err'";
  const int raw = std::system(cmd.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out.string() + ".out");
  r.err = slurp(out.string() + ".err");
  std::filesystem::remove(out.string() + ".out");
  std::filesystem::remove(out.string() + ".err");
  return r;
}

// A daemon configuration in `dir` for tests that run `tiaojie serve` with the shipped rules, graph,
// calendar, formats and gazetteer: a free port, data in dir/data, one channel `walk_in` with
// `walk_in_token` and one operator `li` with `operator_token`.
inline std::filesystem::path write_daemon_config(const std::filesystem::path& dir,
                                                 const std::string& walk_in_token,
                                                 const std::string& operator_token) {
  auto shipped = [](const char* p) { return (source_dir() / "config" / p).string(); };
  std::ofstream(dir / "tiaojie.toml")
      << "[server]\nport = 0\nthreads = 2\ndata_dir = \"data\"\n"
      << "[http]\nlisten = \"127.0.0.1:0\"\n"
      << "[paths]\nrules = \"" << (source_dir() / "rules").string()
      << "\"\nwatch_interval_ms = 0\ngraph = \"" << shipped("bodies") << "\"\ncalendar = \""
      << shipped("calendar") << "\"\nformats = \"" << shipped("formats") << "\"\ngazetteer = \""
      << shipped("gazetteer/haizhu.toml") << "\"\n[[channel]]\nid = \"walk_in\"\ntoken = \""
      << walk_in_token << "\"\n"
      << "[[operator]]\nname = \"li\"\ntoken = \"" << operator_token << "\"\n";
  return dir / "tiaojie.toml";
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace tiaojie::test

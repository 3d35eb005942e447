// `tiaojie` run as an operator runs it, for the store suite's tests of `store verify|rebuild` and
// replay: TIAOJIE_CLI is the binary (set by tests/store/CMakeLists.txt).
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "store/store_fixture.hpp"

namespace tiaojie::test {

// The result of running the `tiaojie` binary: exit status, and standard output and error together.
struct CliRan {
  int status = -1;
  std::string out;
};

// `tiaojie ARGS` (a shell fragment) as an operator runs it; its output goes through dir/stdout.txt.
inline CliRan run_cli(const std::string& args, const TempDir& dir) {
  const auto out = dir.file("stdout.txt");
  const std::string cmd = std::string("'") + TIAOJIE_CLI + "' " + args + " > '" + out + "' 2>&1";
  const int raw = std::system(cmd.c_str());
  std::ifstream in(out);
  std::stringstream s;
  s << in.rdbuf();
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, s.str()};
}

}  // namespace tiaojie::test

// read_input (commands.hpp): one input file, or standard input, read whole.
#include <fmt/core.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/commands.hpp"

namespace tiaojie::cli {

std::string read_input(const std::string& file) {
  if (file == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "tiaojie: cannot read {}\n", file);
    throw CliExit{2};
  }
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

}  // namespace tiaojie::cli

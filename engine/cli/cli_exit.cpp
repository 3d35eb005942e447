// fail_command (commands.hpp): the one way a command prints why it stops and sets the exit status.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"

namespace tiaojie::cli {

void fail_command(std::string_view who, std::string_view message, int status) {
  fmt::print(stderr, "{}: {}\n", who, message);
  throw CliExit{status};
}

}  // namespace tiaojie::cli

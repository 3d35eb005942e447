// The `tiaojie` binary: wires the subcommands of every concept together and nothing else.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "cli/commands.hpp"
#include "cli/usage_error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"tiaojie (调解): classifies, routes and tracks mediation disputes", "tiaojie"};
  app.set_version_flag("--version", std::string(TIAOJIE_VERSION));
  app.require_subcommand(1);
  app.fallthrough();
  tiaojie::cli::add_rules_commands(app);
  tiaojie::cli::add_adapters_commands(app);
  tiaojie::cli::add_graph_commands(app);
  tiaojie::cli::add_store_commands(app);
  tiaojie::cli::add_daemon_commands(app);
  tiaojie::cli::add_report_commands(app);
  tiaojie::cli::add_replay_commands(app);
  tiaojie::cli::add_case_commands(app);
  tiaojie::cli::add_account_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return tiaojie::cli::report_parse_error(app, e, argc, argv);
  } catch (const tiaojie::cli::CliExit& e) {
    return e.status;
  } catch (const std::exception& e) {
    fmt::print(stderr, "tiaojie: {}\n", e.what());
    return 2;
  }
  return 0;
}

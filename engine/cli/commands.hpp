// Each concept registers its subcommands of the `tiaojie` binary here. main.cpp calls them in
// order; a command's callback runs the command and sets the process exit status through
// CliExit (thrown only at this edge, caught in main).
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "model/time.hpp"
#include "store/location.hpp"

namespace tiaojie::cli {

// Thrown by a command to end the process with `status` after it printed what it had to say.
struct CliExit {
  int status = 0;
};

// How a command gives up: prints "WHO: MESSAGE" to standard error ("tiaojie case show: no case
// 12") and throws CliExit{status} (cli_exit.cpp).
[[noreturn]] void fail_command(std::string_view who, std::string_view message, int status);

// The whole of `file` ("-": standard input), for commands that read one input file. A file that
// cannot be opened prints "tiaojie: cannot read FILE" and throws CliExit{2} (read_input.cpp).
std::string read_input(const std::string& file);

// The start of the day a date option names, midnight in Shanghai: "--since 2026-11-24". Anything
// but YYYY-MM-DD fails the command through fail_command(who, …, status) (date_option.cpp).
[[nodiscard]] Timestamp day_start_option(std::string_view text, std::string_view option,
                                         std::string_view who, int status);

// `tiaojie graph check|show|assign` (graph_commands.cpp).
void add_graph_commands(CLI::App& app);

// `rules check|test [DIR]` and `explain FILE|-` (engine/cli/rules_commands.cpp).
void add_rules_commands(CLI::App& app);
// `rules coverage`: scores `rules` (loaded from `rules_dir`) on the corpus file `corpus_file`
// (tests/data/corpus/README.md) and prints per-field accuracy, categories under `min_records`
// records, the confusion of categories, rules no record exercises and, with `show_misses`, every
// record the rules got wrong. Exits 1 when a `require_*` percentage (0 = none) is not met or a
// rule is unexercised and `require_exercised` (rules_coverage.cpp).
namespace rules_coverage {
struct Options {
  std::string corpus_file;
  std::size_t min_records = 10;
  double require_category = 0, require_all = 0;
  bool require_exercised = false;
  bool show_misses = false;
};
}  // namespace rules_coverage
void rules_coverage_command(const std::string& rules_dir, const rules_coverage::Options& options);
// `import`, `adapt` (adapters_commands.cpp).
void add_adapters_commands(CLI::App& app);
// serve, submit and demo (daemon_commands.cpp, demo_command.cpp).
void add_daemon_commands(CLI::App& app);
void add_demo_command(CLI::App& app);
// `tiaojie client`: requests line by line from standard input (client_command.cpp).
void add_client_command(CLI::App& app);
// `tiaojie report weekly` (report_commands.cpp).
void add_report_commands(CLI::App& app);

// `account hash|check [FILE]`: the workbench's staff accounts (account_commands.cpp).
void add_account_commands(CLI::App& app);

// `case show|list|accept|transfer|resolve|withdraw|close` (case_commands.cpp).
void add_case_commands(CLI::App& app);

// `store verify|rebuild [--store PATH]` (store_commands.cpp).
void add_store_commands(CLI::App& app);
// `store backfill-repeats` under the `store` command (store_backfill.cpp).
void add_store_backfill_command(CLI::App* store);
// `replay`, `rules diff|export` (replay_commands.cpp). Call after add_rules_commands.
void add_replay_commands(CLI::App& app);
// `rules versions [--store PATH]`: the stored rule-set versions (rules_versions.cpp).
void add_rules_versions_command(CLI::App* rules_cmd);
// `explain --case ID [--store PATH]`: a past decision re-run under its stored rule-set version
// beside the rules in `rules_dir` (replay_commands.cpp).
void explain_case_command(std::int64_t case_id, const store::StoreLocation& store_at,
                          const std::string& rules_dir, bool json);

}  // namespace tiaojie::cli

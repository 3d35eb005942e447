// Where a command finds its files when the command line does not name them (docs: README "Paths").
//
// One rule for every subcommand: the defaults come from a configuration file, the daemon's own
// tiaojie.toml, so that `rules check`, `graph check`, `report weekly`, `store verify`… look at the
// very folders and store the daemon serves. Every relative path in that file resolves against the
// file's folder (daemon/config.hpp). With no --config, the configuration is the first that exists
// of
//   ./tiaojie.toml, ./config/tiaojie.toml (a clone), <sysconfdir>/tiaojie/tiaojie.toml
//   (/etc/tiaojie)
// and never a file of the source tree the binary was built from: a copy of the project checks its
// own rules. Only the demo, which needs the shipped Haizhu data wherever it runs, falls back to the
// data beside the binary (build/<preset>/tiaojie in a clone: the clone's config/tiaojie.toml).
// CLI edge only: a missing configuration prints where it looked and throws CliExit{2}.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config_paths.hpp"
#include "store/location.hpp"

namespace tiaojie::cli {

// The configuration files looked for, in order (for messages and --help).
[[nodiscard]] std::vector<std::filesystem::path> config_candidates();

// The first of config_candidates() that exists; nullopt when none does.
[[nodiscard]] std::optional<std::filesystem::path> find_config();

// The configuration shipped beside the running binary: <exe>/../../config/tiaojie.toml (a build
// tree inside its clone); nullopt when there is none. The demo's last resort.
[[nodiscard]] std::optional<std::filesystem::path> config_beside_binary();

// The store file of a configuration: its [store] url's, or <data_dir>/tiaojie.sqlite.
[[nodiscard]] std::filesystem::path store_path(const daemon::DaemonConfig& config);

// A command's default paths, read from the configuration named by its --config option or found
// as above. The configuration is read once, on first use, without its token file (a user who may
// not read the tokens still gets the paths). Not thread-safe (the CLI is single-threaded).
class ConfigDefaults {
 public:
  // Adds `--config FILE` to `cmd`, its help naming the lookup order and the file found now.
  // `for_demo`: also fall back to the configuration beside the binary.
  static std::shared_ptr<ConfigDefaults> add_option(CLI::App* cmd, bool for_demo = false);

  // The configuration; prints where it looked and throws CliExit{2} when there is none, or its
  // error when it does not load.
  const daemon::DaemonConfig& config();
  // The configuration when one is named or found (it must then load), nullptr when none exists:
  // for settings that have defaults of their own (the report's [reports] presentation keys).
  const daemon::DaemonConfig* config_if_any();

  // `option` when not empty, else the configuration's path, as a string.
  std::string rules(const std::string& option);
  std::string graph(const std::string& option);
  std::string formats(const std::string& option);
  std::string gazetteer(const std::string& option);
  std::string calendar(const std::string& option);
  // The store: `option` (a path or a store URL, store::parse_store_argument) when not empty, else
  // the configuration's (daemon::store_location). A bad URL prints why and throws CliExit{2}.
  store::StoreLocation store_location(const std::string& option);
  // The SQLite file of store_location(option), for the commands that work on SQLite's own files
  // (`what` names the command in the refusal of another backend, CliExit{2}).
  std::string store(const std::string& option, std::string_view what);

  // For a path a command can do without (body names beside ids): `option` when not empty, else
  // the configuration's [paths] KEY when a configuration is named or found, else nullopt. Errors
  // as config()'s only for a named configuration that does not load.
  std::optional<std::string> optional_path(const std::string& option, std::string_view key);

  // The text "(default: [paths] KEY of the configuration, now PATH)" for an option's help, where
  // PATH is what the configuration found now gives (omitted when there is none).
  static std::string help_default(std::string_view key);

 private:
  std::string option_;
  bool for_demo_ = false;
  std::optional<daemon::DaemonConfig> loaded_;
};

// Adds the spellings of the store option to `cmd`: --store, and --db as a hidden alias (the name
// `report weekly` and `store verify|rebuild` used before; one vocabulary now).
CLI::Option* add_store_option(CLI::App* cmd, std::string& target, const std::string& help);

}  // namespace tiaojie::cli

// `tiaojie store verify|rebuild [--store PATH]`: checks (or repairs) the current-state tables of a
// store against its event log.
#include <fmt/core.h>

#include <chrono>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "store/sqlite_store.hpp"

namespace tiaojie::cli {
namespace {

std::unique_ptr<store::SqliteStore> open_store(const std::string& path) {
  auto s = store::SqliteStore::open({.path = path, .create_if_missing = false});
  if (!s) {
    fmt::print(stderr, "tiaojie store: {}\n", s.error().to_string());
    throw CliExit{2};
  }
  return std::move(*s);
}

void run_verify(const std::string& path, std::size_t max_shown) {
  auto s = open_store(path);
  const auto start = std::chrono::steady_clock::now();
  auto report = s->verify();
  if (!report) {
    fmt::print(stderr, "tiaojie store verify: {}\n", report.error().to_string());
    throw CliExit{2};
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("{}: {} events, {} cases replayed in {:.2f} s\n", path, report->events, report->cases,
             seconds);
  if (report->ok()) {
    fmt::print("ok: the current-state tables match the event log\n");
    return;
  }
  fmt::print("{} difference(s) between the tables and the log:\n", report->differences.size());
  std::size_t shown = 0;
  for (const auto& d : report->differences) {
    if (shown++ == max_shown) {
      fmt::print("  … and {} more\n", report->differences.size() - max_shown);
      break;
    }
    fmt::print("  {} {}:\n    stored:  {}\n    derived: {}\n", d.table, d.key, d.stored, d.derived);
  }
  fmt::print("run `tiaojie store rebuild --store {}` to rewrite the tables from the log\n", path);
  throw CliExit{1};
}

void run_rebuild(const std::string& path) {
  auto s = open_store(path);
  if (auto r = s->rebuild(); !r) {
    fmt::print(stderr, "tiaojie store rebuild: {}\n", r.error().to_string());
    throw CliExit{2};
  }
  fmt::print("{}: current-state tables rebuilt from the event log\n", path);
}

}  // namespace

void add_store_commands(CLI::App& app) {
  auto* store = app.add_subcommand("store", "Inspect and repair the case store");
  store->require_subcommand(1);

  const auto store_help = "The store file " + ConfigDefaults::help_default("store");
  auto verify_db = std::make_shared<std::string>();
  auto max_shown = std::make_shared<std::size_t>(20);
  auto* verify = store->add_subcommand(
      "verify", "Rebuild the current state from the event log and report any difference (exit 1)");
  add_store_option(verify, *verify_db, store_help);
  verify->add_option("--show", *max_shown, "Differences to print at most")->capture_default_str();
  auto verify_defaults = ConfigDefaults::add_option(verify);
  verify->callback([=] { run_verify(verify_defaults->store(*verify_db), *max_shown); });

  auto rebuild_db = std::make_shared<std::string>();
  auto* rebuild = store->add_subcommand(
      "rebuild", "Rewrite the current-state tables from the event log (one transaction)");
  add_store_option(rebuild, *rebuild_db, store_help);
  auto rebuild_defaults = ConfigDefaults::add_option(rebuild);
  rebuild->callback([=] { run_rebuild(rebuild_defaults->store(*rebuild_db)); });
}

}  // namespace tiaojie::cli

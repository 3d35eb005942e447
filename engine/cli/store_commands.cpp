// `tiaojie store verify|rebuild [--store PATH]`: checks (or repairs) the current-state tables of a
// store against its event log. `tiaojie store backup|restore`: a consistent copy of a live store,
// and bringing one back (store/backup.hpp). `store backfill-repeats`: store_backfill.cpp.
#include <fmt/core.h>

#include <chrono>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "store/backup.hpp"
#include "store/open_store.hpp"

namespace tiaojie::cli {
namespace {

std::unique_ptr<store::Store> open_or_exit(const store::StoreLocation& at) {
  auto s = store::open_store(at, {.create_if_missing = false});
  if (!s) {
    fmt::print(stderr, "tiaojie store: {}\n", s.error().to_string());
    throw CliExit{2};
  }
  return std::move(*s);
}

void run_verify(const store::StoreLocation& at, std::size_t max_shown) {
  const std::string path = store::to_string(at);
  auto s = open_or_exit(at);
  const auto start = std::chrono::steady_clock::now();
  auto report = s->verify();
  if (!report) {
    fmt::print(stderr, "tiaojie store verify: {}\n", report.error().to_string());
    throw CliExit{2};
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (report->damaged.empty()) {
    fmt::print("{}: {} events, {} cases replayed in {:.2f} s\n", path, report->events,
               report->cases, seconds);
  }
  if (report->ok()) {
    // Row checksums are the SQLite store's (schema v8); a PostgreSQL cluster checksums pages.
    fmt::print("ok: {}the current-state tables match the log\n",
               at.backend == store::Backend::sqlite ? "every row matches its checksum and " : "");
    return;
  }
  if (!report->damaged.empty()) {
    fmt::print(
        "{} case(s) with a row that does not match its checksum (damaged; the tables were "
        "not compared):\n",
        report->damaged.size());
    for (const auto& id : report->damaged) fmt::print("  case {}\n", id.value);
    fmt::print("restore these cases from a backup (`tiaojie store backup`)\n");
    throw CliExit{1};
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

void run_rebuild(const store::StoreLocation& at) {
  const std::string path = store::to_string(at);
  auto s = open_or_exit(at);
  if (auto r = s->rebuild(); !r) {
    fmt::print(stderr, "tiaojie store rebuild: {}\n", r.error().to_string());
    throw CliExit{2};
  }
  fmt::print("{}: current-state tables rebuilt from the event log\n", path);
}

void print_summary(const std::string& verb, const std::string& path,
                   const store::BackupSummary& s) {
  fmt::print("{} {}: {} cases, log up to event {}, schema {}, {:.1f} MB; integrity ok\n", verb,
             path, s.cases, s.last_seq, s.schema_version, static_cast<double>(s.bytes) / 1e6);
}

void run_backup(const std::string& path, const std::string& out, bool compact) {
  auto summary = store::backup_store(
      path, out, compact ? store::BackupLayout::compact : store::BackupLayout::as_is);
  if (!summary) {
    fmt::print(stderr, "tiaojie store backup: {}\n", summary.error().to_string());
    throw CliExit{summary.error().code == ErrorCode::conflict ? 1 : 2};
  }
  print_summary("backup of " + path + " written to", out, *summary);
}

void run_restore(const std::string& backup, const std::string& path) {
  auto summary = store::restore_store(backup, path);
  if (!summary) {
    fmt::print(stderr, "tiaojie store restore: {}\n", summary.error().to_string());
    throw CliExit{summary.error().code == ErrorCode::conflict ? 1 : 2};
  }
  print_summary("restored " + backup + " into", path, *summary);
  fmt::print("the replaced store, if there was one, is kept as {}.pre-restore\n", path);
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
  verify->callback([=] { run_verify(verify_defaults->store_location(*verify_db), *max_shown); });

  auto rebuild_db = std::make_shared<std::string>();
  auto* rebuild = store->add_subcommand(
      "rebuild", "Rewrite the current-state tables from the event log (one transaction)");
  add_store_option(rebuild, *rebuild_db, store_help);
  auto rebuild_defaults = ConfigDefaults::add_option(rebuild);
  rebuild->callback([=] { run_rebuild(rebuild_defaults->store_location(*rebuild_db)); });

  auto backup_db = std::make_shared<std::string>();
  auto backup_out = std::make_shared<std::string>();
  auto* backup = store->add_subcommand(
      "backup", "Copy the store to a new file, consistently, while the daemon keeps serving");
  add_store_option(backup, *backup_db, store_help);
  backup->add_option("OUT", *backup_out, "The backup file to write (must not exist)")->required();
  auto backup_compact = std::make_shared<bool>(false);
  backup->add_flag("--compact", *backup_compact,
                   "Rewrite the copy table by table (VACUUM INTO): each table's pages together, "
                   "so that a cold replay or report reads less; restore it to compact the store");
  auto backup_defaults = ConfigDefaults::add_option(backup);
  // Backup and restore copy SQLite's file itself (its online backup API, its locks): SQLite's own.
  backup->callback([=] {
    run_backup(backup_defaults->store(*backup_db, "store backup"), *backup_out, *backup_compact);
  });

  auto restore_db = std::make_shared<std::string>();
  auto restore_in = std::make_shared<std::string>();
  auto* restore = store->add_subcommand("restore",
                                        "Replace the store with a backup (the daemon must be "
                                        "stopped); keeps the old as .pre-restore");
  add_store_option(restore, *restore_db, store_help);
  restore->add_option("BACKUP", *restore_in, "The backup file to bring back")->required();
  auto restore_defaults = ConfigDefaults::add_option(restore);
  restore->callback(
      [=] { run_restore(*restore_in, restore_defaults->store(*restore_db, "store restore")); });

  add_store_backfill_command(store);
}

}  // namespace tiaojie::cli

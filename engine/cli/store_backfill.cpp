// `tiaojie store backfill-repeats [--store PATH] [--key-file FILE] [--batch N]`: repeat keys for
// the cases stored before schema v9, so that new disputes by the same party link to them
// (store/repeat_backfill.hpp, docs/repeats.md).
#include <fmt/core.h>

#include <filesystem>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "daemon/config.hpp"
#include "daemon/repeat_keys.hpp"
#include "store/repeat_backfill.hpp"
#include "store/sqlite_store.hpp"

namespace tiaojie::cli {
namespace {

[[noreturn]] void backfill_fail(const Error& e) {
  fail_command("tiaojie store backfill-repeats", e.to_string(), 2);
}

void run_backfill(const std::string& path, const std::filesystem::path& key_file,
                  std::size_t batch) {
  // Never a new secret: keys made with one would link nothing to the daemon's.
  if (!std::filesystem::exists(key_file)) {
    backfill_fail(not_found(
        "no repeat key file: the daemon creates it at its first start ([repeat] key_file, "
        "default <data_dir>/repeat.key); name the daemon's with --key-file",
        key_file.string()));
  }
  auto secret = daemon::load_or_create_repeat_secret(key_file);
  if (!secret) backfill_fail(secret.error());
  // Opened once read-write: an older store is migrated to this build's schema first.
  if (auto s = store::SqliteStore::open({.path = path, .create_if_missing = false}); !s) {
    backfill_fail(s.error());
  }
  const daemon::RepeatHasher hasher(*secret);
  const store::RepeatKeysOf keys_of = [&hasher](const Dispute& d, std::string_view category) {
    auto keys = hasher.party_keys(d);
    if (auto subject = hasher.subject_key(d, category)) keys.push_back(std::move(*subject));
    return keys;
  };
  store::BackfillOptions options;
  options.batch = batch;
  options.progress = [](const store::BackfillProgress& p) {
    fmt::print(stderr, "… {} cases, up to case {}\n", p.visited, p.last.value);
  };
  auto done = store::backfill_repeat_keys(path, keys_of, options);
  if (!done) backfill_fail(done.error());
  fmt::print(
      "{}: {} case(s) without repeat keys given them ({} with a phone, ID number or address: "
      "{} keys); {} skipped as damaged or unreadable\n",
      path, done->visited, done->keyed, done->keys, done->skipped);
  if (done->visited > 0) {
    fmt::print("restart the daemon to link new disputes to these cases\n");
  }
}

}  // namespace

void add_store_backfill_command(CLI::App* store) {
  auto db = std::make_shared<std::string>();
  auto key_file = std::make_shared<std::string>();
  auto batch = std::make_shared<std::size_t>(1000);
  auto* cmd = store->add_subcommand(
      "backfill-repeats",
      "Give repeat keys to the cases stored before schema 9 (resumable; the daemon may serve)");
  add_store_option(cmd, *db, "The store file " + ConfigDefaults::help_default("store"));
  cmd->add_option("--key-file", *key_file,
                  "The daemon's repeat key (default: [repeat] key_file of the configuration, "
                  "else <data_dir>/repeat.key)");
  cmd->add_option("--batch", *batch, "Cases per transaction")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  auto defaults = ConfigDefaults::add_option(cmd);
  cmd->callback([=] {
    std::filesystem::path key = *key_file;
    if (key.empty()) key = daemon::repeat_key_file(defaults->config());
    // SQLite's own: the backfill walks SQLite's tables in batches of its own transactions
    // (store/repeat_backfill.hpp).
    run_backfill(defaults->store(*db, "store backfill-repeats"), key, *batch);
  });
}

}  // namespace tiaojie::cli

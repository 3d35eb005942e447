// The repeat backfill (重复信访, docs/repeats.md "Cases stored before v9"): repeat keys for the
// cases whose `submitted` event has none, so that a new dispute by the same party (or on the same
// subject) is linked to them.
//
// A case stored before schema v9 was never given keys: the daemon that took it did not make them.
// Its dispute is stored as received, so the keys can be computed now, from the dispute JSON and
// the repeat secret, exactly as the daemon computes them at submit (the subject key under the
// category of the case's recorded decision). The store has no secret, so the caller passes the
// hashing in (daemon::RepeatHasher), and the result is kept in the repeat_backfill table (schema
// v11) beside the log, one row per case visited, and added to the repeat_keys index; verify and
// rebuild derive the index from the log and that table.
//
// Resumable and safe beside a serving daemon: cases are visited by id in batches, each batch one
// short write transaction (WAL: the daemon's commits wait at most one batch), and a run starts
// after the last case a previous run recorded. Running it twice writes nothing new. The daemon
// reads the repeat index at start: restart it after the backfill to link to the old cases.
//
// Thread-safety: one call at a time per store file; opens its own connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/dispute.hpp"
#include "model/error.hpp"
#include "store/store.hpp"

namespace tiaojie::store {

// A dispute's repeat keys under `category` (its recorded decision's; "" for an undecided case):
// the party keys, then the subject key if it has one. The daemon's RepeatHasher.
using RepeatKeysOf =
    std::function<std::vector<std::string>(const Dispute& dispute, std::string_view category)>;

struct BackfillProgress {
  std::int64_t visited = 0;  // cases recorded in this run (with keys or without)
  std::int64_t keyed = 0;    // of them, those with at least one key
  std::int64_t keys = 0;     // keys written to the index
  std::int64_t skipped = 0;  // disputes damaged (checksum) or unreadable: not recorded
  CaseId last;               // the last case id looked at; 0 when none
};

struct BackfillOptions {
  // Cases per transaction. Default: 1000 (a few milliseconds of the daemon's write lock).
  std::size_t batch = 1000;
  // How long a batch waits for the daemon's lock before io_error. Default: 30 s.
  std::chrono::milliseconds busy_timeout{30000};
  // Called after each batch with the run's totals so far; may be empty.
  std::function<void(const BackfillProgress&)> progress = {};
};

// Gives keys to every case of the SQLite store at `path` whose `submitted` event has none and
// that no earlier run recorded, by case id.
// REQUIRES: the file has this build's schema (SqliteStore::open migrated it).
// Errors: not_found (no file), invalid_input (another schema version), io_error.
[[nodiscard]] Result<BackfillProgress> backfill_repeat_keys(const std::string& path,
                                                            const RepeatKeysOf& keys_of,
                                                            const BackfillOptions& options = {});

}  // namespace tiaojie::store

// Opens the store a StoreLocation names, whatever its backend: the one place that turns a location
// into a Store, so that the daemon and the commands that need only the Store interface never name
// a backend (issue 20). Tools that work on one backend's own files (SQLite's backup and restore,
// the repeat backfill) open that backend explicitly.
// Thread-safety: open_store is reentrant; the Store it returns is not thread-safe (store.hpp).
#pragma once

#include <memory>

#include "store/fault_store.hpp"
#include "store/location.hpp"
#include "store/store.hpp"

namespace tiaojie::store {

// What an opener asks of any backend; each backend maps these onto its own settings (SQLite:
// SqliteOptions of the same names).
struct StoreOptions {
  // Create the store (and its schema) when it does not exist. Default: true.
  bool create_if_missing = true;
  // Read only: nothing is created or migrated, writes fail, and the store must already have this
  // build's schema. For a second reader beside a writer (reports, listings). Default: false.
  bool read_only = false;
  // The backend's cache for this connection, in KiB. Default: 0 = the backend's own default
  // (SQLite: SqliteOptions::cache_kib).
  int cache_kib = 0;
  // Opened for one streaming pass over the store (replay): the backend sizes its cache for that
  // unless cache_kib says otherwise (SQLite: k_sqlite_streaming_cache_kib). Default: false.
  bool streaming_reader = false;
  // A long-running writer (the daemon): do the backend's upkeep off the commit path (SQLite: WAL
  // checkpoints on a thread of their own, SqliteOptions::background_checkpoint). Default: false.
  bool long_running_writer = false;
  // Defer the projections of new cases to Store::catch_up (the lean write path, docs/store.md).
  // Default: false.
  bool defer_projections = false;
  // Fault injection (tests): consulted before every row written. Default: none.
  std::shared_ptr<FaultPlan> faults = nullptr;
};

// Opens (creating or migrating as the options allow) the store at `location`.
// Errors: the backend's open errors (SQLite: SqliteStore::open's: not_found for a missing file
// that may not be created, invalid_input for a schema this build cannot use, io_error).
[[nodiscard]] Result<std::unique_ptr<Store>> open_store(const StoreLocation& location,
                                                        const StoreOptions& options = {});

}  // namespace tiaojie::store

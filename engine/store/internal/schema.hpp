// The SQLite schema and its migrations. Each version is one step applied in its own transaction
// and recorded in PRAGMA user_version; a file is migrated step by step from whatever version it
// has. Steps are never edited once shipped: a change is a new step. docs/store.md describes the
// tables.
#pragma once

#include <SQLiteCpp/Database.h>

#include <functional>

#include "model/error.hpp"

namespace tiaojie::store::internal {

// Rewrites the derived tables from the events table inside the caller's transaction (a migration
// that adds a derived table fills it this way).
using RebuildFn = std::function<Result<void>(SQLite::Database&)>;

// Brings `db` from its user_version up to `target` (1 … k_schema_version).
// Errors: invalid_input when the file is newer than `target`'s build knows; io_error.
[[nodiscard]] Result<int> migrate(SQLite::Database& db, int target, const RebuildFn& rebuild);

// Fills an empty decisions table from the events table (the v5 step; `store rebuild`).
extern const char* const k_fill_decisions;
// Fills an empty repeat_keys table from the events table (the v9 step; `store rebuild`).
extern const char* const k_fill_repeat_keys;
// Sets each decisions row's repeat_count from its case's `submitted` event (the v11 step; run
// after k_fill_decisions by `store rebuild`).
extern const char* const k_fill_decision_repeats;
// Adds the keys the repeat backfill recorded (repeat_backfill, v11) to the repeat_keys table
// (`store rebuild`, after k_fill_repeat_keys).
extern const char* const k_fill_backfilled_repeat_keys;

// The SQL of one step, for tests that build an old file by hand. REQUIRES: 1 <= version <= latest.
[[nodiscard]] const char* migration_sql(int version);

// Converts a SQLiteCpp / std exception into an Error once, at this edge.
[[nodiscard]] Error sqlite_error(const std::exception& e, std::string_view doing);

}  // namespace tiaojie::store::internal

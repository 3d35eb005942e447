// The PostgreSQL store's schema and its migrations (docs/store.md "PostgreSQL"): the same tables
// as the SQLite store's current schema, in PostgreSQL's types, numbered from 1 on their own.
// Thread-safety: functions over one connection, which is the caller's.
#pragma once

#include <cstdint>

#include "store/internal/pg_connection.hpp"

namespace tiaojie::store::internal {

// The schema version this build writes and reads.
inline constexpr int k_pg_schema_version = 2;

// Advisory lock keys (pg_advisory_xact_lock), one per thing serialised across every daemon on the
// database: ASCII "tiaojie" with a last byte of its own.
// Commits: held from a batch's first lookup to its COMMIT, so that event sequence numbers and
// case ids are handed out in commit order (a reader polling the log by seq never skips an event
// that commits later with a smaller seq).
inline constexpr std::int64_t k_pg_commit_lock = 0x7469616f6a6965'01;
// Migrations: two daemons starting together migrate once.
inline constexpr std::int64_t k_pg_migrate_lock = 0x7469616f6a6965'02;
// The leader (Store::lead): a session lock, held by the one daemon that runs the deadline timers
// and scheduled reports until its connection ends.
inline constexpr std::int64_t k_pg_leader_lock = 0x7469616f6a6965'03;

enum class PgSchemaState { missing, current, older, newer };

// The schema the database holds (missing: no tiaojie tables at all). Throws PgError.
[[nodiscard]] PgSchemaState pg_schema_state(PgConnection& db, int& version);

// Creates the schema, or brings an older one to k_pg_schema_version, in one transaction under the
// migration lock. Throws PgError. Errors: invalid_input for a newer schema than this build's.
[[nodiscard]] Result<void> pg_migrate(PgConnection& db);

}  // namespace tiaojie::store::internal

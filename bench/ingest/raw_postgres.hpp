// The raw PostgreSQL limit for the rows a daemon wrote (docs/benchmarks.md "ingest on
// PostgreSQL"): what a client that does nothing but send those rows achieves, batch for batch.
#pragma once

#include <cstddef>
#include <string>

namespace tiaojie::bench {

// Every row of the daemon's disputes, events, cases, assignments, report_cases, decisions and
// repeat_keys tables in the database at `url`, read back before the clock starts, inserted into
// copies of those tables (schema `raw`, same columns, keys and indexes: CREATE TABLE … LIKE …
// INCLUDING ALL) one transaction per `batch` cases, each table's rows of a batch in one
// INSERT … SELECT FROM unnest(arrays) as the store sends them, plus the body_load upsert per
// batch. No lookups, no lock, no fold, no encoding: what the store adds is what the ratio shows.
// Returns cases per second. Throws std::runtime_error.
double run_raw_postgres_same_rows(const std::string& url, std::size_t batch);

}  // namespace tiaojie::bench

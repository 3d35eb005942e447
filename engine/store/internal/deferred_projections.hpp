// The SQLite store's lean write path (SqliteOptions::defer_projections, schema v12): a commit of
// new cases writes the log and the cases rows, and lists the cases in the `unprojected` table;
// their projections are written later, many cases in one transaction, by folding their events
// again (a Deriver over the log, as verify and rebuild do), so what is written is by
// construction what a fold of the log gives.
//
// The projections are keyed at random (report_cases by start date, repeat_keys by hash,
// assignments by body): written with each group commit, every row dirtied a page of its own, and
// the WAL carried ~25 KB per dispute for ~3 KB of rows (docs/benchmarks.md "ingest",
// 2026-12-04). Written for thousands of cases at once, they share pages.
//
// Invariant: a case listed in `unprojected` has only the events of the commit that created it,
// and none of its projection rows. A commit that writes anything else catches up first.
//
// The store that committed the cases keeps what store::prepare computed for them (PendingCase)
// and catches up from that, without reading the log back: reading and decoding the events again
// was 60% of the store thread's catch-up (docs/benchmarks.md "ingest"). The rows are the ones an
// eager commit writes, which verify proves equal to a fold of the log. Cases listed by an
// earlier process (a crash before catching up) are derived from the log.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "store/internal/derive.hpp"
#include "store/internal/report_rows.hpp"
#include "store/internal/sqlite_tables.hpp"
#include "store/store.hpp"

namespace tiaojie::store::internal {

// A case committed lean, with what its projections need.
struct PendingCase {
  CaseId id;
  // Its row, assignments, decision, report view and steps (store::prepare's; not modified after
  // the commit, store.hpp).
  std::shared_ptr<const PreparedChange> prepared;
  std::vector<std::string> repeat_keys;  // its `submitted` event's
  std::int64_t received_at = 0;          // Unix seconds
  std::optional<BodyId> load_body;       // internal::load_body of its state
};

// Writes the projections of `cases`, which must be every case listed in `unprojected`, and
// empties the list, inside the caller's transaction: the rows write_unprojected derives for them.
// Errors: what the writer's fault plan injects. Throws SQLite::Exception.
[[nodiscard]] Result<std::int64_t> write_pending(SQLite::Database& db, TableWriter& writer,
                                                 ReportRows& reports,
                                                 std::span<const PendingCase> cases);

// How many cases wait for their projections. Throws SQLite::Exception.
[[nodiscard]] std::int64_t count_unprojected(SQLite::Database& db);

// The fold of the events of the cases listed in `unprojected`. Errors: internal (naming the seq)
// when a listed case's log does not fold; io_error for a damaged event. Throws SQLite::Exception.
[[nodiscard]] Result<Deriver> derive_unprojected(SQLite::Database& db);

// Writes the projections of every case listed in `unprojected` and empties the list, inside the
// caller's transaction. Returns how many cases it projected. Errors: what the writer's fault plan
// injects; internal (naming the seq) when a listed case's log does not fold; io_error for a
// damaged event. Throws SQLite::Exception.
[[nodiscard]] Result<std::int64_t> write_unprojected(SQLite::Database& db, TableWriter& writer,
                                                     ReportRows& reports);

// Takes out of `expected` (verify's rows derived from the whole log) the projection rows of the
// cases still listed in `unprojected`: what a reader that cannot catch up finds. Throws
// SQLite::Exception.
void expect_unprojected(SQLite::Database& db, const Deriver& derived, TableRows& expected);

}  // namespace tiaojie::store::internal

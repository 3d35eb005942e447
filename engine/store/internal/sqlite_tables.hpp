// Reading and writing the SQLite store's rows: events in and out of their columns, and the derived
// current-state tables. Shared by commit (incremental), rebuild and verify (whole tables), and the
// v2 migration (which fills the tables it adds).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>

#include "store/fault_store.hpp"
#include "store/internal/derive.hpp"

namespace tiaojie::store::internal {

// An event from a row of columns (seq, case_id, kind, at, actor, body, data) starting at `first`.
// Errors: internal for a row this build cannot read (corrupt or foreign data), naming the seq.
[[nodiscard]] Result<StoredEvent> read_event(SQLite::Statement& row, int first = 0);

// The columns every event query selects, in read_event's order.
inline constexpr const char* k_event_columns = "seq, case_id, kind, at, actor, body, data";

// Prepared writers of the derived tables. Throws SQLite::Exception (callers convert it).
class TableWriter {
 public:
  TableWriter(SQLite::Database& db, std::shared_ptr<FaultPlan> faults);

  // Writes `after` as the case's current state; `before` is its previous state (nullopt: new).
  [[nodiscard]] Result<void> write_case(CaseId id, const std::optional<CaseState>& before,
                                        const CaseState& after, std::int64_t last_seq);
  // Adds `delta` to a body's open load (deleting the row when it reaches zero).
  [[nodiscard]] Result<void> add_load(const BodyId& body, std::int64_t delta);
  [[nodiscard]] Result<void> write_notice(const NoticeRow& row);
  // Counts a row write on the fault plan (for rows written outside this class).
  [[nodiscard]] Result<void> count(std::string_view what);

 private:
  SQLite::Statement upsert_case_;
  SQLite::Statement delete_assignments_;
  SQLite::Statement insert_assignment_;
  SQLite::Statement add_load_;
  SQLite::Statement drop_empty_load_;
  SQLite::Statement insert_notice_;
  std::shared_ptr<FaultPlan> faults_;
};

// Empties the derived tables and refills them from the events table. Throws SQLite::Exception.
// Errors: internal for a log that does not fold.
[[nodiscard]] Result<void> rebuild_tables(SQLite::Database& db);

// Streams the events table through a Deriver. Throws SQLite::Exception.
[[nodiscard]] Result<void> derive_log(SQLite::Database& db, Deriver& deriver);

// The derived tables' contents as text rows (the same spellings expected_rows produces).
// Throws SQLite::Exception.
[[nodiscard]] TableRows read_tables(SQLite::Database& db);

}  // namespace tiaojie::store::internal

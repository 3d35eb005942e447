// Reading and writing the SQLite store's rows: events in and out of their columns, and the derived
// current-state tables. Shared by commit (incremental), rebuild and verify (whole tables), and the
// v2 migration (which fills the tables it adds).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/fault_store.hpp"
#include "store/internal/decision_columns.hpp"
#include "store/internal/derive.hpp"

struct sqlite3_stmt;

namespace tiaojie::store::internal {

// An event from a row of columns (seq, case_id, kind, at, actor, body, data, data_crc) starting
// at `first`. Errors: io_error for a payload that does not match its checksum (damaged), internal
// for a row this build cannot read (corrupt or foreign data); both name the seq and the case.
[[nodiscard]] Result<StoredEvent> read_event(SQLite::Statement& row, int first = 0);

// The columns every event query selects, in read_event's order.
inline constexpr const char* k_event_columns =
    "seq, case_id, kind, at, actor, body, data, data_crc";
// The same for a file not yet at v8 (a migration step before the checksums): read_event then has
// no checksum to check.
inline constexpr const char* k_event_columns_unsummed = "seq, case_id, kind, at, actor, body, data";
// k_event_columns, or k_event_columns_unsummed while `db`'s events table has no data_crc yet.
[[nodiscard]] const char* event_columns(SQLite::Database& db);

// The error of a row that does not match its checksum.
[[nodiscard]] Error damaged_row(std::string_view what, CaseId id);

// Prepared writers of the derived tables. Throws SQLite::Exception (callers convert it).
class TableWriter {
 public:
  TableWriter(SQLite::Database& db, std::shared_ptr<FaultPlan> faults);

  // Writes `after` as the case's current state; `before` is its previous state (nullopt: new).
  [[nodiscard]] Result<void> write_case(CaseId id, const std::optional<CaseState>& before,
                                        const CaseState& after, std::int64_t last_seq);
  // A new case's row and assignment rows as computed ahead (store::prepare): what write_case
  // writes for (nullopt, state) when `row` = case_row(state, …) and `assignments` its rows.
  [[nodiscard]] Result<void> write_new_case(
      CaseId id, const CaseRow& row, std::int64_t last_seq,
      const std::vector<std::pair<BodyId, std::string>>& assignments);
  // A case's cases row alone (a lean commit: its assignments are a deferred projection).
  [[nodiscard]] Result<void> write_case_row(CaseId id, const CaseRow& row, std::int64_t last_seq);
  // A new case's assignment rows (the deferred projections' catch-up).
  [[nodiscard]] Result<void> write_assignments(
      CaseId id, const std::vector<std::pair<BodyId, std::string>>& rows) {
    return insert_assignments(id, rows);
  }
  // Adds `delta` to a body's open load (deleting the row when it reaches zero).
  [[nodiscard]] Result<void> add_load(const BodyId& body, std::int64_t delta);
  [[nodiscard]] Result<void> write_notice(const NoticeRow& row);
  // Records a classified or assigned event in the decisions table when it is the case's first of
  // its kind (the SQL keeps the first); other events write nothing.
  // `repeat_count`: the case's CaseState::repeat_of size, recorded with a classification.
  [[nodiscard]] Result<void> record_decision(CaseId id, const lifecycle::EventData& data,
                                             std::int64_t repeat_count);
  // A new case's decisions row in one statement: the row record_decision leaves after the case's
  // events (its first classification and first assignment). Nothing when `row` holds neither.
  [[nodiscard]] Result<void> insert_decision(CaseId id, const DecisionRow& row);
  // A repeat-index row (a new case's key); an existing (key, received_at, case) is kept.
  [[nodiscard]] Result<void> insert_repeat_key(const std::string& key, std::int64_t received_at,
                                               CaseId id);
  // Counts a row write on the fault plan (for rows written outside this class).
  [[nodiscard]] Result<void> count(std::string_view what);

 private:
  void upsert_case(CaseId id, const CaseRow& row, std::int64_t last_seq);
  [[nodiscard]] Result<void> insert_assignments(
      CaseId id, const std::vector<std::pair<BodyId, std::string>>& rows);

  SQLite::Statement upsert_case_;
  SQLite::Statement delete_assignments_;
  SQLite::Statement insert_assignment_;
  SQLite::Statement add_load_;
  SQLite::Statement drop_empty_load_;
  SQLite::Statement insert_notice_;
  // Prepared on first use: the v2 migration step writes through this class before the v5 step
  // has created the decisions table.
  SQLite::Database& db_;
  std::optional<SQLite::Statement> record_classified_;
  std::optional<SQLite::Statement> record_assigned_;
  std::optional<SQLite::Statement> insert_decision_;
  std::optional<SQLite::Statement> insert_repeat_key_;  // prepared on first use (a v9 table)
  std::shared_ptr<FaultPlan> faults_;
};

// Empties the derived tables and refills them from the events table. Throws SQLite::Exception.
// Errors: internal for a log that does not fold.
[[nodiscard]] Result<void> rebuild_tables(SQLite::Database& db);

// Empties the decisions table and refills it from the events table (schema v5).
// Throws SQLite::Exception.
void rebuild_decisions(SQLite::Database& db);

// A decisions row from columns (rules_version, category, priority, mode, level, deadline_days,
// deadline_count, category_rule, priority_rule, mode_rule, level_rule, deadline_rule, lead,
// graph_version, repeat_count) starting at `first`; a NULL category or lead resets that part.
// Reuses the strings already in `classification` and `assignment` (a reader's loop allocates
// nothing). Without `rule_keys` the five *_rule columns are not in the row (decision_columns(t,
// false)) and the keys are left empty. Errors: internal for an unknown enum spelling.
[[nodiscard]] Result<void> read_decision(sqlite3_stmt* row, int first,
                                         std::optional<RecordedClassification>& classification,
                                         std::optional<RecordedAssignment>& assignment,
                                         bool rule_keys = true);
// The five *_rule columns, in decision_columns' order, starting at `first`.
void read_rule_keys(sqlite3_stmt* row, int first, RecordedClassification& c);

// A statement prepared on the raw handle, for the hot read loops: SQLiteCpp's Column objects
// copy a shared pointer per column read, which costs more than the read itself on replay's path.
// Throws SQLite::Exception on errors, like SQLiteCpp.
class RawStatement {
 public:
  RawStatement(SQLite::Database& db, const std::string& sql);
  ~RawStatement();
  RawStatement(const RawStatement&) = delete;
  RawStatement& operator=(const RawStatement&) = delete;
  void bind(int index, std::int64_t value);
  // Back to before the first step (bindings kept), ending the statement's read.
  void reset();
  // True while there is a row.
  bool step();
  [[nodiscard]] sqlite3_stmt* get() const { return stmt_; }

 private:
  SQLite::Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A text column straight from the prepared statement ("" for NULL), valid until the next step:
// SQLiteCpp's Column objects copy a shared pointer each, which costs more than the read itself
// on replay's path.
[[nodiscard]] std::string_view column_text(sqlite3_stmt* row, int column);

// A column the store writes as an identifier, key, enum name or version (never a NUL byte),
// straight from the statement and valid until the next step: nullptr for NULL. One call into
// SQLite instead of column_text's two (the length is found by strlen): the text columns of the
// decisions table are most of replay's read time, and sqlite3_column_bytes was a third of that.
[[nodiscard]] const char* column_key(sqlite3_stmt* row, int column);
// column_key as a view: empty for NULL.
[[nodiscard]] std::string_view column_key_view(sqlite3_stmt* row, int column);
// A case's status from a cases.status column read through a LEFT JOIN: received when NULL (no
// cases row). Errors: internal naming case `id`, for a spelling the lifecycle does not know.
[[nodiscard]] Result<lifecycle::Status> read_status(sqlite3_stmt* row, int column, CaseId id);

// Streams the events table through a Deriver. Throws SQLite::Exception.
[[nodiscard]] Result<void> derive_log(SQLite::Database& db, Deriver& deriver);

// The derived tables' contents as text rows (the same spellings expected_rows produces).
// Throws SQLite::Exception.
[[nodiscard]] TableRows read_tables(SQLite::Database& db);

// Adds to `expected` the repeat_keys rows of the keys the repeat backfill recorded
// (repeat_backfill, schema v11, store/repeat_backfill.hpp). Throws SQLite::Exception.
void add_backfilled_repeat_keys(SQLite::Database& db, TableRows& expected);

}  // namespace tiaojie::store::internal

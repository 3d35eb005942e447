// Reading and writing the PostgreSQL store's rows: a batch of rows as one statement per table
// (columns as arrays, unnest), events and decisions out of their columns, and the derived tables
// as the text rows verify compares. Shared by commit (a batch), rebuild (the whole log) and
// verify. The spellings are the SQLite store's (internal/derive.hpp), so both are checked by the
// same code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/internal/decision_columns.hpp"
#include "store/internal/derive.hpp"
#include "store/internal/pg_connection.hpp"

namespace tiaojie::store::internal {

// Rows for one `INSERT INTO table (columns) SELECT * FROM unnest($1::type[], …) tail`: a whole
// batch in one round trip, however many rows.
class PgInsert {
 public:
  struct Column {
    std::string name;
    std::string type;  // "bigint" or "text"
  };
  PgInsert(std::string table, std::vector<Column> columns, std::string tail = "");

  // One row: a value per column, in order (std::int64_t, text, or std::nullopt for NULL).
  template <class... Values>
  void add(const Values&... values) {
    std::size_t i = 0;
    (append(arrays_[i++], values), ...);
    ++rows_;
  }
  [[nodiscard]] std::size_t rows() const { return rows_; }
  // Runs the statement when there are rows, then starts again empty.
  void run(PgConnection& db);

 private:
  static void append(PgArray& a, std::int64_t v) { a.add(v); }
  static void append(PgArray& a, std::string_view v) { a.add(v); }
  static void append(PgArray& a, const std::string& v) { a.add(std::string_view(v)); }
  static void append(PgArray& a, const char* v) { a.add(std::string_view(v)); }
  static void append(PgArray& a, std::nullopt_t) { a.add_null(); }

  std::string sql_;
  std::vector<PgArray> arrays_;
  std::size_t rows_ = 0;
};

// The writers of every table a commit or a rebuild fills.
struct PgWriters {
  PgInsert disputes;
  PgInsert events;
  PgInsert cases;  // upsert
  PgInsert assignments;
  PgInsert load;  // adds to a body's open_cases (upsert); rows at or below zero are deleted
  PgInsert notices;
  PgInsert report_cases;  // upsert
  PgInsert decisions;     // a new case's whole row
  // An existing case's decisions row's two halves, each kept from the case's first event of its
  // kind (an upsert that leaves a half already there alone).
  PgInsert classified;
  PgInsert assigned;
  PgInsert repeat_keys;  // an existing row is kept
  PgWriters();
  // Runs every table's statement, in an order that respects nothing but the rows themselves
  // (the schema has no foreign keys).
  void run(PgConnection& db);
};

// Row appenders shared by commit and rebuild.
void add_case(PgWriters& w, CaseId id, const CaseRow& row, std::int64_t last_seq);
void add_notice(PgWriters& w, const NoticeRow& n);
// `steps`: encode_steps(view.steps).
void add_report_case(PgWriters& w, CaseId id, const ReportCase& view, const std::string& steps);
// The halves `row` holds. `new_row`: the case has no decisions row yet (a new case): one insert
// of both halves, where two upserts would write the row twice.
void add_decision(PgWriters& w, CaseId id, const DecisionRow& row, bool new_row);

// The columns event queries select, in read_pg_event's order.
inline constexpr const char* k_pg_event_columns = "seq, case_id, kind, at, actor, body, data";
// An event from row `row` of `r`, columns from `first` in k_pg_event_columns' order.
// Errors: internal for a row this build cannot read, naming the seq.
[[nodiscard]] Result<StoredEvent> read_pg_event(const PgResult& r, int row, int first = 0);

// A decisions row from `first` on; a NULL category or lead means that half is absent.
// Errors: internal for an unknown enum spelling.
[[nodiscard]] Result<void> read_pg_decision(const PgResult& r, int row, int first,
                                            std::optional<RecordedClassification>& classification,
                                            std::optional<RecordedAssignment>& assignment);

// A report view from (case_id, received_at, reply_due, channel, category, steps) at `first`.
// Errors: internal for steps encode_steps did not write.
[[nodiscard]] Result<void> read_pg_report_case(const PgResult& r, int row, int first,
                                               ReportCase& out);

// Streams the log, in seq order, through `deriver`. Throws PgError.
[[nodiscard]] Result<void> derive_pg_log(PgConnection& db, Deriver& deriver);

// The derived tables' contents as text rows (expected_rows' spellings). Throws PgError.
[[nodiscard]] TableRows read_pg_tables(PgConnection& db);

}  // namespace tiaojie::store::internal

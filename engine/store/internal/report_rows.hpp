// The report_cases table (schema v4): one row per case holding its report view (report_case.hpp),
// so that a weekly report reads the cases active in its window through an index and decodes no
// event JSON. Shared by the SQLite store's commit (incremental), rebuild and the v4 migration
// (streaming over the log), and verify (the row text both sides compare).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <limits>
#include <string>
#include <string_view>

#include "model/error.hpp"
#include "store/report_case.hpp"

namespace tiaojie::store::internal {

// active_until of a case that is open now: every window's start is before it.
inline constexpr std::int64_t k_still_open = std::numeric_limits<std::int64_t>::max();

// When the case stops mattering to reports (Unix seconds): k_still_open while open, otherwise the
// time of its last step (report_case_in_window's test as a column).
[[nodiscard]] std::int64_t active_until(const ReportCase& view);

// When the case starts mattering to reports (started_at, schema v7): the instant it was received,
// as managers count (新收 = received that week, whatever day it was registered: an import of last
// month's work orders lands in last month's weeks), or its registration (its first step) when that
// is earlier (a received_at after registration, from a channel whose clock runs ahead). Until its
// first step the case counts as open at the body that step gave it (report::compute_weekly).
// REQUIRES: view.steps is not empty.
[[nodiscard]] Timestamp report_start(const ReportCase& view);

// The steps column: one line per step, "at|status|due|flags|notices|length|body" (due as days
// since 1970-01-01 or empty; the body length-prefixed so that no body id can break the format).
[[nodiscard]] std::string encode_steps(const std::vector<ReportStep>& steps);
// Errors: internal for text encode_steps did not write.
[[nodiscard]] Result<void> decode_steps(std::string_view text, std::vector<ReportStep>& out);

// Canonical one-line text of a case's view, compared by verify.
[[nodiscard]] std::string report_case_text(const ReportCase& view);

// Reads and writes report_cases rows. Throws SQLite::Exception (callers convert it).
class ReportRows {
 public:
  explicit ReportRows(SQLite::Database& db);
  // The stored view of a case, or an empty view (no steps) when it has no row.
  // Errors: internal for an unreadable row.
  [[nodiscard]] Result<ReportCase> load(lifecycle::CaseId id);
  void write(const ReportCase& view);
  // The same for case `id` (view.id is not read), with its steps already encoded (encode_steps).
  void write(lifecycle::CaseId id, const ReportCase& view, const std::string& steps);

 private:
  SQLite::Statement select_;
  SQLite::Statement upsert_;
};

// The view of one row of `SELECT case_id, received_at, reply_due, channel, category, steps`,
// into `out` (reused between rows). Errors: internal for an unreadable row.
[[nodiscard]] Result<void> read_report_case(SQLite::Statement& row, ReportCase& out);

// Empties report_cases and refills it from the events table, one case at a time in case order
// (memory does not grow with the log). Throws SQLite::Exception. Errors: internal for a log that
// does not fold.
[[nodiscard]] Result<void> rebuild_report_cases(SQLite::Database& db);

}  // namespace tiaojie::store::internal

#include "store/internal/decision_rows.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <optional>

#include "store/internal/checksum.hpp"
#include "store/internal/schema.hpp"
#include "store/internal/sqlite_tables.hpp"

namespace tiaojie::store::internal {
namespace {

Error row_error(std::string message, CaseId id) {
  return internal_error(std::move(message), fmt::format("case {}", id.value));
}

}  // namespace

Result<void> for_each_decision_summary(SQLite::Database& db, Timestamp from, Timestamp to,
                                       const DecisionSummaryVisit& visit) {
  RawStatement q(db, fmt::format("SELECT d.case_id, d.received_at, d.json, {}, d.json_crc "
                                 "FROM disputes d "
                                 "LEFT JOIN decisions x ON x.case_id = d.case_id "
                                 "WHERE d.received_at >= ? AND d.received_at < ? "
                                 "ORDER BY d.received_at, d.case_id",
                                 decision_columns("x.", false)));
  q.bind(1, from.time_since_epoch().count());
  q.bind(2, to.time_since_epoch().count());
  std::optional<RawStatement> rest;  // the other columns by case id, prepared on first use
  StoredDecision row;
  const Store::CompleteDecision complete = [&]() -> Result<void> {
    try {
      if (!rest) {
        rest.emplace(
            db,
            fmt::format(
                "SELECT d.channel, d.external_id, c.status, c.body, {} FROM disputes d "
                "LEFT JOIN cases c ON c.case_id = d.case_id "
                "LEFT JOIN decisions x ON x.case_id = d.case_id WHERE d.case_id = ?",
                "x.category_rule, x.priority_rule, x.mode_rule, x.level_rule, x.deadline_rule"));
      }
      rest->bind(1, row.dispute.case_id.value);
      if (!rest->step()) {
        rest->reset();
        return std::unexpected(
            row_error("the dispute is gone from the store", row.dispute.case_id));
      }
      sqlite3_stmt* raw = rest->get();
      row.dispute.channel.assign(column_key_view(raw, 0));
      row.dispute.external_id.assign(column_key_view(raw, 1));
      auto status = read_status(raw, 2, row.dispute.case_id);
      if (!status) {
        rest->reset();
        return std::unexpected(status.error());
      }
      row.status = *status;
      row.body.value.assign(column_key_view(raw, 3));
      if (row.classification) read_rule_keys(raw, 4, *row.classification);
      rest->reset();
      return ok;
    } catch (const std::exception& e) {
      return std::unexpected(sqlite_error(e, "reading a stored decision"));
    }
  };
  sqlite3_stmt* raw = q.get();
  while (q.step()) {
    row.dispute.case_id = CaseId{sqlite3_column_int64(raw, 0)};
    row.dispute.received_at = Timestamp{std::chrono::seconds{sqlite3_column_int64(raw, 1)}};
    row.dispute.json.assign(column_text(raw, 2));
    row.dispute.damaged = !row_checksum_ok(raw, 2, 3 + k_decision_column_count_without_rules);
    // What `complete` fills in, empty until it does (nothing of the previous row may show).
    row.dispute.channel.clear();
    row.dispute.external_id.clear();
    row.status = lifecycle::Status::received;
    row.body.value.clear();
    if (auto r = read_decision(raw, 3, row.classification, row.assignment, false); !r) {
      return std::unexpected(row_error(r.error().message, row.dispute.case_id));
    }
    if (!visit(row, complete)) break;
  }
  return ok;
}

}  // namespace tiaojie::store::internal

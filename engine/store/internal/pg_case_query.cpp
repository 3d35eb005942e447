// PostgresStore's look-ups (store/case_query.hpp): the shared SQL (internal/case_query_sql.hpp) on
// a PostgreSQL connection, in one read-only snapshot so that the count and the rows agree.
#include "store/internal/case_query.hpp"
#include "store/internal/case_query_sql.hpp"
#include "store/internal/pg_connection.hpp"

namespace tiaojie::store::internal {
namespace {

PgParams params_of(const std::vector<SqlParam>& params) {
  PgParams out;
  for (const auto& p : params) {
    if (const auto* text = std::get_if<std::string>(&p)) {
      out.add(*text);
    } else {
      out.add(std::get<std::int64_t>(p));
    }
  }
  return out;
}

std::optional<Timestamp> time_or_null(const PgResult& r, int row, int column) {
  if (r.is_null(row, column)) return std::nullopt;
  return from_unix_seconds(r.int64(row, column));
}

// Runs `read` in a read-only transaction of its own unless one is open; rolls back on any exit.
template <typename Read>
auto in_snapshot(PgConnection& db, Read read) {
  if (db.in_transaction()) return read();
  db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    auto out = read();
    db.exec("COMMIT");
    return out;
  } catch (...) {
    if (db.in_transaction()) {
      try {
        db.exec("ROLLBACK");
      } catch (...) {  // the first error is the one to report
      }
    }
    throw;
  }
}

}  // namespace

Result<CaseList> list_cases(PgConnection& db, const CaseQuery& query) {
  const auto sql = case_list_sql(query, SqlDialect::postgresql);
  return in_snapshot(db, [&]() -> Result<CaseList> {
    CaseList out;
    auto params = params_of(sql.params);
    out.matched = db.exec(sql.count, params).int64(0, 0);
    params.add(static_cast<std::int64_t>(query.limit));
    const auto rows = db.exec(sql.rows, params);
    for (int i = 0; i < rows.rows(); ++i) {
      auto row = case_list_row(rows.int64(i, 0), rows.text(i, 1), std::string(rows.text(i, 2)),
                               std::string(rows.text(i, 3)), std::string(rows.text(i, 4)),
                               std::string(rows.text(i, 5)), std::string(rows.text(i, 6)),
                               rows.int64(i, 7), rows.text(i, 8), rows.text(i, 9) == "t");
      if (!row) return std::unexpected(row.error());
      out.rows.push_back(std::move(*row));
    }
    return out;
  });
}

Result<std::vector<RuleVersionUse>> rule_versions(PgConnection& db) {
  const auto r = db.exec(rule_versions_sql(SqlDialect::postgresql));
  std::vector<RuleVersionUse> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back({.version = std::string(r.text(i, 0)),
                   .decisions = r.int64(i, 1),
                   .first_used = time_or_null(r, i, 2),
                   .last_used = time_or_null(r, i, 3)});
  }
  return out;
}

}  // namespace tiaojie::store::internal

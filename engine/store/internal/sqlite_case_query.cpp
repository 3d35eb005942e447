// SqliteStore's look-ups (store/case_query.hpp): the shared SQL (internal/case_query_sql.hpp) on a
// SQLite connection.
#include <SQLiteCpp/Statement.h>

#include "store/internal/case_query.hpp"
#include "store/internal/case_query_sql.hpp"

namespace tiaojie::store::internal {
namespace {

void bind_all(SQLite::Statement& s, const std::vector<SqlParam>& params) {
  int i = 1;
  for (const auto& p : params) {
    if (const auto* text = std::get_if<std::string>(&p)) {
      s.bind(i++, *text);
    } else {
      s.bind(i++, static_cast<std::int64_t>(std::get<std::int64_t>(p)));
    }
  }
}

std::optional<Timestamp> time_or_null(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return from_unix_seconds(c.getInt64());
}

}  // namespace

Result<CaseList> list_cases(SQLite::Database& db, const CaseQuery& query) {
  const auto sql = case_list_sql(query, SqlDialect::sqlite);
  CaseList out;
  {
    SQLite::Statement count(db, sql.count);
    bind_all(count, sql.params);
    if (count.executeStep()) out.matched = count.getColumn(0).getInt64();
  }
  SQLite::Statement rows(db, sql.rows);
  bind_all(rows, sql.params);
  rows.bind(static_cast<int>(sql.params.size()) + 1, static_cast<std::int64_t>(query.limit));
  while (rows.executeStep()) {
    auto row = case_list_row(rows.getColumn(0).getInt64(), rows.getColumn(1).getString(),
                             rows.getColumn(2).getString(), rows.getColumn(3).getString(),
                             rows.getColumn(4).getString(), rows.getColumn(5).getString(),
                             rows.getColumn(6).getString(), rows.getColumn(7).getInt64(),
                             rows.getColumn(8).getString(), rows.getColumn(9).getInt() != 0);
    if (!row) return std::unexpected(row.error());
    out.rows.push_back(std::move(*row));
  }
  return out;
}

Result<std::vector<RuleVersionUse>> rule_versions(SQLite::Database& db) {
  SQLite::Statement q(db, rule_versions_sql(SqlDialect::sqlite));
  std::vector<RuleVersionUse> out;
  while (q.executeStep()) {
    out.push_back({.version = q.getColumn(0).getString(),
                   .decisions = q.getColumn(1).getInt64(),
                   .first_used = time_or_null(q.getColumn(2)),
                   .last_used = time_or_null(q.getColumn(3))});
  }
  return out;
}

}  // namespace tiaojie::store::internal

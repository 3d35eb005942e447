// SqliteStore's look-ups (store/case_query.hpp): the shared SQL (internal/case_query_sql.hpp) on a
// SQLite connection.
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <tuple>

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

Result<std::vector<RuleVersionUse>> rule_versions(
    SQLite::Database& db, const std::map<lifecycle::CaseId, std::string>& pending) {
  struct Row {
    RuleVersionUse use;
    std::optional<std::int64_t> first_case, last_case;
  };
  std::vector<Row> rows;
  {
    SQLite::Statement q(db, rule_versions_sql(SqlDialect::sqlite));
    while (q.executeStep()) {
      auto case_or_null = [&q](int c) -> std::optional<std::int64_t> {
        if (q.getColumn(c).isNull()) return std::nullopt;
        return q.getColumn(c).getInt64();
      };
      rows.push_back({.use = {.version = q.getColumn(0).getString(),
                              .decisions = q.getColumn(1).getInt64(),
                              .first_used = time_or_null(q.getColumn(2)),
                              .last_used = time_or_null(q.getColumn(3))},
                      .first_case = case_or_null(4),
                      .last_case = case_or_null(5)});
    }
  }
  if (pending.empty()) {
    std::vector<RuleVersionUse> out;
    for (auto& r : rows) out.push_back(std::move(r.use));
    return out;
  }
  // The pending cases counted in, and the times and the order the query gives, done again.
  std::map<std::string_view, Row*> by_version;
  for (auto& r : rows) by_version.emplace(r.use.version, &r);
  for (const auto& [id, version] : pending) {
    auto it = by_version.find(version);
    if (it == by_version.end()) continue;  // a version the store does not keep, as the join
    Row& r = *it->second;
    ++r.use.decisions;
    r.first_case = std::min(r.first_case.value_or(id.value), id.value);
    r.last_case = std::max(r.last_case.value_or(id.value), id.value);
  }
  SQLite::Statement registered(db, "SELECT at FROM events WHERE case_id = ? ORDER BY seq LIMIT 1");
  auto registered_at = [&registered](std::optional<std::int64_t> id) -> std::optional<Timestamp> {
    if (!id) return std::nullopt;
    registered.reset();
    registered.bind(1, *id);
    if (!registered.executeStep()) return std::nullopt;
    return time_or_null(registered.getColumn(0));
  };
  std::vector<RuleVersionUse> out;
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tuple(!a.first_case, a.first_case.value_or(0), std::string_view(a.use.version)) <
           std::tuple(!b.first_case, b.first_case.value_or(0), std::string_view(b.use.version));
  });
  for (auto& r : rows) {
    r.use.first_used = registered_at(r.first_case);
    r.use.last_used = registered_at(r.last_case);
    out.push_back(std::move(r.use));
  }
  return out;
}

}  // namespace tiaojie::store::internal

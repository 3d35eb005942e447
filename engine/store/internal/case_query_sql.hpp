// The SQL of staff's look-ups (store/case_query.hpp), composed once for every SQL backend: the
// filters of `tiaojie case list` become one WHERE clause with bound values, and `tiaojie rules
// versions` one query. Only the spellings SQLite and PostgreSQL do not share differ (SqlDialect).
// Values are always bound as parameters; only the clause's shape (which filters, how many
// placeholders) is composed. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/error.hpp"
#include "store/case_query.hpp"

namespace tiaojie::store::internal {

enum class SqlDialect { sqlite, postgresql };

using SqlParam = std::variant<std::string, std::int64_t>;

// list_cases' two statements over the same filters. Both select from `cases c` (joined with
// `disputes d` when the description is searched).
struct CaseListSql {
  std::string count;  // SELECT COUNT(*): bind `params`
  // SELECT case_id, status, body, category, priority, channel, external_id, received_at, due,
  // suspended (a boolean), newest first: bind `params`, then the limit as the last parameter.
  std::string rows;
  std::vector<SqlParam> params;
};
[[nodiscard]] CaseListSql case_list_sql(const CaseQuery& query, SqlDialect dialect);

// rule_versions' query: version, cases decided, the registration times (Unix seconds, NULL
// when unused) of the first and last case decided under it, and those two cases' ids; first used
// first, unused last, then by version in byte order.
[[nodiscard]] std::string rule_versions_sql(SqlDialect dialect);

// One row of CaseListSql::rows, its columns in that order. Errors: internal for a status the
// lifecycle does not know.
[[nodiscard]] Result<CaseListRow> case_list_row(std::int64_t case_id, std::string_view status,
                                                std::string body, std::string category,
                                                std::string priority, std::string channel,
                                                std::string external_id, std::int64_t received_at,
                                                std::string_view due, bool suspended);

}  // namespace tiaojie::store::internal

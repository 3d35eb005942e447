// Store::list_cases and rule_versions (store/case_query.hpp) on each SQL backend's connection: the
// SQL of internal/case_query_sql.hpp, run and read.
#pragma once

#include <SQLiteCpp/Database.h>

#include <map>
#include <string>

#include "store/case_query.hpp"

namespace tiaojie::store::internal {

class PgConnection;

// Throw SQLite::Exception; errors of their own: internal for a row that does not read.
[[nodiscard]] Result<CaseList> list_cases(SQLite::Database& db, const CaseQuery& query);
// `pending`: the rules version of each case a writer committed without its decisions row yet
// (the lean path; a read-only connection beside the daemon cannot catch up), counted with the
// table's.
[[nodiscard]] Result<std::vector<RuleVersionUse>> rule_versions(
    SQLite::Database& db, const std::map<lifecycle::CaseId, std::string>& pending);

// Throw PgError; errors of their own as above.
[[nodiscard]] Result<CaseList> list_cases(PgConnection& db, const CaseQuery& query);
[[nodiscard]] Result<std::vector<RuleVersionUse>> rule_versions(PgConnection& db);

}  // namespace tiaojie::store::internal

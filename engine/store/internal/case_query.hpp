// SqliteStore::list_cases and rule_versions on a connection (store/case_query.hpp).
#pragma once

#include <SQLiteCpp/Database.h>

#include "store/case_query.hpp"

namespace tiaojie::store::internal {

// Throws SQLite::Exception; errors of its own: internal for a row that does not read.
[[nodiscard]] Result<CaseList> list_cases(SQLite::Database& db, const CaseQuery& query);
[[nodiscard]] Result<std::vector<RuleVersionUse>> rule_versions(SQLite::Database& db);

}  // namespace tiaojie::store::internal

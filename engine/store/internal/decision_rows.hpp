// Replay's read of the store on SQLite (Store::for_each_decision_summary): the columns every case
// is compared on in one pass, the rest of a row read by case id only for the rows a visitor
// completes.
//
// Why: SQLite's OP_Column copies every text column it returns, and the columns only a changed
// case needs (the five deciding rules' keys, the dispute's channel and external id, the case's
// status and body, which also cost a join with `cases`) were a third of replay's read time, while
// an edit changes a few percent of the cases.
#pragma once

#include <SQLiteCpp/Database.h>

#include <functional>

#include "store/store.hpp"

namespace tiaojie::store::internal {

using DecisionSummaryVisit =
    std::function<bool(const StoredDecision&, const Store::CompleteDecision&)>;

// SqliteStore::for_each_decision_summary on `db`. Throws SQLite::Exception from the scan;
// `complete` catches its own and returns them as io_error. Errors: internal for an unknown
// status or enum spelling.
[[nodiscard]] Result<void> for_each_decision_summary(SQLite::Database& db, Timestamp from,
                                                     Timestamp to,
                                                     const DecisionSummaryVisit& visit);

}  // namespace tiaojie::store::internal

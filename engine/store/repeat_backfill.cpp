#include "store/repeat_backfill.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include <filesystem>

#include "model/dispute_json.hpp"
#include "store/internal/checksum.hpp"
#include "store/internal/schema.hpp"
#include "store/sqlite_store.hpp"

namespace tiaojie::store {
namespace {

struct Visited {
  std::int64_t case_id = 0;
  std::int64_t received_at = 0;
  std::vector<std::string> keys;
};

// ["p:…","s:…"]: the keys are ASCII made by the hasher, nothing to escape.
std::string keys_json(const std::vector<std::string>& keys) {
  std::string out = "[";
  for (const auto& k : keys) {
    if (out.size() > 1) out += ',';
    out += '"' + k + '"';
  }
  return out + ']';
}

}  // namespace

Result<BackfillProgress> backfill_repeat_keys(const std::string& path, const RepeatKeysOf& keys_of,
                                              const BackfillOptions& options) {
  if (!std::filesystem::exists(path)) {
    return std::unexpected(not_found(fmt::format("no store at {}", path)));
  }
  BackfillProgress progress;
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.setBusyTimeout(static_cast<int>(options.busy_timeout.count()));
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version != k_schema_version) {
      return std::unexpected(invalid_input(fmt::format(
          "the store's schema is version {}, this build backfills {} only: open it read-write "
          "once (e.g. `tiaojie store verify`) to migrate it",
          version, k_schema_version)));
    }
    // A resumed run starts after the last case recorded; the cases between that were keyed at
    // submit are passed over by the query.
    std::int64_t after =
        db.execAndGet("SELECT COALESCE(MAX(case_id), 0) FROM repeat_backfill").getInt64();
    // The first event of a case is its `submitted`; a case given keys at submit names them there.
    SQLite::Statement next(
        db,
        "SELECT d.case_id, d.received_at, d.json, d.json_crc, x.category FROM disputes d "
        "JOIN events e ON e.case_id = d.case_id AND e.kind = 'submitted' "
        "LEFT JOIN decisions x ON x.case_id = d.case_id "
        "WHERE d.case_id > ? AND instr(e.data, '\"repeat_keys\"') = 0 "
        "ORDER BY d.case_id LIMIT ?");
    SQLite::Statement record(db,
                             "INSERT OR IGNORE INTO repeat_backfill (case_id, keys) VALUES (?,?)");
    SQLite::Statement index(
        db, "INSERT OR IGNORE INTO repeat_keys (key, received_at, case_id) VALUES (?,?,?)");
    const auto batch = static_cast<std::int64_t>(std::max<std::size_t>(options.batch, 1));
    for (;;) {
      std::vector<Visited> visited;
      std::int64_t seen = 0;
      next.bind(1, after);
      next.bind(2, batch);
      while (next.executeStep()) {
        ++seen;
        after = next.getColumn(0).getInt64();
        progress.last = CaseId{after};
        const std::string json = next.getColumn(2).getString();
        auto dispute = internal::row_checksum_ok(next, 2, 3)
                           ? parse_dispute(json)
                           : Result<Dispute>(std::unexpected(internal_error("damaged")));
        if (!dispute) {
          ++progress.skipped;
          continue;
        }
        visited.push_back(Visited{after, next.getColumn(1).getInt64(),
                                  keys_of(*dispute, next.getColumn(4).getText(""))});
      }
      next.reset();
      if (seen == 0) break;
      // One short write transaction per batch: the daemon's commits wait at most this long.
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      for (const auto& v : visited) {
        record.bind(1, v.case_id);
        record.bind(2, keys_json(v.keys));
        record.exec();
        record.reset();
        for (const auto& key : v.keys) {
          index.bind(1, key);
          index.bind(2, v.received_at);
          index.bind(3, v.case_id);
          progress.keys += index.exec();
          index.reset();
        }
        ++progress.visited;
        if (!v.keys.empty()) ++progress.keyed;
      }
      tx.commit();
      if (options.progress) options.progress(progress);
      if (seen < batch) break;
    }
    return progress;
  } catch (const std::exception& e) {
    return std::unexpected(internal::sqlite_error(e, "backfilling the repeat keys"));
  }
}

}  // namespace tiaojie::store

#include "store/internal/schema.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "store/internal/checksum.hpp"
#include "store/internal/report_rows.hpp"
#include "store/sqlite_store.hpp"

namespace tiaojie::store::internal {

// The first classified event of each case, then the first assigned one, in log order (INSERT OR
// IGNORE and the upsert's WHERE keep the first). Streams the log; the same spellings as
// recorded() and the commit's writer (sqlite_tables.cpp).
#define TJ_RULE(f)                                         \
  "COALESCE(json_extract(data, '$.classification.rules." f \
  ".table') || '.' || "                                    \
  "json_extract(data, '$.classification.rules." f ".rule_id'), '')"
const char* const k_fill_decisions =
    "INSERT OR IGNORE INTO decisions (case_id, rules_version, category, priority, mode, level, "
    "deadline_days, deadline_count, category_rule, priority_rule, mode_rule, level_rule, "
    "deadline_rule) SELECT case_id, "
    "json_extract(data, '$.classification.rules_version'), "
    "json_extract(data, '$.classification.category'), "
    "json_extract(data, '$.classification.priority'), "
    "json_extract(data, '$.classification.mode'), "
    "json_extract(data, '$.classification.level'), "
    "COALESCE(json_extract(data, '$.classification.deadline.days'), 30), "
    "COALESCE(json_extract(data, '$.classification.deadline.count'), 'calendar'), "
    TJ_RULE("category") ", " TJ_RULE("priority") ", " TJ_RULE("mode") ", " TJ_RULE("level") ", "
    TJ_RULE("deadline") " FROM events WHERE kind = 'classified' ORDER BY seq;\n"
    "INSERT INTO decisions (case_id, lead, graph_version) SELECT case_id, "
    "json_extract(data, '$.assignment.lead'), json_extract(data, '$.assignment.graph_version') "
    "FROM events WHERE kind = 'assigned' ORDER BY seq "
    "ON CONFLICT (case_id) DO UPDATE SET lead = excluded.lead, "
    "graph_version = excluded.graph_version WHERE decisions.lead IS NULL;\n";
#undef TJ_RULE

// Every key of every `submitted` event, with its dispute's received_at (the same instant, in Unix
// seconds). The same rows as internal::repeat_key_rows over the log.
const char* const k_fill_repeat_keys =
    "INSERT OR IGNORE INTO repeat_keys (key, received_at, case_id) "
    "SELECT k.value, d.received_at, e.case_id FROM events e JOIN disputes d USING (case_id), "
    "json_each(e.data, '$.repeat_keys') k WHERE e.kind = 'submitted';\n";

// The size of each `submitted` event's repeat_of (the count the rules saw), where it has one: the
// decisions rows of the other cases keep the column's default, 0. instr() first, so that only the
// events that hold links are parsed as JSON (none before v9).
const char* const k_fill_decision_repeats =
    "UPDATE decisions SET repeat_count = r.n FROM (SELECT case_id, "
    "json_array_length(data, '$.repeat_of') AS n FROM events "
    "WHERE kind = 'submitted' AND instr(data, '\"repeat_of\"') > 0) AS r "
    "WHERE decisions.case_id = r.case_id AND decisions.category IS NOT NULL AND r.n > 0;\n";

// The backfill's keys (repeat_backfill, v11) with their dispute's received_at: the same rows as
// k_fill_repeat_keys gives for keys recorded at submit.
const char* const k_fill_backfilled_repeat_keys =
    "INSERT OR IGNORE INTO repeat_keys (key, received_at, case_id) "
    "SELECT k.value, d.received_at, b.case_id FROM repeat_backfill b JOIN disputes d "
    "USING (case_id), json_each(b.keys) k;\n";

namespace {

// Version 1: the log, the disputes as received, and the cases table.
constexpr const char* k_v1 = R"sql(
CREATE TABLE disputes (
  case_id     INTEGER PRIMARY KEY,
  channel     TEXT    NOT NULL,
  external_id TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  json        TEXT    NOT NULL,
  UNIQUE (channel, external_id)
);
CREATE INDEX disputes_received ON disputes (received_at, case_id);
CREATE TABLE events (
  seq     INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL,
  kind    TEXT    NOT NULL,
  at      INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  body    TEXT    NOT NULL,
  data    TEXT    NOT NULL
);
CREATE INDEX events_case ON events (case_id, seq);
CREATE TABLE cases (
  case_id     INTEGER PRIMARY KEY,
  channel     TEXT    NOT NULL,
  external_id TEXT    NOT NULL,
  status      TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  category    TEXT    NOT NULL,
  priority    TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  due         TEXT    NOT NULL,
  updated_at  INTEGER NOT NULL,
  events      INTEGER NOT NULL,
  last_seq    INTEGER NOT NULL
);
CREATE INDEX cases_open ON cases (status)
  WHERE status IN ('received', 'assigned', 'accepted', 'in_mediation');
)sql";

// Version 2: the derived tables the daemon and the reports query. Filled from the log.
constexpr const char* k_v2 = R"sql(
CREATE TABLE assignments (
  case_id INTEGER NOT NULL,
  body    TEXT    NOT NULL,
  role    TEXT    NOT NULL,
  PRIMARY KEY (case_id, body)
) WITHOUT ROWID;
CREATE INDEX assignments_body ON assignments (body);
CREATE TABLE body_load (
  body       TEXT PRIMARY KEY,
  open_cases INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE supervision_notices (
  seq       INTEGER NOT NULL,
  addressee TEXT    NOT NULL,
  case_id   INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  due       TEXT    NOT NULL,
  reason    TEXT    NOT NULL,
  PRIMARY KEY (seq, addressee)
) WITHOUT ROWID;
CREATE INDEX supervision_notices_addressee ON supervision_notices (addressee, at);
)sql";

// Version 3: every rule-set version's files, so any past decision can be explained again.
constexpr const char* k_v3 = R"sql(
CREATE TABLE rule_sets (
  version TEXT PRIMARY KEY,
  files   TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 4: each case's report view (store/report_case.hpp), so that a weekly report reads only
// the cases active in its window: started_at < window end AND active_until >= window start, where
// active_until is the last step's time once the case is no longer open (k_still_open while open).
constexpr const char* k_v4 = R"sql(
CREATE TABLE report_cases (
  case_id      INTEGER PRIMARY KEY,
  received_at  INTEGER NOT NULL,
  reply_due    INTEGER,
  channel      TEXT    NOT NULL,
  category     TEXT    NOT NULL,
  started_at   INTEGER NOT NULL,
  active_until INTEGER NOT NULL,
  steps        TEXT    NOT NULL
);
CREATE INDEX report_cases_active ON report_cases (active_until, started_at);
)sql";

// Version 5: each case's first decision, compact (store.hpp RecordedClassification and
// RecordedAssignment), so that replay reads no event JSON. Filled from the log by SQL.
constexpr const char* k_v5 = R"sql(
CREATE TABLE decisions (
  case_id        INTEGER PRIMARY KEY,
  rules_version  TEXT,
  category       TEXT,  -- NULL: no classified event yet
  priority       TEXT,
  mode           TEXT,
  level          TEXT,
  deadline_days  INTEGER,
  deadline_count TEXT,
  category_rule  TEXT,  -- "table.rule_id", '' for the default
  priority_rule  TEXT,
  mode_rule      TEXT,
  level_rule     TEXT,
  deadline_rule  TEXT,
  lead           TEXT,  -- NULL: no assigned event yet
  graph_version  TEXT
);
)sql";

// Version 6: the report window's index covers every column a report reads, so that a window is
// one range scan of the index instead of one table look-up per case (measured on a 10M-case
// store: 2.5 s → 0.7 s, docs/benchmarks.md "report"). It replaces v4's narrower index.
constexpr const char* k_v6 = R"sql(
CREATE INDEX report_cases_window ON report_cases
  (active_until, started_at, case_id, received_at, reply_due, channel, category, steps);
DROP INDEX report_cases_active;
)sql";

// Version 7: a case enters the reports when it was received, not when it was registered
// (report_start: an import of history lands in its own weeks), so started_at, the window's lower
// key, becomes the earlier of the two. Every other column, the steps included, is unchanged,
// and received_at is the row's own copy of the log's, so the refill is one UPDATE of the column
// rather than a fold of the log (which on a 10M-case store takes minutes).
constexpr const char* k_v7 = R"sql(
UPDATE report_cases SET started_at = received_at WHERE received_at < started_at;
)sql";

// Version 8: a CRC32C per stored dispute's JSON and per event payload (internal/checksum.hpp),
// checked wherever a row is read, so that damage inside a row is found instead of served. The
// existing rows are summed here by the crc32c() SQL function (registered by migrate()).
constexpr const char* k_v8 = R"sql(
ALTER TABLE disputes ADD COLUMN json_crc INTEGER;
ALTER TABLE events ADD COLUMN data_crc INTEGER;
UPDATE disputes SET json_crc = crc32c(json);
UPDATE events SET data_crc = crc32c(data);
)sql";

// Version 9: the repeat index (重复信访): every key of a case's `submitted` event
// (lifecycle::Submitted::repeat_keys, keyed hashes of the claimant's phone or ID number and of the
// dispute's category and address) with its receipt, so that the daemon finds a new dispute's
// earlier cases by key within a window. Derived from the log (filled here by k_fill_repeat_keys:
// a store from before v9 has no keys in its events, so nothing).
constexpr const char* k_v9 = R"sql(
CREATE TABLE repeat_keys (
  key         TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  case_id     INTEGER NOT NULL,
  PRIMARY KEY (key, received_at, case_id)
) WITHOUT ROWID;
CREATE INDEX repeat_keys_received ON repeat_keys (received_at);
)sql";

// Version 10: the report view is stored once, clustered on the window's key. v6's covering index
// repeated every row, steps text included (+3 GB at 10M cases, docs/benchmarks.md "report");
// instead the table itself is a WITHOUT ROWID B-tree ordered by (active_until, started_at,
// case_id), so a window is still one range scan over the rows it reads, and a narrow unique
// index on case_id finds a case's row for the commit's upsert (INSERT OR REPLACE removes the old
// row through it when the case's keys move). Copied in key order: appends, not random inserts.
constexpr const char* k_v10 = R"sql(
CREATE TABLE report_cases_v10 (
  active_until INTEGER NOT NULL,
  started_at   INTEGER NOT NULL,
  case_id      INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  reply_due    INTEGER,
  channel      TEXT    NOT NULL,
  category     TEXT    NOT NULL,
  steps        TEXT    NOT NULL,
  PRIMARY KEY (active_until, started_at, case_id)
) WITHOUT ROWID;
INSERT INTO report_cases_v10 (active_until, started_at, case_id, received_at, reply_due, channel,
                             category, steps)
  SELECT active_until, started_at, case_id, received_at, reply_due, channel, category, steps
  FROM report_cases ORDER BY active_until, started_at, case_id;
DROP TABLE report_cases;
ALTER TABLE report_cases_v10 RENAME TO report_cases;
CREATE UNIQUE INDEX report_cases_case ON report_cases (case_id);
)sql";

// Version 11 (重复信访, docs/repeats.md):
//  - each decision keeps the repeat count its classification saw (store.hpp
//    RecordedClassification::repeat_count), so that replay classifies with it. Filled from the
//    log by k_fill_decision_repeats: the count is the size of the case's `submitted` repeat_of,
//    and 0 for the cases stored before v9 (no links, and no rule could read a count then);
//  - repeat_backfill: the repeat keys `tiaojie store backfill-repeats` computed for a case whose
//    `submitted` event has none (stored before v9), from its stored dispute and the repeat secret,
//    one row per case visited (keys: a JSON array, empty when the dispute has no phone, ID number
//    or address). The store cannot recompute them (it has no secret), so they are kept here, and
//    the repeat_keys index is derived from the log and this table (verify, rebuild).
constexpr const char* k_v11 = R"sql(
ALTER TABLE decisions ADD COLUMN repeat_count INTEGER NOT NULL DEFAULT 0;
CREATE TABLE repeat_backfill (
  case_id INTEGER PRIMARY KEY,
  keys    TEXT    NOT NULL
);
)sql";

// Version 12 (issue 19, the lean write path): the cases whose projections (repeat_keys,
// decisions, report_cases, assignments, body_load) a lean commit left for later
// (internal/deferred_projections.hpp). Empty whenever every projection is written; a store written
// by a build without it has none pending.
constexpr const char* k_v12 = R"sql(
CREATE TABLE unprojected (
  case_id INTEGER PRIMARY KEY
);
)sql";

// Version 13 (issue 19): repeat_keys clustered on (received_at, case_id, key), the order the only
// query reads it in (repeat_keys_since: a window's keys by receipt), and without v9's index on
// received_at. v9's primary key began with the key, a hash: each new key landed on a random page
// of the table and another of the index, two pages written per key for ~60 bytes. Keyed by
// receipt, a live intake (received in order) appends, and one B-tree instead of two is written.
// The same rows, the same uniqueness; copied in the new key's order (appends).
constexpr const char* k_v13 = R"sql(
CREATE TABLE repeat_keys_v13 (
  key         TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  case_id     INTEGER NOT NULL,
  PRIMARY KEY (received_at, case_id, key)
) WITHOUT ROWID;
INSERT INTO repeat_keys_v13 (key, received_at, case_id)
  SELECT key, received_at, case_id FROM repeat_keys ORDER BY received_at, case_id, key;
DROP TABLE repeat_keys;
ALTER TABLE repeat_keys_v13 RENAME TO repeat_keys;
)sql";

constexpr const char* k_steps[] = {k_v1, k_v2, k_v3,  k_v4,  k_v5,  k_v6, k_v7,
                                   k_v8, k_v9, k_v10, k_v11, k_v12, k_v13};
static_assert(std::size(k_steps) == k_schema_version);

// Steps that add a derived table fill it from the log: v2 through `rebuild`, v4 by streaming the
// log case by case (rebuild_report_cases), v5 by SQL over the log (k_fill_decisions).
enum class Fill { none, rebuild, report_cases, decisions, repeat_keys, decision_repeats };
constexpr Fill k_step_fills[] = {Fill::none,
                                 Fill::rebuild,
                                 Fill::none,
                                 Fill::report_cases,
                                 Fill::decisions,
                                 Fill::none,
                                 Fill::none,
                                 Fill::none,
                                 Fill::repeat_keys,
                                 Fill::none,
                                 Fill::decision_repeats,
                                 Fill::none,
                                 Fill::none};
static_assert(std::size(k_step_fills) == k_schema_version);

}  // namespace

const char* migration_sql(int version) { return k_steps[version - 1]; }

Error sqlite_error(const std::exception& e, std::string_view doing) {
  return io_error(fmt::format("{}: {}", doing, e.what()), "sqlite");
}

Result<int> migrate(SQLite::Database& db, int target, const RebuildFn& rebuild) {
  try {
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > k_schema_version) {
      return std::unexpected(invalid_input(fmt::format(
          "the store's schema is version {}, newer than this build's {}: upgrade tiaojie", version,
          k_schema_version)));
    }
    register_crc32c(db.getHandle());
    while (version < target) {
      const int next = version + 1;
      SQLite::Transaction tx(db);
      db.exec(migration_sql(next));
      if (k_step_fills[next - 1] == Fill::rebuild) {
        if (auto r = rebuild(db); !r) return std::unexpected(r.error());
      } else if (k_step_fills[next - 1] == Fill::report_cases) {
        if (auto r = rebuild_report_cases(db); !r) return std::unexpected(r.error());
      } else if (k_step_fills[next - 1] == Fill::decisions) {
        db.exec(k_fill_decisions);
      } else if (k_step_fills[next - 1] == Fill::repeat_keys) {
        db.exec(k_fill_repeat_keys);
      } else if (k_step_fills[next - 1] == Fill::decision_repeats) {
        db.exec(k_fill_decision_repeats);
      }
      db.exec(fmt::format("PRAGMA user_version = {}", next));
      tx.commit();
      version = next;
    }
    return version;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "migrating the store schema"));
  }
}

}  // namespace tiaojie::store::internal

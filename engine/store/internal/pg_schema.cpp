#include "store/internal/pg_schema.hpp"

#include <fmt/format.h>

#include "store/internal/sql_lists.hpp"

namespace tiaojie::store::internal {
namespace {

// Version 1: the SQLite schema at its version 12 less what is SQLite's own (row checksums: a
// PostgreSQL cluster checksums its pages, `initdb --data-checksums`; the lean path's
// `unprojected` list: this backend writes every projection in the commit). Times are Unix
// seconds, dates ISO text, names and enum values text, exactly as the SQLite store writes them,
// so the row spellings verify compares are the same code. The log's seq and the case ids come
// from sequences, read and advanced under the commit lock (pg_schema.hpp).
std::string schema_v1() {
  return fmt::format(R"sql(
CREATE SEQUENCE case_ids;
CREATE SEQUENCE event_seqs;
CREATE TABLE disputes (
  case_id     bigint PRIMARY KEY,
  channel     text   NOT NULL,
  external_id text   NOT NULL,
  received_at bigint NOT NULL,
  json        text   NOT NULL,
  UNIQUE (channel, external_id)
);
CREATE INDEX disputes_received ON disputes (received_at, case_id);
CREATE TABLE events (
  seq     bigint PRIMARY KEY,
  case_id bigint NOT NULL,
  kind    text   NOT NULL,
  at      bigint NOT NULL,
  actor   text   NOT NULL,
  body    text   NOT NULL,
  data    text   NOT NULL
);
CREATE INDEX events_case ON events (case_id, seq);
CREATE TABLE cases (
  case_id     bigint PRIMARY KEY,
  channel     text   NOT NULL,
  external_id text   NOT NULL,
  status      text   NOT NULL,
  body        text   NOT NULL,
  category    text   NOT NULL,
  priority    text   NOT NULL,
  received_at bigint NOT NULL,
  due         text   NOT NULL,
  updated_at  bigint NOT NULL,
  events      bigint NOT NULL,
  last_seq    bigint NOT NULL
);
CREATE INDEX cases_open ON cases (case_id) WHERE status IN {open};
CREATE TABLE assignments (
  case_id bigint NOT NULL,
  body    text   NOT NULL,
  role    text   NOT NULL,
  PRIMARY KEY (case_id, body)
);
CREATE INDEX assignments_body ON assignments (body);
CREATE TABLE body_load (
  body       text   PRIMARY KEY,
  open_cases bigint NOT NULL
);
CREATE TABLE supervision_notices (
  seq       bigint NOT NULL,
  addressee text   NOT NULL,
  case_id   bigint NOT NULL,
  at        bigint NOT NULL,
  due       text   NOT NULL,
  reason    text   NOT NULL,
  PRIMARY KEY (seq, addressee)
);
CREATE INDEX supervision_notices_addressee ON supervision_notices (addressee, at);
CREATE TABLE rule_sets (
  version text PRIMARY KEY,
  files   text NOT NULL
);
CREATE TABLE report_cases (
  case_id      bigint PRIMARY KEY,
  received_at  bigint NOT NULL,
  reply_due    bigint,
  channel      text   NOT NULL,
  category     text   NOT NULL,
  started_at   bigint NOT NULL,
  active_until bigint NOT NULL,
  steps        text   NOT NULL
);
CREATE INDEX report_cases_window ON report_cases (active_until, started_at);
CREATE TABLE decisions (
  case_id        bigint PRIMARY KEY,
  rules_version  text,
  category       text,
  priority       text,
  mode           text,
  level          text,
  deadline_days  bigint,
  deadline_count text,
  category_rule  text,
  priority_rule  text,
  mode_rule      text,
  level_rule     text,
  deadline_rule  text,
  lead           text,
  graph_version  text,
  repeat_count   bigint NOT NULL DEFAULT 0
);
CREATE TABLE repeat_keys (
  key         text   NOT NULL,
  received_at bigint NOT NULL,
  case_id     bigint NOT NULL,
  PRIMARY KEY (key, received_at, case_id)
);
CREATE INDEX repeat_keys_received ON repeat_keys (received_at);
)sql",
                     fmt::arg("open", open_status_sql()));
}

// Version 2: values every daemon on the store must share (Store::shared_setting), such as the
// repeat key's check value.
constexpr const char* k_schema_v2 = R"sql(
CREATE TABLE settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);
)sql";

}  // namespace

PgSchemaState pg_schema_state(PgConnection& db, int& version) {
  version = 0;
  auto exists = db.exec("SELECT to_regclass('tiaojie_schema') IS NOT NULL");
  if (exists.text(0, 0) != "t") return PgSchemaState::missing;
  auto v = db.exec("SELECT version FROM tiaojie_schema");
  if (v.rows() != 1) return PgSchemaState::older;  // created, never completed: not ours to guess
  version = static_cast<int>(v.int64(0, 0));
  if (version == k_pg_schema_version) return PgSchemaState::current;
  return version < k_pg_schema_version ? PgSchemaState::older : PgSchemaState::newer;
}

Result<void> pg_migrate(PgConnection& db) {
  db.exec("BEGIN");
  try {
    db.exec(fmt::format("SELECT pg_advisory_xact_lock({})", k_pg_migrate_lock));
    int version = 0;
    switch (pg_schema_state(db, version)) {
      case PgSchemaState::current:
        db.exec("COMMIT");
        return ok;
      case PgSchemaState::newer:
        db.exec("ROLLBACK");
        return std::unexpected(invalid_input(
            fmt::format("the database holds tiaojie schema version {}, newer than this build's {}: "
                        "upgrade tiaojie",
                        version, k_pg_schema_version)));
      case PgSchemaState::older:
        if (version == 0) {
          db.exec("ROLLBACK");
          return std::unexpected(
              invalid_input("the database has a tiaojie_schema table without a version"));
        }
        // Each step from the stored version on, in this transaction.
        if (version < 2) db.exec(k_schema_v2);
        db.exec(fmt::format("UPDATE tiaojie_schema SET version = {}", k_pg_schema_version));
        break;
      case PgSchemaState::missing:
        db.exec("CREATE TABLE tiaojie_schema (version integer NOT NULL)");
        db.exec(schema_v1());
        db.exec(k_schema_v2);
        db.exec(
            fmt::format("INSERT INTO tiaojie_schema (version) VALUES ({})", k_pg_schema_version));
        break;
    }
    db.exec("COMMIT");
    return ok;
  } catch (...) {
    if (db.in_transaction()) db.exec("ROLLBACK");
    throw;
  }
}

}  // namespace tiaojie::store::internal

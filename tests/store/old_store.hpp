// Writing a store file as an older schema version's code wrote it, for the tests of migrations
// and of the repeat backfill: the dispute row and the events by hand, then the derived tables that
// version kept current. Open the file first with SqliteOptions::migrate_to = that version.
#pragma once

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lifecycle/event_json.hpp"
#include "model/dispute_json.hpp"
#include "store/internal/checksum.hpp"
#include "store/internal/report_rows.hpp"
#include "store/internal/schema.hpp"
#include "store/internal/sqlite_tables.hpp"

namespace tiaojie::test {

// Writes case `id` (dispute `d`, `events`) into a file of schema `version`: dispute, events and
// their checksums from v8 on. The submitted event's external id is the dispute's.
inline void write_old_case(SQLite::Database& db, std::int64_t id, const Dispute& d,
                           const std::vector<lifecycle::Event>& events, int version) {
  const bool summed = version >= 8;
  SQLite::Statement ins(db, summed ? "INSERT INTO disputes VALUES (?,?,?,?,?,?)"
                                   : "INSERT INTO disputes VALUES (?,?,?,?,?)");
  ins.bind(1, id);
  ins.bind(2, d.channel);
  ins.bind(3, d.external_id);
  ins.bind(4, static_cast<std::int64_t>(d.received_at->time_since_epoch().count()));
  const auto json = dispute_to_json_text(d);
  ins.bind(5, json);
  if (summed) ins.bind(6, static_cast<std::int64_t>(store::internal::crc32c(json)));
  ins.exec();
  for (auto e : events) {
    if (auto* sub = std::get_if<lifecycle::Submitted>(&e.data)) sub->external_id = d.external_id;
    SQLite::Statement ev(db, summed ? "INSERT INTO events (case_id, kind, at, actor, body, data, "
                                      "data_crc) VALUES (?,?,?,?,?,?,?)"
                                    : "INSERT INTO events (case_id, kind, at, actor, body, data) "
                                      "VALUES (?,?,?,?,?,?)");
    ev.bind(1, id);
    ev.bind(2, std::string(lifecycle::to_string(e.kind())));
    ev.bind(3, static_cast<std::int64_t>(e.at.time_since_epoch().count()));
    ev.bind(4, e.actor);
    ev.bind(5, e.body.value);
    const auto data = lifecycle::event_data_to_json_text(e.data);
    ev.bind(6, data);
    if (summed) ev.bind(7, static_cast<std::int64_t>(store::internal::crc32c(data)));
    ev.exec();
  }
}

// Fills the derived tables of a file of schema `version` from its log, as that version's code
// kept them current while it wrote (from v2 on).
inline void derive_old_tables(SQLite::Database& db, int version) {
  namespace internal = store::internal;
  if (version >= 2) REQUIRE(internal::rebuild_tables(db).has_value());
  if (version >= 4) REQUIRE(internal::rebuild_report_cases(db).has_value());
  if (version >= 5) {
    db.exec("DELETE FROM decisions;");
    db.exec(internal::k_fill_decisions);
  }
  if (version >= 9) {
    db.exec("DELETE FROM repeat_keys;");
    db.exec(internal::k_fill_repeat_keys);
  }
}

}  // namespace tiaojie::test

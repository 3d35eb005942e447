#include "store/internal/sqlite_tables.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include "lifecycle/event_json.hpp"
#include "store/internal/checksum.hpp"
#include "store/internal/report_rows.hpp"
#include "store/internal/schema.hpp"

namespace tiaojie::store::internal {

Error damaged_row(std::string_view what, CaseId id) {
  return io_error(fmt::format("{} of case {} is damaged: it does not match its checksum (run "
                              "`tiaojie store verify`; restore the case from a backup)",
                              what, id.value),
                  fmt::format("case {}", id.value));
}

const char* event_columns(SQLite::Database& db) {
  return db.execAndGet("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'data_crc'")
                     .getInt() > 0
             ? k_event_columns
             : k_event_columns_unsummed;
}

Result<StoredEvent> read_event(SQLite::Statement& row, int first) {
  StoredEvent se;
  se.seq = row.getColumn(first).getInt64();
  se.event.case_id = CaseId{row.getColumn(first + 1).getInt64()};
  if (row.getColumnCount() > first + 7 && !row_checksum_ok(row, first + 6, first + 7))
    return std::unexpected(damaged_row(fmt::format("event seq {}", se.seq), se.event.case_id));
  const std::string kind_text = row.getColumn(first + 2).getString();
  auto kind = lifecycle::parse_event_kind(kind_text);
  if (!kind) {
    return std::unexpected(
        internal_error(fmt::format("event seq {} has unknown kind \"{}\"", se.seq, kind_text)));
  }
  se.event.at = Timestamp{std::chrono::seconds{row.getColumn(first + 3).getInt64()}};
  se.event.actor = row.getColumn(first + 4).getString();
  se.event.body = BodyId{row.getColumn(first + 5).getString()};
  auto data = lifecycle::event_data_from_json_text(*kind, row.getColumn(first + 6).getString());
  if (!data) {
    return std::unexpected(internal_error(
        fmt::format("event seq {} has unreadable data: {}", se.seq, data.error().to_string())));
  }
  se.event.data = std::move(*data);
  return se;
}

TableWriter::TableWriter(SQLite::Database& db, std::shared_ptr<FaultPlan> faults)
    : upsert_case_(db,
                   "INSERT OR REPLACE INTO cases (case_id, channel, external_id, status, body, "
                   "category, priority, received_at, due, updated_at, events, last_seq) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
      delete_assignments_(db, "DELETE FROM assignments WHERE case_id = ?"),
      insert_assignment_(db, "INSERT INTO assignments (case_id, body, role) VALUES (?,?,?)"),
      add_load_(db,
                "INSERT INTO body_load (body, open_cases) VALUES (?, ?) ON CONFLICT (body) "
                "DO UPDATE SET open_cases = open_cases + excluded.open_cases"),
      drop_empty_load_(db, "DELETE FROM body_load WHERE body = ? AND open_cases <= 0"),
      insert_notice_(db,
                     "INSERT INTO supervision_notices (seq, addressee, case_id, at, due, reason) "
                     "VALUES (?,?,?,?,?,?)"),
      db_(db),
      faults_(std::move(faults)) {}

Result<void> TableWriter::insert_repeat_key(const std::string& key, std::int64_t received_at,
                                            CaseId id) {
  if (auto r = count("repeat_keys row"); !r) return r;
  if (!insert_repeat_key_) {
    insert_repeat_key_.emplace(
        db_, "INSERT OR IGNORE INTO repeat_keys (key, received_at, case_id) VALUES (?,?,?)");
  }
  auto& s = *insert_repeat_key_;
  s.bindNoCopy(1, key);
  s.bind(2, received_at);
  s.bind(3, id.value);
  s.exec();
  s.reset();
  return ok;
}

Result<void> TableWriter::count(std::string_view what) {
  if (faults_) return faults_->on_write(what);
  return ok;
}

void TableWriter::upsert_case(CaseId id, const CaseRow& row, std::int64_t last_seq) {
  auto& s = upsert_case_;
  s.bind(1, id.value);
  s.bindNoCopy(2, row.channel);
  s.bindNoCopy(3, row.external_id);
  s.bindNoCopy(4, row.status);
  s.bindNoCopy(5, row.body);
  s.bindNoCopy(6, row.category);
  s.bindNoCopy(7, row.priority);
  s.bind(8, row.received_at);
  s.bindNoCopy(9, row.due);
  s.bind(10, row.updated_at);
  s.bind(11, row.events);
  s.bind(12, last_seq);
  s.exec();
  s.reset();
}

Result<void> TableWriter::insert_assignments(
    CaseId id, const std::vector<std::pair<BodyId, std::string>>& rows) {
  for (const auto& [body, role] : rows) {
    if (auto r = count("assignments row"); !r) return r;
    insert_assignment_.bind(1, id.value);
    insert_assignment_.bindNoCopy(2, body.value);
    insert_assignment_.bindNoCopy(3, role);
    insert_assignment_.exec();
    insert_assignment_.reset();
  }
  return ok;
}

Result<void> TableWriter::write_case(CaseId id, const std::optional<CaseState>& before,
                                     const CaseState& after, std::int64_t last_seq) {
  if (auto r = count("cases row"); !r) return r;
  upsert_case(id, case_row(after, last_seq), last_seq);
  auto old_rows = before ? assignment_rows(*before) : decltype(assignment_rows(after)){};
  auto new_rows = assignment_rows(after);
  if (old_rows != new_rows) {
    if (!old_rows.empty()) {
      delete_assignments_.bind(1, id.value);
      delete_assignments_.exec();
      delete_assignments_.reset();
    }
    return insert_assignments(id, new_rows);
  }
  return ok;
}

Result<void> TableWriter::write_new_case(
    CaseId id, const CaseRow& row, std::int64_t last_seq,
    const std::vector<std::pair<BodyId, std::string>>& assignments) {
  if (auto r = count("cases row"); !r) return r;
  upsert_case(id, row, last_seq);
  return insert_assignments(id, assignments);
}

Result<void> TableWriter::write_case_row(CaseId id, const CaseRow& row, std::int64_t last_seq) {
  if (auto r = count("cases row"); !r) return r;
  upsert_case(id, row, last_seq);
  return ok;
}

Result<void> TableWriter::add_load(const BodyId& body, std::int64_t delta) {
  if (delta == 0) return ok;
  if (auto r = count("body_load row"); !r) return r;
  add_load_.bind(1, body.value);
  add_load_.bind(2, delta);
  add_load_.exec();
  add_load_.reset();
  if (delta < 0) {
    drop_empty_load_.bind(1, body.value);
    drop_empty_load_.exec();
    drop_empty_load_.reset();
  }
  return ok;
}

Result<void> TableWriter::write_notice(const NoticeRow& n) {
  if (auto r = count("supervision_notices row"); !r) return r;
  auto& s = insert_notice_;
  s.bind(1, n.seq);
  s.bind(2, n.addressee.value);
  s.bind(3, n.case_id.value);
  s.bind(4, static_cast<std::int64_t>(n.at.time_since_epoch().count()));
  s.bind(5, format_date(n.due));
  s.bind(6, n.reason);
  s.exec();
  s.reset();
  return ok;
}

Result<void> TableWriter::record_decision(CaseId id, const lifecycle::EventData& data,
                                          std::int64_t repeat_count) {
  if (const auto* classified = std::get_if<lifecycle::Classified>(&data)) {
    if (auto r = count("decisions row"); !r) return r;
    const RecordedClassification c = recorded(classified->classification, repeat_count);
    if (!record_classified_) {
      record_classified_.emplace(
          db_,
          "INSERT INTO decisions (case_id, rules_version, category, priority, mode, level, "
          "deadline_days, deadline_count, category_rule, priority_rule, mode_rule, level_rule, "
          "deadline_rule, repeat_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (case_id) "
          "DO UPDATE SET "
          "rules_version = excluded.rules_version, category = excluded.category, "
          "priority = excluded.priority, mode = excluded.mode, level = excluded.level, "
          "deadline_days = excluded.deadline_days, deadline_count = excluded.deadline_count, "
          "category_rule = excluded.category_rule, priority_rule = excluded.priority_rule, "
          "mode_rule = excluded.mode_rule, level_rule = excluded.level_rule, "
          "deadline_rule = excluded.deadline_rule, repeat_count = excluded.repeat_count "
          "WHERE decisions.category IS NULL");
    }
    auto& s = *record_classified_;
    s.bind(1, id.value);
    s.bind(2, c.rules_version);
    s.bind(3, c.category);
    s.bind(4, std::string(to_string(c.priority)));
    s.bind(5, std::string(to_string(c.mode)));
    s.bind(6, std::string(to_string(c.level)));
    s.bind(7, c.deadline.days);
    s.bind(8, std::string(to_string(c.deadline.count)));
    s.bind(9, c.category_rule);
    s.bind(10, c.priority_rule);
    s.bind(11, c.mode_rule);
    s.bind(12, c.level_rule);
    s.bind(13, c.deadline_rule);
    s.bind(14, c.repeat_count);
    s.exec();
    s.reset();
  } else if (const auto* assigned = std::get_if<lifecycle::Assigned>(&data)) {
    if (auto r = count("decisions row"); !r) return r;
    if (!record_assigned_) {
      record_assigned_.emplace(
          db_,
          "INSERT INTO decisions (case_id, lead, graph_version) VALUES (?,?,?) "
          "ON CONFLICT (case_id) DO UPDATE SET lead = excluded.lead, "
          "graph_version = excluded.graph_version WHERE decisions.lead IS NULL");
    }
    auto& s = *record_assigned_;
    s.bind(1, id.value);
    s.bind(2, assigned->assignment.lead.value);
    s.bind(3, assigned->assignment.graph_version);
    s.exec();
    s.reset();
  }
  return ok;
}

Result<void> TableWriter::insert_decision(CaseId id, const DecisionRow& row) {
  if (!row.classification && !row.assignment) return ok;
  // Counted as record_decision counts them: one per part.
  if (row.classification) {
    if (auto r = count("decisions row"); !r) return r;
  }
  if (row.assignment) {
    if (auto r = count("decisions row"); !r) return r;
  }
  if (!insert_decision_) {
    insert_decision_.emplace(db_, fmt::format("INSERT INTO decisions (case_id, {}) "
                                              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                                              decision_columns()));
  }
  auto& s = *insert_decision_;
  s.bind(1, id.value);
  if (const auto& c = row.classification) {
    s.bindNoCopy(2, c->rules_version);
    s.bindNoCopy(3, c->category);
    s.bind(4, std::string(to_string(c->priority)));
    s.bind(5, std::string(to_string(c->mode)));
    s.bind(6, std::string(to_string(c->level)));
    s.bind(7, c->deadline.days);
    s.bind(8, std::string(to_string(c->deadline.count)));
    s.bindNoCopy(9, c->category_rule);
    s.bindNoCopy(10, c->priority_rule);
    s.bindNoCopy(11, c->mode_rule);
    s.bindNoCopy(12, c->level_rule);
    s.bindNoCopy(13, c->deadline_rule);
  } else {
    for (int i = 2; i <= 13; ++i) s.bind(i);
  }
  if (const auto& a = row.assignment) {
    s.bindNoCopy(14, a->lead.value);
    s.bindNoCopy(15, a->graph_version);
  } else {
    s.bind(14);
    s.bind(15);
  }
  s.bind(16, row.classification ? row.classification->repeat_count : 0);
  s.exec();
  s.reset();
  return ok;
}

RawStatement::RawStatement(SQLite::Database& db, const std::string& sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db.getHandle(), sql.c_str(), static_cast<int>(sql.size()),
                                    &stmt_, nullptr);
  if (rc != SQLITE_OK) throw SQLite::Exception(db.getHandle(), rc);
}

RawStatement::~RawStatement() { sqlite3_finalize(stmt_); }

void RawStatement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) throw SQLite::Exception(db_.getHandle(), rc);
}

void RawStatement::reset() { sqlite3_reset(stmt_); }

bool RawStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw SQLite::Exception(db_.getHandle(), rc);
}

std::string_view column_text(sqlite3_stmt* row, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
  if (text == nullptr) return {};
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(row, column))};
}

const char* column_key(sqlite3_stmt* row, int column) {
  return reinterpret_cast<const char*>(sqlite3_column_text(row, column));
}

std::string_view column_key_view(sqlite3_stmt* row, int column) {
  const char* text = column_key(row, column);
  return text == nullptr ? std::string_view() : std::string_view(text);
}

Result<lifecycle::Status> read_status(sqlite3_stmt* row, int column, CaseId id) {
  const char* text = column_key(row, column);
  if (text == nullptr) return lifecycle::Status::received;
  auto status = lifecycle::parse_status(text);
  if (!status)
    return std::unexpected(
        internal_error("unknown status in the cases table", fmt::format("case {}", id.value)));
  return *status;
}

namespace {

// Parses an enum column into `out`. Errors: internal naming the column's value.
template <class E, class Parse>
Result<void> read_enum(sqlite3_stmt* row, int column, Parse parse, E& out) {
  return read_decision_enum(column_key_view(row, column), parse, out);
}

void read_text(sqlite3_stmt* row, int column, std::string& out) {
  out.assign(column_key_view(row, column));
}

}  // namespace

Result<void> read_decision(sqlite3_stmt* row, int first,
                           std::optional<RecordedClassification>& classification,
                           std::optional<RecordedAssignment>& assignment, bool rule_keys) {
  // NULL columns are told by the pointer column_key returns (no sqlite3_column_type call).
  const int lead_column = first + (rule_keys ? 12 : 7);
  if (const char* category = column_key(row, first + 1); category == nullptr) {
    classification.reset();
  } else {
    auto& c = classification ? *classification : classification.emplace();
    c.category.assign(category);
    read_text(row, first, c.rules_version);
    if (auto r = read_enum(row, first + 2, parse_priority, c.priority); !r) return r;
    if (auto r = read_enum(row, first + 3, parse_mode, c.mode); !r) return r;
    if (auto r = read_enum(row, first + 4, parse_level, c.level); !r) return r;
    c.deadline.days = sqlite3_column_int(row, first + 5);
    if (auto r = read_enum(row, first + 6, parse_day_count, c.deadline.count); !r) return r;
    c.repeat_count = sqlite3_column_int64(row, lead_column + 2);
    if (rule_keys) {
      read_rule_keys(row, first + 7, c);
    } else {
      for (auto* key :
           {&c.category_rule, &c.priority_rule, &c.mode_rule, &c.level_rule, &c.deadline_rule}) {
        key->clear();
      }
    }
  }
  if (const char* lead = column_key(row, lead_column); lead == nullptr) {
    assignment.reset();
  } else {
    auto& a = assignment ? *assignment : assignment.emplace();
    a.lead.value.assign(lead);
    read_text(row, lead_column + 1, a.graph_version);
  }
  return ok;
}

void read_rule_keys(sqlite3_stmt* row, int first, RecordedClassification& c) {
  read_text(row, first, c.category_rule);
  read_text(row, first + 1, c.priority_rule);
  read_text(row, first + 2, c.mode_rule);
  read_text(row, first + 3, c.level_rule);
  read_text(row, first + 4, c.deadline_rule);
}

void rebuild_decisions(SQLite::Database& db) {
  db.exec("DELETE FROM decisions;");
  db.exec(k_fill_decisions);
  db.exec(k_fill_decision_repeats);
}

Result<void> derive_log(SQLite::Database& db, Deriver& deriver) {
  SQLite::Statement q(db, fmt::format("SELECT {} FROM events ORDER BY seq", event_columns(db)));
  while (q.executeStep()) {
    auto se = read_event(q);
    if (!se) return std::unexpected(se.error());
    if (auto r = deriver.add(*se); !r) return r;
  }
  return ok;
}

Result<void> rebuild_tables(SQLite::Database& db) {
  Deriver deriver;
  if (auto r = derive_log(db, deriver); !r) return r;
  db.exec(
      "DELETE FROM cases; DELETE FROM assignments; DELETE FROM body_load; "
      "DELETE FROM supervision_notices;");
  TableWriter writer(db, nullptr);
  for (const auto& [id, known] : deriver.cases()) {
    if (auto r = writer.write_case(id, std::nullopt, known.state, known.last_seq); !r) return r;
  }
  for (const auto& [body, n] : deriver.load()) {
    if (auto r = writer.add_load(body, n); !r) return r;
  }
  for (const auto& n : deriver.notices()) {
    if (auto r = writer.write_notice(n); !r) return r;
  }
  return ok;
}

TableRows read_tables(SQLite::Database& db) {
  TableRows rows;
  auto& cases = rows["cases"];
  SQLite::Statement c(db,
                      "SELECT case_id, channel, external_id, status, body, category, priority, "
                      "received_at, due, updated_at, events, last_seq FROM cases");
  while (c.executeStep()) {
    CaseRow r{c.getColumn(1).getString(), c.getColumn(2).getString(), c.getColumn(3).getString(),
              c.getColumn(4).getString(), c.getColumn(5).getString(), c.getColumn(6).getString(),
              c.getColumn(7).getInt64(),  c.getColumn(8).getString(), c.getColumn(9).getInt64(),
              c.getColumn(10).getInt64(), c.getColumn(11).getInt64()};
    cases[case_key(CaseId{c.getColumn(0).getInt64()})] = case_row_text(r);
  }
  auto& assignments = rows["assignments"];
  SQLite::Statement a(db, "SELECT case_id, body, role FROM assignments");
  while (a.executeStep()) {
    assignments[assignment_key(CaseId{a.getColumn(0).getInt64()},
                               BodyId{a.getColumn(1).getString()})] = a.getColumn(2).getString();
  }
  auto& load = rows["body_load"];
  SQLite::Statement l(db, "SELECT body, open_cases FROM body_load");
  while (l.executeStep()) {
    load[load_key(BodyId{l.getColumn(0).getString()})] = std::to_string(l.getColumn(1).getInt64());
  }
  auto& notices = rows["supervision_notices"];
  SQLite::Statement n(db,
                      "SELECT seq, addressee, case_id, at, due, reason FROM supervision_notices");
  while (n.executeStep()) {
    auto due = parse_date(n.getColumn(4).getString());
    NoticeRow row{n.getColumn(0).getInt64(),
                  CaseId{n.getColumn(2).getInt64()},
                  Timestamp{std::chrono::seconds{n.getColumn(3).getInt64()}},
                  BodyId{n.getColumn(1).getString()},
                  due.value_or(CivilDate{}),
                  n.getColumn(5).getString()};
    notices[notice_key(row.seq, row.addressee)] = notice_text(row);
  }
  auto& repeats = rows["repeat_keys"];
  SQLite::Statement k(db, "SELECT key, received_at, case_id FROM repeat_keys");
  while (k.executeStep()) {
    RepeatKeyRow row{k.getColumn(0).getString(), CaseId{k.getColumn(2).getInt64()},
                     Timestamp{std::chrono::seconds{k.getColumn(1).getInt64()}}};
    repeats[repeat_key_key(row)] = repeat_key_text(row);
  }
  auto& views = rows["report_cases"];
  SQLite::Statement v(db,
                      "SELECT case_id, received_at, reply_due, channel, category, steps, "
                      "started_at, active_until FROM report_cases");
  ReportCase view;
  while (v.executeStep()) {
    // An unreadable row or stale index columns show as a difference, not as an error.
    std::string text = read_report_case(v, view)
                           ? report_case_text(view)
                           : std::string("(unreadable) ") + v.getColumn(5).getString();
    if (!view.steps.empty() &&
        (v.getColumn(6).getInt64() != report_start(view).time_since_epoch().count() ||
         v.getColumn(7).getInt64() != active_until(view))) {
      text += fmt::format(" (indexed as started_at={} active_until={})", v.getColumn(6).getInt64(),
                          v.getColumn(7).getInt64());
    }
    views[case_key(view.id)] = std::move(text);
  }
  auto& decisions = rows["decisions"];
  RawStatement d(db, fmt::format("SELECT case_id, {} FROM decisions", decision_columns()));
  DecisionRow row;
  while (d.step()) {
    const auto key = case_key(CaseId{sqlite3_column_int64(d.get(), 0)});
    auto r = read_decision(d.get(), 1, row.classification, row.assignment);
    decisions[key] = r ? decision_text(row) : r.error().message;
  }
  return rows;
}

void add_backfilled_repeat_keys(SQLite::Database& db, TableRows& expected) {
  auto& repeats = expected["repeat_keys"];
  SQLite::Statement k(db,
                      "SELECT k.value, d.received_at, b.case_id FROM repeat_backfill b "
                      "JOIN disputes d USING (case_id), json_each(b.keys) k");
  while (k.executeStep()) {
    RepeatKeyRow row{k.getColumn(0).getString(), CaseId{k.getColumn(2).getInt64()},
                     Timestamp{std::chrono::seconds{k.getColumn(1).getInt64()}}};
    repeats[repeat_key_key(row)] = repeat_key_text(row);
  }
}

}  // namespace tiaojie::store::internal

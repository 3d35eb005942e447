#include "store/internal/pg_tables.hpp"

#include <fmt/format.h>

#include "lifecycle/event_json.hpp"
#include "store/internal/report_rows.hpp"

namespace tiaojie::store::internal {

PgInsert::PgInsert(std::string table, std::vector<Column> columns, std::string tail)
    : arrays_(columns.size()) {
  std::string names;
  std::string unnest;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) {
      names += ", ";
      unnest += ", ";
    }
    names += columns[i].name;
    unnest += fmt::format("${}::{}[]", i + 1, columns[i].type);
  }
  sql_ = fmt::format("INSERT INTO {} ({}) SELECT * FROM unnest({}) {}", table, names, unnest, tail);
}

void PgInsert::run(PgConnection& db) {
  if (rows_ == 0) return;
  PgParams params;
  for (const auto& a : arrays_) params.add(a);
  db.exec(sql_, params);
  for (auto& a : arrays_) a = PgArray{};
  rows_ = 0;
}

namespace {

std::string upsert_all(std::string_view key, std::initializer_list<std::string_view> columns) {
  std::string set;
  for (auto c : columns) {
    if (!set.empty()) set += ", ";
    set += fmt::format("{0} = excluded.{0}", c);
  }
  return fmt::format("ON CONFLICT ({}) DO UPDATE SET {}", key, set);
}

}  // namespace

PgWriters::PgWriters()
    : disputes("disputes", {{"case_id", "bigint"},
                            {"channel", "text"},
                            {"external_id", "text"},
                            {"received_at", "bigint"},
                            {"json", "text"}}),
      events("events", {{"seq", "bigint"},
                        {"case_id", "bigint"},
                        {"kind", "text"},
                        {"at", "bigint"},
                        {"actor", "text"},
                        {"body", "text"},
                        {"data", "text"}}),
      cases(
          "cases",
          {{"case_id", "bigint"},
           {"channel", "text"},
           {"external_id", "text"},
           {"status", "text"},
           {"body", "text"},
           {"category", "text"},
           {"priority", "text"},
           {"received_at", "bigint"},
           {"due", "text"},
           {"updated_at", "bigint"},
           {"events", "bigint"},
           {"last_seq", "bigint"}},
          upsert_all("case_id", {"channel", "external_id", "status", "body", "category", "priority",
                                 "received_at", "due", "updated_at", "events", "last_seq"})),
      assignments("assignments", {{"case_id", "bigint"}, {"body", "text"}, {"role", "text"}}),
      load("body_load", {{"body", "text"}, {"open_cases", "bigint"}},
           "ON CONFLICT (body) DO UPDATE SET open_cases = body_load.open_cases + "
           "excluded.open_cases"),
      notices("supervision_notices", {{"seq", "bigint"},
                                      {"addressee", "text"},
                                      {"case_id", "bigint"},
                                      {"at", "bigint"},
                                      {"due", "text"},
                                      {"reason", "text"}}),
      report_cases("report_cases",
                   {{"case_id", "bigint"},
                    {"received_at", "bigint"},
                    {"reply_due", "bigint"},
                    {"channel", "text"},
                    {"category", "text"},
                    {"started_at", "bigint"},
                    {"active_until", "bigint"},
                    {"steps", "text"}},
                   upsert_all("case_id", {"received_at", "reply_due", "channel", "category",
                                          "started_at", "active_until", "steps"})),
      decisions("decisions", {{"case_id", "bigint"},
                              {"rules_version", "text"},
                              {"category", "text"},
                              {"priority", "text"},
                              {"mode", "text"},
                              {"level", "text"},
                              {"deadline_days", "bigint"},
                              {"deadline_count", "text"},
                              {"category_rule", "text"},
                              {"priority_rule", "text"},
                              {"mode_rule", "text"},
                              {"level_rule", "text"},
                              {"deadline_rule", "text"},
                              {"lead", "text"},
                              {"graph_version", "text"},
                              {"repeat_count", "bigint"}}),
      classified("decisions",
                 {{"case_id", "bigint"},
                  {"rules_version", "text"},
                  {"category", "text"},
                  {"priority", "text"},
                  {"mode", "text"},
                  {"level", "text"},
                  {"deadline_days", "bigint"},
                  {"deadline_count", "text"},
                  {"category_rule", "text"},
                  {"priority_rule", "text"},
                  {"mode_rule", "text"},
                  {"level_rule", "text"},
                  {"deadline_rule", "text"},
                  {"repeat_count", "bigint"}},
                 upsert_all("case_id",
                            {"rules_version", "category", "priority", "mode", "level",
                             "deadline_days", "deadline_count", "category_rule", "priority_rule",
                             "mode_rule", "level_rule", "deadline_rule", "repeat_count"}) +
                     " WHERE decisions.category IS NULL"),
      assigned("decisions", {{"case_id", "bigint"}, {"lead", "text"}, {"graph_version", "text"}},
               upsert_all("case_id", {"lead", "graph_version"}) + " WHERE decisions.lead IS NULL"),
      repeat_keys("repeat_keys",
                  {{"key", "text"}, {"received_at", "bigint"}, {"case_id", "bigint"}},
                  "ON CONFLICT DO NOTHING") {}

void PgWriters::run(PgConnection& db) {
  for (PgInsert* w : {&disputes, &events, &cases, &assignments, &notices, &report_cases, &decisions,
                      &classified, &assigned, &repeat_keys}) {
    w->run(db);
  }
  if (load.rows() > 0) {
    load.run(db);
    db.exec("DELETE FROM body_load WHERE open_cases <= 0");
  }
}

void add_case(PgWriters& w, CaseId id, const CaseRow& row, std::int64_t last_seq) {
  w.cases.add(id.value, row.channel, row.external_id, row.status, row.body, row.category,
              row.priority, row.received_at, row.due, row.updated_at, row.events, last_seq);
}

void add_notice(PgWriters& w, const NoticeRow& n) {
  w.notices.add(n.seq, n.addressee.value, n.case_id.value, unix_seconds(n.at), format_date(n.due),
                n.reason);
}

void add_report_case(PgWriters& w, CaseId id, const ReportCase& view, const std::string& steps) {
  const auto received = unix_seconds(view.received_at);
  const auto start = unix_seconds(report_start(view));
  if (view.reply_due) {
    w.report_cases.add(id.value, received, unix_seconds(*view.reply_due), view.channel,
                       view.category, start, active_until(view), steps);
  } else {
    w.report_cases.add(id.value, received, std::nullopt, view.channel, view.category, start,
                       active_until(view), steps);
  }
}

void add_decision(PgWriters& w, CaseId id, const DecisionRow& row, bool new_row) {
  const auto& c = row.classification;
  const auto& a = row.assignment;
  if (new_row && c && a) {
    w.decisions.add(id.value, c->rules_version, c->category, to_string(c->priority),
                    to_string(c->mode), to_string(c->level),
                    static_cast<std::int64_t>(c->deadline.days), to_string(c->deadline.count),
                    c->category_rule, c->priority_rule, c->mode_rule, c->level_rule,
                    c->deadline_rule, a->lead.value, a->graph_version, c->repeat_count);
    return;
  }
  // One half only, or an existing row: the upserts (which also insert a missing row).
  if (c) {
    w.classified.add(id.value, c->rules_version, c->category, to_string(c->priority),
                     to_string(c->mode), to_string(c->level),
                     static_cast<std::int64_t>(c->deadline.days), to_string(c->deadline.count),
                     c->category_rule, c->priority_rule, c->mode_rule, c->level_rule,
                     c->deadline_rule, c->repeat_count);
  }
  if (a) w.assigned.add(id.value, a->lead.value, a->graph_version);
}

Result<StoredEvent> read_pg_event(const PgResult& r, int row, int first) {
  StoredEvent se;
  se.seq = r.int64(row, first);
  se.event.case_id = CaseId{r.int64(row, first + 1)};
  const auto kind_text = r.text(row, first + 2);
  auto kind = lifecycle::parse_event_kind(kind_text);
  if (!kind) {
    return std::unexpected(
        internal_error(fmt::format("event seq {} has unknown kind \"{}\"", se.seq, kind_text)));
  }
  se.event.at = from_unix_seconds(r.int64(row, first + 3));
  se.event.actor = std::string(r.text(row, first + 4));
  se.event.body = BodyId{std::string(r.text(row, first + 5))};
  auto data = lifecycle::event_data_from_json_text(*kind, std::string(r.text(row, first + 6)));
  if (!data) {
    return std::unexpected(internal_error(
        fmt::format("event seq {} has unreadable data: {}", se.seq, data.error().to_string())));
  }
  se.event.data = std::move(*data);
  return se;
}

namespace {

template <class E, class Parse>
Result<void> read_enum(const PgResult& r, int row, int column, Parse parse, E& out) {
  return read_decision_enum(r.text(row, column), parse, out);
}

}  // namespace

Result<void> read_pg_decision(const PgResult& r, int row, int first,
                              std::optional<RecordedClassification>& classification,
                              std::optional<RecordedAssignment>& assignment) {
  if (r.is_null(row, first + 1)) {
    classification.reset();
  } else {
    auto& c = classification ? *classification : classification.emplace();
    c.rules_version.assign(r.text(row, first));
    c.category.assign(r.text(row, first + 1));
    if (auto e = read_enum(r, row, first + 2, parse_priority, c.priority); !e) return e;
    if (auto e = read_enum(r, row, first + 3, parse_mode, c.mode); !e) return e;
    if (auto e = read_enum(r, row, first + 4, parse_level, c.level); !e) return e;
    c.deadline.days = static_cast<int>(r.int64(row, first + 5));
    if (auto e = read_enum(r, row, first + 6, parse_day_count, c.deadline.count); !e) return e;
    c.category_rule.assign(r.text(row, first + 7));
    c.priority_rule.assign(r.text(row, first + 8));
    c.mode_rule.assign(r.text(row, first + 9));
    c.level_rule.assign(r.text(row, first + 10));
    c.deadline_rule.assign(r.text(row, first + 11));
    c.repeat_count = r.int64(row, first + 14);
  }
  if (r.is_null(row, first + 12)) {
    assignment.reset();
  } else {
    auto& a = assignment ? *assignment : assignment.emplace();
    a.lead.value.assign(r.text(row, first + 12));
    a.graph_version.assign(r.text(row, first + 13));
  }
  return ok;
}

Result<void> read_pg_report_case(const PgResult& r, int row, int first, ReportCase& out) {
  out.id = CaseId{r.int64(row, first)};
  out.received_at = from_unix_seconds(r.int64(row, first + 1));
  out.reply_due.reset();
  if (!r.is_null(row, first + 2)) out.reply_due = from_unix_seconds(r.int64(row, first + 2));
  out.channel.assign(r.text(row, first + 3));
  out.category.assign(r.text(row, first + 4));
  if (auto d = decode_steps(r.text(row, first + 5), out.steps); !d) {
    return std::unexpected(internal_error(
        d.error().message, fmt::format("report_cases row of case {}", out.id.value)));
  }
  return ok;
}

Result<void> derive_pg_log(PgConnection& db, Deriver& deriver) {
  Result<void> outcome = ok;
  db.scan(fmt::format("SELECT {} FROM events ORDER BY seq", k_pg_event_columns), {},
          [&](const PgResult& r, int row) {
            auto se = read_pg_event(r, row);
            if (!se) {
              outcome = std::unexpected(se.error());
              return false;
            }
            outcome = deriver.add(*se);
            return outcome.has_value();
          });
  return outcome;
}

TableRows read_pg_tables(PgConnection& db) {
  TableRows rows;
  auto each = [&db](const std::string& sql, const std::function<void(const PgResult&, int)>& f) {
    db.scan(sql, {}, [&f](const PgResult& r, int row) {
      f(r, row);
      return true;
    });
  };
  each(
      "SELECT case_id, channel, external_id, status, body, category, priority, received_at, due, "
      "updated_at, events, last_seq FROM cases",
      [&rows](const PgResult& r, int i) {
        CaseRow c{std::string(r.text(i, 1)),
                  std::string(r.text(i, 2)),
                  std::string(r.text(i, 3)),
                  std::string(r.text(i, 4)),
                  std::string(r.text(i, 5)),
                  std::string(r.text(i, 6)),
                  r.int64(i, 7),
                  std::string(r.text(i, 8)),
                  r.int64(i, 9),
                  r.int64(i, 10),
                  r.int64(i, 11)};
        rows["cases"][case_key(CaseId{r.int64(i, 0)})] = case_row_text(c);
      });
  each("SELECT case_id, body, role FROM assignments", [&rows](const PgResult& r, int i) {
    rows["assignments"][assignment_key(CaseId{r.int64(i, 0)}, BodyId{std::string(r.text(i, 1))})] =
        std::string(r.text(i, 2));
  });
  each("SELECT body, open_cases FROM body_load", [&rows](const PgResult& r, int i) {
    rows["body_load"][load_key(BodyId{std::string(r.text(i, 0))})] = std::to_string(r.int64(i, 1));
  });
  each("SELECT seq, addressee, case_id, at, due, reason FROM supervision_notices",
       [&rows](const PgResult& r, int i) {
         NoticeRow n{r.int64(i, 0),
                     CaseId{r.int64(i, 2)},
                     from_unix_seconds(r.int64(i, 3)),
                     BodyId{std::string(r.text(i, 1))},
                     parse_date(r.text(i, 4)).value_or(CivilDate{}),
                     std::string(r.text(i, 5))};
         rows["supervision_notices"][notice_key(n.seq, n.addressee)] = notice_text(n);
       });
  each("SELECT key, received_at, case_id FROM repeat_keys", [&rows](const PgResult& r, int i) {
    RepeatKeyRow k{std::string(r.text(i, 0)), CaseId{r.int64(i, 2)},
                   from_unix_seconds(r.int64(i, 1))};
    rows["repeat_keys"][repeat_key_key(k)] = repeat_key_text(k);
  });
  ReportCase view;
  each(
      "SELECT case_id, received_at, reply_due, channel, category, steps, started_at, "
      "active_until FROM report_cases",
      [&rows, &view](const PgResult& r, int i) {
        // An unreadable row or stale window columns show as a difference, not as an error.
        std::string text = read_pg_report_case(r, i, 0, view)
                               ? report_case_text(view)
                               : "(unreadable) " + std::string(r.text(i, 5));
        if (!view.steps.empty() && (r.int64(i, 6) != unix_seconds(report_start(view)) ||
                                    r.int64(i, 7) != active_until(view))) {
          text += fmt::format(" (indexed as started_at={} active_until={})", r.int64(i, 6),
                              r.int64(i, 7));
        }
        rows["report_cases"][case_key(CaseId{r.int64(i, 0)})] = std::move(text);
      });
  DecisionRow decision;
  each(fmt::format("SELECT case_id, {} FROM decisions", decision_columns()),
       [&rows, &decision](const PgResult& r, int i) {
         auto d = read_pg_decision(r, i, 1, decision.classification, decision.assignment);
         rows["decisions"][case_key(CaseId{r.int64(i, 0)})] =
             d ? decision_text(decision) : d.error().message;
       });
  return rows;
}

}  // namespace tiaojie::store::internal

#include "store/postgres_store.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <deque>
#include <set>

#include "lifecycle/event_json.hpp"
#include "store/internal/case_query.hpp"
#include "store/internal/derive.hpp"
#include "store/internal/pg_connection.hpp"
#include "store/internal/pg_schema.hpp"
#include "store/internal/pg_tables.hpp"
#include "store/internal/plan.hpp"
#include "store/internal/prepared.hpp"
#include "store/internal/report_rows.hpp"
#include "store/internal/sql_lists.hpp"

namespace tiaojie::store {

using internal::KnownCase;
using internal::pg_error;
using internal::PgArray;
using internal::PgConnection;
using internal::PgParams;
using internal::PgResult;

namespace {

// Folds one case's events. Errors: internal naming the case.
Result<CaseState> fold_case(CaseId id, const std::vector<StoredEvent>& events) {
  std::vector<Event> plain;
  plain.reserve(events.size());
  for (const auto& se : events) plain.push_back(se.event);
  auto state = lifecycle::fold(plain);
  if (!state) {
    return std::unexpected(internal_error(fmt::format("case {}'s stored events do not fold: {}",
                                                      id.value, state.error().to_string())));
  }
  return state;
}

// Ends the connection's transaction after a failure inside it (the server aborted it already).
void roll_back(PgConnection& db) noexcept {
  try {
    if (db.in_transaction()) db.exec("ROLLBACK");
  } catch (...) {  // the connection is gone: the server rolls back on its own
  }
}

// The log's events with seq > `after_seq`, in seq order, at most `limit` (columns:
// internal::k_pg_event_columns, the seq first).
PgResult select_events_after(PgConnection& db, std::int64_t after_seq, std::size_t limit) {
  return db.exec(fmt::format("SELECT {} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
                             internal::k_pg_event_columns),
                 PgParams().add(after_seq).add(
                     static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX))));
}

}  // namespace

struct PostgresStore::Impl {
  PostgresOptions options;
  PgConnection db;
  bool leading = false;
  std::uint64_t lead_connection = 0;  // db.resets() when the lead was taken
  // The seq ranges [first, last] of this store's own commits not yet passed by events_by_others'
  // cursor: a commit's events are numbered consecutively under the commit lock.
  std::deque<std::pair<std::int64_t, std::int64_t>> own_seqs;

  Impl(PostgresOptions o, PgConnection c) : options(std::move(o)), db(std::move(c)) {}

  Result<void> count(std::string_view what) {
    if (options.faults) return options.faults->on_write(what);
    return ok;
  }

  // The events of `ids`, folded: every case that exists, with its state and last seq.
  Result<std::map<CaseId, KnownCase>> load_cases(const std::set<std::int64_t>& ids) {
    std::map<CaseId, KnownCase> known;
    if (ids.empty()) return known;
    PgArray array;
    for (auto id : ids) array.add(id);
    auto rows = db.exec(fmt::format("SELECT {} FROM events WHERE case_id = ANY($1::bigint[]) "
                                    "ORDER BY case_id, seq",
                                    internal::k_pg_event_columns),
                        PgParams().add(array));
    std::vector<StoredEvent> events;
    auto flush = [&]() -> Result<void> {
      if (events.empty()) return ok;
      const CaseId id = events.front().event.case_id;
      auto state = fold_case(id, events);
      if (!state) return std::unexpected(state.error());
      known.emplace(id, KnownCase{std::move(*state), events.back().seq});
      events.clear();
      return ok;
    };
    for (int i = 0; i < rows.rows(); ++i) {
      auto se = internal::read_pg_event(rows, i);
      if (!se) return std::unexpected(se.error());
      if (!events.empty() && events.back().event.case_id != se->event.case_id) {
        if (auto r = flush(); !r) return std::unexpected(r.error());
      }
      events.push_back(std::move(*se));
    }
    if (auto r = flush(); !r) return std::unexpected(r.error());
    return known;
  }

  // The case ids stored under the batch's idempotency keys.
  std::map<std::pair<std::string, std::string>, CaseId> load_keys(std::span<const Change> batch) {
    std::map<std::pair<std::string, std::string>, CaseId> keys;
    PgArray channels;
    PgArray external_ids;
    for (const auto& change : batch) {
      if (const auto* nc = std::get_if<NewCase>(&change)) {
        channels.add(nc->dispute.channel);
        external_ids.add(nc->dispute.external_id);
      }
    }
    if (channels.empty()) return keys;
    auto rows = db.exec(
        "SELECT d.channel, d.external_id, d.case_id FROM disputes d "
        "JOIN unnest($1::text[], $2::text[]) AS k (channel, external_id) "
        "ON d.channel = k.channel AND d.external_id = k.external_id",
        PgParams().add(channels).add(external_ids));
    for (int i = 0; i < rows.rows(); ++i) {
      keys.emplace(std::pair{std::string(rows.text(i, 0)), std::string(rows.text(i, 1))},
                   CaseId{rows.int64(i, 2)});
    }
    return keys;
  }

  // The stored report views of `ids` (an existing case always has one).
  Result<std::map<CaseId, ReportCase>> load_views(const std::set<std::int64_t>& ids) {
    std::map<CaseId, ReportCase> views;
    if (ids.empty()) return views;
    PgArray array;
    for (auto id : ids) array.add(id);
    auto rows = db.exec(
        "SELECT case_id, received_at, reply_due, channel, category, steps FROM report_cases "
        "WHERE case_id = ANY($1::bigint[])",
        PgParams().add(array));
    for (int i = 0; i < rows.rows(); ++i) {
      ReportCase view;
      if (auto r = internal::read_pg_report_case(rows, i, 0, view); !r)
        return std::unexpected(r.error());
      views.emplace(view.id, std::move(view));
    }
    return views;
  }

  // Writes an accepted plan inside the batch's transaction; its events numbered from `seq`.
  // Returns the seq after the last one written.
  Result<std::int64_t> write_plan(internal::Plan& plan, std::int64_t seq) {
    internal::PgWriters w;
    std::vector<std::int64_t> last_seqs;
    last_seqs.reserve(plan.writes.size());
    std::map<CaseId, std::int64_t> case_last;
    // Each case's first classification and assignment of the batch: the table keeps a half
    // already there, and one statement may not touch a row twice.
    std::map<CaseId, internal::DecisionRow> decisions;
    for (const auto& wr : plan.writes) {
      const std::int64_t repeats =
          static_cast<std::int64_t>(plan.after(plan.touched.at(wr.case_id)).repeat_of.size());
      if (wr.new_case != nullptr) {
        const auto& sub = std::get<lifecycle::Submitted>(wr.events.front().data);
        if (auto r = count("disputes row"); !r) return std::unexpected(r.error());
        w.disputes.add(wr.case_id.value, wr.new_case->dispute.channel,
                       wr.new_case->dispute.external_id, unix_seconds(sub.received_at),
                       wr.new_case->dispute_json);
        for (const auto& key : sub.repeat_keys) {
          if (auto r = count("repeat_keys row"); !r) return std::unexpected(r.error());
          w.repeat_keys.add(key, unix_seconds(sub.received_at), wr.case_id.value);
        }
      }
      auto& decision = decisions[wr.case_id];
      for (std::size_t k = 0; k < wr.events.size(); ++k) {
        const Event& e = wr.events[k];
        if (auto r = count("events row"); !r) return std::unexpected(r.error());
        const std::string data = wr.prepared != nullptr
                                     ? wr.prepared->event_data[k]
                                     : lifecycle::event_data_to_json_text(e.data);
        w.events.add(seq, wr.case_id.value, lifecycle::to_string(e.kind()), unix_seconds(e.at),
                     e.actor, e.body.value, data);
        for (const auto& n : internal::notice_rows(seq, wr.case_id, e)) {
          if (auto r = count("supervision_notices row"); !r) return std::unexpected(r.error());
          internal::add_notice(w, n);
        }
        internal::note_decision(decision, e.data, repeats);
        ++seq;
      }
      last_seqs.push_back(seq - 1);
      case_last[wr.case_id] = seq - 1;
    }
    for (const auto& [id, row] : decisions) {
      if (row.classification || row.assignment) {
        if (auto r = count("decisions row"); !r) return std::unexpected(r.error());
      }
      internal::add_decision(w, id, row, !plan.touched.at(id).before.has_value());
    }

    std::map<BodyId, std::int64_t> load_delta;
    PgArray replaced_assignments;
    std::set<std::int64_t> existing;
    for (const auto& [id, touched] : plan.touched) {
      const CaseState& after = plan.after(touched);
      if (auto r = count("cases row"); !r) return std::unexpected(r.error());
      internal::add_case(w, id, internal::case_row(after, case_last[id]), case_last[id]);
      const auto old_rows = touched.before ? internal::assignment_rows(*touched.before)
                                           : std::vector<std::pair<BodyId, std::string>>{};
      const auto new_rows = internal::assignment_rows(after);
      if (old_rows != new_rows) {
        if (!old_rows.empty()) replaced_assignments.add(id.value);
        for (const auto& [body, role] : new_rows) {
          if (auto r = count("assignments row"); !r) return std::unexpected(r.error());
          w.assignments.add(id.value, body.value, role);
        }
      }
      if (touched.before) {
        existing.insert(id.value);
        if (auto b = internal::load_body(*touched.before)) --load_delta[*b];
      }
      if (auto b = internal::load_body(after)) ++load_delta[*b];
    }
    for (const auto& [body, delta] : load_delta) {
      if (delta == 0) continue;
      if (auto r = count("body_load row"); !r) return std::unexpected(r.error());
      w.load.add(body.value, delta);
    }
    if (auto r = add_report_views(plan, existing, w); !r) return std::unexpected(r.error());

    if (!replaced_assignments.empty()) {
      db.exec("DELETE FROM assignments WHERE case_id = ANY($1::bigint[])",
              PgParams().add(replaced_assignments));
    }
    w.run(db);
    internal::fill_last_seqs(plan, last_seqs);
    return seq;
  }

  // The report view of every case the plan touches: the stored one (none for a new case) with
  // the batch's events folded on, from the state before the batch.
  Result<void> add_report_views(const internal::Plan& plan, const std::set<std::int64_t>& existing,
                                internal::PgWriters& w) {
    auto stored = load_views(existing);
    if (!stored) return std::unexpected(stored.error());
    struct Working {
      ReportCase view;
      std::optional<CaseState> state;
    };
    std::map<CaseId, Working> working;
    for (const auto& wr : plan.writes) {
      if (const auto* ready = plan.touched.at(wr.case_id).rows) {
        if (auto r = count("report_cases row"); !r) return r;
        internal::add_report_case(w, wr.case_id, ready->view, ready->steps);
        continue;
      }
      auto it = working.find(wr.case_id);
      if (it == working.end()) {
        Working fresh;
        fresh.state = plan.touched.at(wr.case_id).before;
        if (auto s = stored->find(wr.case_id); s != stored->end())
          fresh.view = std::move(s->second);
        it = working.emplace(wr.case_id, std::move(fresh)).first;
      }
      auto& [view, state] = it->second;
      for (const auto& e : wr.events) {
        if (auto r = fold_report_event(view, state, wr.case_id, e); !r)
          return std::unexpected(internal_error(r.error().to_string()));
      }
    }
    for (const auto& [id, one] : working) {
      if (auto r = count("report_cases row"); !r) return r;
      internal::add_report_case(w, id, one.view, internal::encode_steps(one.view.steps));
    }
    return ok;
  }

  // Takes the commit lock in a new transaction and reads the next case id and event seq the
  // sequences hand out (one round trip).
  std::pair<CaseId, std::int64_t> begin_commit() {
    constexpr const char* next =
        "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END";
    auto r =
        db.exec(fmt::format("BEGIN; SELECT pg_advisory_xact_lock({}); SELECT ({} FROM case_ids), "
                            "({} FROM event_seqs)",
                            internal::k_pg_commit_lock, next, next));
    return {CaseId{r.int64(0, 0)}, r.int64(0, 1)};
  }
  // Moves the sequences on past the ids and seqs used (they hand out `next_case` and `next_seq`
  // next) and commits (one round trip).
  void end_commit(CaseId next_case, std::int64_t next_seq) {
    std::string sql = fmt::format("SELECT setval('event_seqs', {})", next_seq - 1);
    if (next_case.value > 1) sql += fmt::format(", setval('case_ids', {})", next_case.value - 1);
    db.exec(sql + "; COMMIT");
  }
};

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const PostgresOptions& options) {
  auto connected = PgConnection::connect(options.conninfo);
  if (!connected) return std::unexpected(connected.error());
  auto impl = std::make_unique<Impl>(options, std::move(*connected));
  try {
    int version = 0;
    const auto state = internal::pg_schema_state(impl->db, version);
    if (state == internal::PgSchemaState::missing && !options.create_if_missing) {
      return std::unexpected(not_found("the database holds no tiaojie store (no tiaojie_schema)"));
    }
    if (options.read_only) {
      if (state != internal::PgSchemaState::current) {
        return std::unexpected(invalid_input(
            fmt::format("the database's tiaojie schema is version {}, this build reads {}: open "
                        "it once read-write to migrate it",
                        version, internal::k_pg_schema_version)));
      }
      impl->db.set_session("SET default_transaction_read_only = on");
    } else if (state != internal::PgSchemaState::current) {
      if (auto r = internal::pg_migrate(impl->db); !r) return std::unexpected(r.error());
    }
    return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(impl)));
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "opening the PostgreSQL store"));
  }
}

Result<std::vector<ChangeOutcome>> PostgresStore::commit(std::span<const Change> batch) {
  auto& impl = *impl_;
  if (impl.options.read_only)
    return std::unexpected(io_error("the store is open read-only", "postgresql"));
  try {
    const auto [next_case, next_seq] = impl.begin_commit();
    // Everything the plan looks up, in two statements: the keys of the new cases, then the events
    // of the cases changed or resubmitted (read after the lock: another daemon's commits are all
    // visible).
    auto keys = impl.load_keys(batch);
    std::set<std::int64_t> ids;
    for (const auto& change : batch) {
      if (const auto* ce = std::get_if<CaseEvents>(&change)) ids.insert(ce->case_id.value);
    }
    // A resubmitted key is answered with its case's current state.
    for (const auto& [key, id] : keys) ids.insert(id.value);
    auto known = impl.load_cases(ids);
    if (!known) {
      roll_back(impl.db);
      return std::unexpected(known.error());
    }
    internal::Lookups lookups;
    lookups.find_key = [&keys](std::string_view ch,
                               std::string_view ext) -> Result<std::optional<CaseId>> {
      auto it = keys.find(std::pair{std::string(ch), std::string(ext)});
      if (it == keys.end()) return std::optional<CaseId>{};
      return std::optional<CaseId>{it->second};
    };
    lookups.load = [&known](CaseId id) -> Result<std::optional<KnownCase>> {
      auto it = known->find(id);
      if (it == known->end()) return std::optional<KnownCase>{};
      return std::optional<KnownCase>{it->second};
    };
    auto plan = internal::plan_batch(batch, next_case, lookups);
    if (!plan) {
      roll_back(impl.db);
      return std::unexpected(plan.error());
    }
    if (plan->writes.empty()) {
      impl.db.exec("ROLLBACK");  // nothing to make durable
      return std::move(plan->outcomes);
    }
    auto written = impl.write_plan(*plan, next_seq);
    if (!written) {
      roll_back(impl.db);
      return std::unexpected(written.error());
    }
    // The COMMIT counts as a write too: failing it rolls back.
    if (auto r = impl.count("commit"); !r) {
      roll_back(impl.db);
      return std::unexpected(r.error());
    }
    impl.end_commit(plan->next_case_id, *written);
    impl.own_seqs.emplace_back(next_seq, *written - 1);
    return std::move(plan->outcomes);
  } catch (const std::exception& e) {
    roll_back(impl.db);
    return std::unexpected(pg_error(e, "committing a batch"));
  }
}

Result<std::optional<CaseRecord>> PostgresStore::find_by_key(std::string_view channel,
                                                             std::string_view external_id) {
  try {
    auto r = impl_->db.exec("SELECT case_id FROM disputes WHERE channel = $1 AND external_id = $2",
                            PgParams().add(channel).add(external_id));
    if (r.rows() == 0) return std::optional<CaseRecord>{};
    auto record = get_case(CaseId{r.int64(0, 0)});
    if (!record) return std::unexpected(record.error());
    return std::optional<CaseRecord>{std::move(*record)};
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "finding a case by key"));
  }
}

Result<CaseRecord> PostgresStore::get_case(CaseId id) {
  try {
    auto rows = impl_->db.exec(fmt::format("SELECT {} FROM events WHERE case_id = $1 ORDER BY seq",
                                           internal::k_pg_event_columns),
                               PgParams().add(id.value));
    if (rows.rows() == 0) return std::unexpected(not_found(fmt::format("no case {}", id.value)));
    std::vector<StoredEvent> events;
    for (int i = 0; i < rows.rows(); ++i) {
      auto se = internal::read_pg_event(rows, i);
      if (!se) return std::unexpected(se.error());
      events.push_back(std::move(*se));
    }
    auto state = fold_case(id, events);
    if (!state) return std::unexpected(state.error());
    return CaseRecord{std::move(*state), std::move(events)};
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading a case"));
  }
}

Result<std::vector<CaseState>> PostgresStore::open_cases() {
  try {
    std::vector<CaseState> out;
    std::vector<StoredEvent> events;
    Result<void> outcome = ok;
    auto flush = [&]() -> Result<void> {
      if (events.empty()) return ok;
      auto state = fold_case(events.front().event.case_id, events);
      if (!state) return std::unexpected(state.error());
      out.push_back(std::move(*state));
      events.clear();
      return ok;
    };
    impl_->db.scan(fmt::format("SELECT e.seq, e.case_id, e.kind, e.at, e.actor, e.body, e.data "
                               "FROM cases c JOIN events e ON e.case_id = c.case_id "
                               "WHERE c.status IN {} ORDER BY e.case_id, e.seq",
                               internal::open_status_sql()),
                   {}, [&](const PgResult& r, int i) {
                     auto se = internal::read_pg_event(r, i);
                     if (!se) {
                       outcome = std::unexpected(se.error());
                       return false;
                     }
                     if (!events.empty() && events.back().event.case_id != se->event.case_id) {
                       outcome = flush();
                       if (!outcome) return false;
                     }
                     events.push_back(std::move(*se));
                     return true;
                   });
    if (!outcome) return std::unexpected(outcome.error());
    if (auto r = flush(); !r) return std::unexpected(r.error());
    return out;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "listing open cases"));
  }
}

Result<std::vector<OpenCaseRow>> PostgresStore::open_case_rows() {
  try {
    std::vector<OpenCaseRow> rows;
    Result<void> outcome = ok;
    impl_->db.scan("SELECT case_id, status, body, category, due FROM cases WHERE status IN " +
                       internal::open_status_sql(),
                   {}, [&](const PgResult& r, int i) {
                     OpenCaseRow row;
                     row.id = CaseId{r.int64(i, 0)};
                     auto status = lifecycle::parse_status(r.text(i, 1));
                     if (!status) {
                       outcome =
                           std::unexpected(internal_error("unknown status in the cases table",
                                                          fmt::format("case {}", row.id.value)));
                       return false;
                     }
                     row.status = *status;
                     row.body = BodyId{std::string(r.text(i, 2))};
                     row.category = std::string(r.text(i, 3));
                     if (!r.text(i, 4).empty()) row.due = parse_date(r.text(i, 4));
                     rows.push_back(std::move(row));
                     return true;
                   });
    if (!outcome) return std::unexpected(outcome.error());
    return rows;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "listing open cases"));
  }
}

Result<std::map<BodyId, std::int64_t>> PostgresStore::open_load() {
  try {
    auto r = impl_->db.exec("SELECT body, open_cases FROM body_load");
    std::map<BodyId, std::int64_t> load;
    for (int i = 0; i < r.rows(); ++i) load[BodyId{std::string(r.text(i, 0))}] = r.int64(i, 1);
    return load;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading the open load"));
  }
}

Result<std::vector<StoredEvent>> PostgresStore::events_since(std::int64_t after_seq,
                                                             std::size_t limit) {
  try {
    auto r = select_events_after(impl_->db, after_seq, limit);
    std::vector<StoredEvent> out;
    for (int i = 0; i < r.rows(); ++i) {
      auto se = internal::read_pg_event(r, i);
      if (!se) return std::unexpected(se.error());
      out.push_back(std::move(*se));
    }
    return out;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading events"));
  }
}

Result<std::int64_t> PostgresStore::last_seq() {
  try {
    return impl_->db.exec("SELECT COALESCE(MAX(seq), 0) FROM events").int64(0, 0);
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading the last seq"));
  }
}

Result<void> PostgresStore::for_each_dispute(
    Timestamp from, Timestamp to, const std::function<bool(const StoredDispute&)>& visit) {
  try {
    StoredDispute d;
    impl_->db.scan(
        "SELECT case_id, channel, external_id, received_at, json FROM disputes "
        "WHERE received_at >= $1 AND received_at < $2 ORDER BY received_at, case_id",
        PgParams().add(unix_seconds(from)).add(unix_seconds(to)), [&](const PgResult& r, int i) {
          d.case_id = CaseId{r.int64(i, 0)};
          d.channel.assign(r.text(i, 1));
          d.external_id.assign(r.text(i, 2));
          d.received_at = from_unix_seconds(r.int64(i, 3));
          d.json.assign(r.text(i, 4));
          return visit(d);
        });
    return ok;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading stored disputes"));
  }
}

Result<void> PostgresStore::for_each_decision(
    Timestamp from, Timestamp to, const std::function<bool(const StoredDecision&)>& visit) {
  try {
    StoredDecision row;
    Result<void> outcome = ok;
    impl_->db.scan(
        fmt::format("SELECT d.case_id, d.channel, d.external_id, d.received_at, d.json, c.status, "
                    "c.body, {} FROM disputes d "
                    "LEFT JOIN cases c ON c.case_id = d.case_id "
                    "LEFT JOIN decisions x ON x.case_id = d.case_id "
                    "WHERE d.received_at >= $1 AND d.received_at < $2 "
                    "ORDER BY d.received_at, d.case_id",
                    internal::decision_columns("x.")),
        PgParams().add(unix_seconds(from)).add(unix_seconds(to)), [&](const PgResult& r, int i) {
          row.dispute.case_id = CaseId{r.int64(i, 0)};
          row.dispute.channel.assign(r.text(i, 1));
          row.dispute.external_id.assign(r.text(i, 2));
          row.dispute.received_at = from_unix_seconds(r.int64(i, 3));
          row.dispute.json.assign(r.text(i, 4));
          row.status = lifecycle::Status::received;
          if (!r.is_null(i, 5)) {
            auto status = lifecycle::parse_status(r.text(i, 5));
            if (!status) {
              outcome = std::unexpected(
                  internal_error("unknown status in the cases table",
                                 fmt::format("case {}", row.dispute.case_id.value)));
              return false;
            }
            row.status = *status;
          }
          row.body.value.assign(r.text(i, 6));
          if (auto d = internal::read_pg_decision(r, i, 7, row.classification, row.assignment);
              !d) {
            outcome = std::unexpected(internal_error(
                d.error().message, fmt::format("case {}", row.dispute.case_id.value)));
            return false;
          }
          return visit(row);
        });
    return outcome;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading stored decisions"));
  }
}

Result<void> PostgresStore::for_each_report_case(
    Timestamp from, Timestamp to, const std::function<bool(const ReportCase&)>& visit) {
  try {
    ReportCase view;
    Result<void> outcome = ok;
    impl_->db.scan(
        "SELECT case_id, received_at, reply_due, channel, category, steps FROM report_cases "
        "WHERE active_until >= $1 AND started_at < $2",
        PgParams().add(unix_seconds(from)).add(unix_seconds(to)), [&](const PgResult& r, int i) {
          outcome = internal::read_pg_report_case(r, i, 0, view);
          return outcome && visit(view);
        });
    return outcome;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading the report view"));
  }
}

Result<std::vector<RepeatKeyRow>> PostgresStore::repeat_keys_since(Timestamp from) {
  try {
    std::vector<RepeatKeyRow> rows;
    impl_->db.scan(
        "SELECT key, received_at, case_id FROM repeat_keys WHERE received_at >= $1 "
        "ORDER BY received_at, case_id",
        PgParams().add(unix_seconds(from)), [&rows](const PgResult& r, int i) {
          rows.push_back(RepeatKeyRow{std::string(r.text(i, 0)), CaseId{r.int64(i, 2)},
                                      from_unix_seconds(r.int64(i, 1))});
          return true;
        });
    return rows;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading the repeat index"));
  }
}

Result<void> PostgresStore::put_rule_set(std::string_view version, const RuleSetFiles& files) {
  namespace json = boost::json;
  json::object o;
  for (const auto& [name, contents] : files) o[name] = contents;
  const std::string text = json::serialize(o);
  if (impl_->options.read_only)
    return std::unexpected(io_error("the store is open read-only", "postgresql"));
  try {
    if (auto r = impl_->count("rule_sets row"); !r) return r;
    // Inserted unless present, then compared: two daemons storing the same version at once
    // both succeed, and a different text under the same version is a conflict either way.
    impl_->db.exec(
        "INSERT INTO rule_sets (version, files) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING",
        PgParams().add(version).add(text));
    auto stored =
        impl_->db.exec("SELECT files FROM rule_sets WHERE version = $1", PgParams().add(version));
    if (stored.rows() == 1 && stored.text(0, 0) == text) return ok;
    return std::unexpected(conflict(
        fmt::format("rule-set version {} is already stored with different files", version)));
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "storing a rule set"));
  }
}

Result<RuleSetFiles> PostgresStore::get_rule_set(std::string_view version) {
  namespace json = boost::json;
  try {
    auto r =
        impl_->db.exec("SELECT files FROM rule_sets WHERE version = $1", PgParams().add(version));
    if (r.rows() == 0)
      return std::unexpected(not_found(fmt::format("no rule-set version {}", version)));
    boost::system::error_code ec;
    auto v = json::parse(r.text(0, 0), ec);
    if (ec || !v.is_object()) {
      return std::unexpected(internal_error(fmt::format("rule set {} is unreadable", version)));
    }
    RuleSetFiles files;
    for (const auto& [name, contents] : v.get_object()) {
      if (!contents.is_string()) {
        return std::unexpected(internal_error(fmt::format("rule set {} is unreadable", version)));
      }
      files.emplace(std::string(name), std::string(contents.get_string()));
    }
    return files;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading a rule set"));
  }
}

Result<CaseList> PostgresStore::list_cases(const CaseQuery& query) {
  try {
    return internal::list_cases(impl_->db, query);
  } catch (const std::exception& e) {
    roll_back(impl_->db);
    return std::unexpected(pg_error(e, "listing cases"));
  }
}

Result<std::vector<RuleVersionUse>> PostgresStore::rule_versions() {
  try {
    return internal::rule_versions(impl_->db);
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "listing rule-set versions"));
  }
}

Result<VerifyReport> PostgresStore::verify() {
  auto& db = impl_->db;
  try {
    // One snapshot: the log and the tables are compared at the same instant.
    db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    VerifyReport report;
    internal::Deriver deriver;
    if (auto r = internal::derive_pg_log(db, deriver); !r) {
      roll_back(db);
      return std::unexpected(r.error());
    }
    report.events = deriver.events();
    report.cases = static_cast<std::int64_t>(deriver.cases().size());
    report.differences =
        internal::compare(internal::read_pg_tables(db), internal::expected_rows(deriver));
    db.exec("COMMIT");
    return report;
  } catch (const std::exception& e) {
    roll_back(db);
    return std::unexpected(pg_error(e, "verifying the store"));
  }
}

Result<void> PostgresStore::rebuild() {
  auto& db = impl_->db;
  if (impl_->options.read_only)
    return std::unexpected(io_error("the store is open read-only", "postgresql"));
  try {
    db.exec(fmt::format("BEGIN; SELECT pg_advisory_xact_lock({})", internal::k_pg_commit_lock));
    internal::Deriver deriver;
    if (auto r = internal::derive_pg_log(db, deriver); !r) {
      roll_back(db);
      return r;
    }
    db.exec(
        "DELETE FROM cases; DELETE FROM assignments; DELETE FROM body_load; "
        "DELETE FROM supervision_notices; DELETE FROM report_cases; DELETE FROM decisions; "
        "DELETE FROM repeat_keys");
    // Written in slices, so that no statement's arrays grow with the store.
    constexpr std::size_t k_slice = 10000;
    internal::PgWriters w;
    auto slice = [&](internal::PgInsert& table) {
      if (table.rows() >= k_slice) table.run(db);
    };
    for (const auto& [id, known] : deriver.cases()) {
      internal::add_case(w, id, internal::case_row(known.state, known.last_seq), known.last_seq);
      slice(w.cases);
      for (const auto& [body, role] : internal::assignment_rows(known.state)) {
        w.assignments.add(id.value, body.value, role);
      }
      slice(w.assignments);
    }
    for (const auto& [body, n] : deriver.load()) w.load.add(body.value, n);
    for (const auto& n : deriver.notices()) {
      internal::add_notice(w, n);
      slice(w.notices);
    }
    for (const auto& [id, view] : deriver.report_cases()) {
      internal::add_report_case(w, id, view, internal::encode_steps(view.steps));
      slice(w.report_cases);
    }
    for (const auto& [id, row] : deriver.decisions()) {
      internal::add_decision(w, id, row, /*new_row=*/true);
      slice(w.decisions);
      slice(w.classified);
      slice(w.assigned);
    }
    for (const auto& k : deriver.repeat_keys()) {
      w.repeat_keys.add(k.key, unix_seconds(k.received_at), k.case_id.value);
      slice(w.repeat_keys);
    }
    w.run(db);
    db.exec("COMMIT");
    return ok;
  } catch (const std::exception& e) {
    roll_back(db);
    return std::unexpected(pg_error(e, "rebuilding the current-state tables"));
  }
}

Result<bool> PostgresStore::lead() {
  auto& impl = *impl_;
  if (impl.options.read_only) return false;
  try {
    if (impl.leading) {
      // Still connected (the lock lives with the connection): a cheap round trip says so.
      impl.db.exec("SELECT 1");
      if (impl.db.resets() == impl.lead_connection) return true;
      // Connected again since the lock was taken: it went with the old connection.
      impl.leading = false;
    }
    auto r =
        impl.db.exec(fmt::format("SELECT pg_try_advisory_lock({})", internal::k_pg_leader_lock));
    impl.leading = r.text(0, 0) == "t";
    impl.lead_connection = impl.db.resets();
    return impl.leading;
  } catch (const std::exception& e) {
    impl.leading = false;
    return std::unexpected(pg_error(e, "taking the lead"));
  }
}

Result<OthersEvents> PostgresStore::events_by_others(std::int64_t& after_seq, std::size_t limit) {
  auto& impl = *impl_;
  try {
    auto r = select_events_after(impl.db, after_seq, limit);
    OthersEvents out;
    std::set<std::int64_t> touched;
    std::int64_t read_through = after_seq;
    auto own = impl.own_seqs.begin();
    for (int i = 0; i < r.rows(); ++i) {
      const std::int64_t seq = r.int64(i, 0);
      read_through = seq;
      while (own != impl.own_seqs.end() && own->second < seq) ++own;
      if (own != impl.own_seqs.end() && own->first <= seq) continue;  // our own
      auto se = internal::read_pg_event(r, i);
      if (!se) return std::unexpected(se.error());
      touched.insert(se->event.case_id.value);
      out.events.push_back(std::move(*se));
    }
    auto known = impl.load_cases(touched);
    if (!known) return std::unexpected(known.error());
    for (auto& [id, k] : *known) out.states.emplace(id, std::move(k.state));
    after_seq = read_through;
    // The ranges the cursor has passed are not needed again.
    while (!impl.own_seqs.empty() && impl.own_seqs.front().second <= read_through)
      impl.own_seqs.pop_front();
    return out;
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, "reading other daemons' events"));
  }
}

Result<std::string> PostgresStore::shared_setting(std::string_view name, std::string_view value) {
  auto& impl = *impl_;
  try {
    if (!impl.options.read_only) {
      // The first to ask stores it; two asking at once both read the one that won.
      impl.db.exec("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                   PgParams().add(name).add(value));
    }
    auto r = impl.db.exec("SELECT value FROM settings WHERE name = $1", PgParams().add(name));
    if (r.rows() != 1)
      return std::unexpected(not_found(fmt::format("no shared setting '{}'", name), "settings"));
    return std::string(r.text(0, 0));
  } catch (const std::exception& e) {
    return std::unexpected(pg_error(e, fmt::format("reading the shared setting '{}'", name)));
  }
}

}  // namespace tiaojie::store

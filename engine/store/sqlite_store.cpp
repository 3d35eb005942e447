#include "store/sqlite_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "lifecycle/deadline.hpp"
#include "lifecycle/event_json.hpp"
#include "store/internal/case_query.hpp"
#include "store/internal/checkpointer.hpp"
#include "store/internal/checksum.hpp"
#include "store/internal/decision_rows.hpp"
#include "store/internal/deferred_projections.hpp"
#include "store/internal/plan.hpp"
#include "store/internal/prepared.hpp"
#include "store/internal/private_file.hpp"
#include "store/internal/report_rows.hpp"
#include "store/internal/schema.hpp"
#include "store/internal/sql_lists.hpp"
#include "store/internal/sqlite_tables.hpp"

namespace tiaojie::store {

using internal::KnownCase;
using internal::sqlite_error;

namespace {

std::string_view synchronous_name(Synchronous s) {
  switch (s) {
    case Synchronous::off:
      return "OFF";
    case Synchronous::normal:
      return "NORMAL";
    case Synchronous::full:
      return "FULL";
    case Synchronous::extra:
      return "EXTRA";
  }
  return "FULL";
}

// SQLite keeps memory statistics under a global mutex taken on every sqlite3_malloc and free:
// ~4% of the daemon's store thread, for figures nothing here reads (no soft heap limit, no
// sqlite3_memory_used). Switched off before SQLite initializes (a static initializer of the
// library that opens every store); if SQLite was already initialized this is refused, harmlessly.
[[maybe_unused]] const int k_no_memory_statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

}  // namespace

struct SqliteStore::Impl {
  SqliteOptions options;
  SQLite::Database db;
  // Statements used on every commit, prepared once (prepared on first use after migration).
  std::optional<SQLite::Statement> find_key;
  std::optional<SQLite::Statement> insert_dispute;
  std::optional<SQLite::Statement> insert_event;
  std::optional<SQLite::Statement> case_events;
  std::optional<SQLite::Statement> case_last_seq;
  std::optional<SQLite::Statement> next_case_id;
  std::optional<SQLite::Statement> dispute_crc;  // get_case's check of the dispute row
  std::optional<SQLite::Statement> insert_unprojected;
  // Cases committed lean whose projections wait (the `unprojected` table's rows; 0 read-only).
  std::int64_t unprojected = 0;
  // What this store computed for them, while that is every one of them (pending.size() ==
  // unprojected) and no more than k_pending_in_memory; otherwise they are derived from the log.
  std::vector<internal::PendingCase> pending;
  static constexpr std::size_t k_pending_in_memory = 8192;
  std::optional<internal::TableWriter> writer;
  std::optional<internal::ReportRows> report_rows;
  // Declared after `db`: destroyed (stopped) before the connection it hooks is closed.
  std::unique_ptr<internal::Checkpointer> checkpointer;

  Impl(const SqliteOptions& o, int flags) : options(o), db(o.path, flags) {}

  void prepare() {
    find_key.emplace(db, "SELECT case_id FROM disputes WHERE channel = ? AND external_id = ?");
    insert_dispute.emplace(
        db,
        "INSERT INTO disputes (case_id, channel, external_id, received_at, json, json_crc) "
        "VALUES (?,?,?,?,?,?)");
    insert_event.emplace(db,
                         "INSERT INTO events (case_id, kind, at, actor, body, data, data_crc) "
                         "VALUES (?,?,?,?,?,?,?)");
    next_case_id.emplace(db, "SELECT COALESCE(MAX(case_id), 0) + 1 FROM disputes");
    case_events.emplace(db, fmt::format("SELECT {} FROM events WHERE case_id = ? ORDER BY seq",
                                        internal::k_event_columns));
    insert_unprojected.emplace(db, "INSERT INTO unprojected (case_id) VALUES (?)");
    writer.emplace(db, options.faults);
    report_rows.emplace(db);
  }

  // Whether a planned batch can be committed lean (SqliteOptions::defer_projections): it only
  // creates cases, each with the rows store::prepare computed.
  [[nodiscard]] bool lean(const internal::Plan& plan) const {
    if (!options.defer_projections) return false;
    for (const auto& w : plan.writes) {
      if (w.new_case == nullptr || !w.prepared_rows) return false;
    }
    for (const auto& [id, touched] : plan.touched) {
      if (touched.rows == nullptr || touched.before) return false;
    }
    return true;
  }

  // Writes every deferred projection inside the caller's (write) transaction: from what this
  // store kept of its lean commits when that covers them all, else derived from the log. The
  // list is counted again first: another connection that opened the file read-write (`store
  // verify`, `rebuild`, the repeat backfill, beside the daemon) catches up when it opens, and
  // what it wrote must not be written twice.
  Result<std::int64_t> write_deferred() {
    const auto listed = internal::count_unprojected(db);
    if (listed == 0) return 0;
    if (listed == unprojected && std::cmp_equal(pending.size(), unprojected))
      return internal::write_pending(db, *writer, *report_rows, pending);
    return internal::write_unprojected(db, *writer, *report_rows);
  }
  // After the transaction that wrote them committed.
  void deferred_written() {
    unprojected = 0;
    pending.clear();
  }

  // What a lean commit of `plan` leaves pending, to keep once it committed; empty when the
  // cases will be derived from the log instead.
  [[nodiscard]] std::vector<internal::PendingCase> pending_of(const internal::Plan& plan) const {
    std::vector<internal::PendingCase> fresh;
    if (!std::cmp_equal(pending.size(), unprojected) ||
        pending.size() + plan.writes.size() > k_pending_in_memory)
      return fresh;
    fresh.reserve(plan.writes.size());
    for (const auto& w : plan.writes) {
      const auto& sub = std::get<lifecycle::Submitted>(w.events.front().data);
      fresh.push_back(internal::PendingCase{
          .id = w.case_id,
          .prepared = w.new_case->prepared,
          .repeat_keys = sub.repeat_keys,
          .received_at = unix_seconds(sub.received_at),
          .load_body = internal::load_body(plan.after(plan.touched.at(w.case_id))),
      });
    }
    return fresh;
  }

  Result<void> count(std::string_view what) {
    if (options.faults) return options.faults->on_write(what);
    return ok;
  }

  Result<std::optional<CaseId>> lookup_key(std::string_view channel, std::string_view ext) {
    auto& q = *find_key;
    q.bind(1, std::string(channel));
    q.bind(2, std::string(ext));
    std::optional<CaseId> id;
    if (q.executeStep()) id = CaseId{q.getColumn(0).getInt64()};
    q.reset();
    return id;
  }

  // The case's events from the log, in order; empty when there is no such case.
  Result<std::vector<StoredEvent>> events_of(CaseId id) {
    auto& q = *case_events;
    q.bind(1, id.value);
    std::vector<StoredEvent> events;
    while (q.executeStep()) {
      auto se = internal::read_event(q);
      if (!se) {
        q.reset();
        return std::unexpected(se.error());
      }
      events.push_back(std::move(*se));
    }
    q.reset();
    return events;
  }

  Result<std::optional<KnownCase>> load(CaseId id) {
    auto events = events_of(id);
    if (!events) return std::unexpected(events.error());
    if (events->empty()) return std::optional<KnownCase>{};
    std::vector<Event> plain;
    plain.reserve(events->size());
    for (auto& se : *events) plain.push_back(se.event);
    auto state = lifecycle::fold(plain);
    if (!state) {
      return std::unexpected(internal_error(fmt::format("case {}'s stored events do not fold: {}",
                                                        id.value, state.error().to_string())));
    }
    return std::optional<KnownCase>{KnownCase{std::move(*state), events->back().seq}};
  }

  // `data` is the event's data as stored (prepared), or null to encode it here. The strings bound
  // without a copy (the change's own) outlive the statement's step.
  Result<std::int64_t> write_event(CaseId id, const Event& e, const std::string* data) {
    if (auto r = count("events row"); !r) return std::unexpected(r.error());
    auto& s = *insert_event;
    s.bind(1, id.value);
    s.bind(2, std::string(lifecycle::to_string(e.kind())));
    s.bind(3, unix_seconds(e.at));
    s.bindNoCopy(4, e.actor);
    s.bindNoCopy(5, e.body.value);
    std::string encoded;
    if (data == nullptr) encoded = lifecycle::event_data_to_json_text(e.data);
    const std::string& text = data != nullptr ? *data : encoded;
    s.bindNoCopy(6, text);
    s.bind(7, static_cast<std::int64_t>(internal::crc32c(text)));
    s.exec();
    s.reset();
    return db.getLastInsertRowid();
  }

  Result<void> write_dispute(CaseId id, const NewCase& nc, Timestamp received_at) {
    if (auto r = count("disputes row"); !r) return r;
    auto& s = *insert_dispute;
    s.bind(1, id.value);
    s.bindNoCopy(2, nc.dispute.channel);
    s.bindNoCopy(3, nc.dispute.external_id);
    s.bind(4, unix_seconds(received_at));
    s.bindNoCopy(5, nc.dispute_json);
    s.bind(6, static_cast<std::int64_t>(internal::crc32c(nc.dispute_json)));
    s.exec();
    s.reset();
    return ok;
  }

  // Writes an accepted plan. Called inside the batch's transaction.
  // A lean plan (lean()) writes the log and the cases rows and lists its cases in `unprojected`.
  Result<void> write_plan(internal::Plan& plan, bool lean) {
    std::vector<std::int64_t> last_seqs;
    last_seqs.reserve(plan.writes.size());
    std::map<CaseId, std::int64_t> case_last;
    std::vector<internal::NoticeRow> notices;
    for (const auto& w : plan.writes) {
      if (w.new_case != nullptr) {
        const auto& sub = std::get<lifecycle::Submitted>(w.events.front().data);
        if (auto r = write_dispute(w.case_id, *w.new_case, sub.received_at); !r) return r;
        if (lean) {
          insert_unprojected->bind(1, w.case_id.value);
          insert_unprojected->exec();
          insert_unprojected->reset();
        } else {  // the repeat index is a projection too: written with the others when lean
          for (const auto& key : sub.repeat_keys) {
            if (auto r = writer->insert_repeat_key(key, unix_seconds(sub.received_at), w.case_id);
                !r)
              return r;
          }
        }
      }
      std::int64_t seq = 0;
      for (std::size_t k = 0; k < w.events.size(); ++k) {
        const Event& e = w.events[k];
        auto written =
            write_event(w.case_id, e, w.prepared != nullptr ? &w.prepared->event_data[k] : nullptr);
        if (!written) return std::unexpected(written.error());
        seq = *written;
        for (auto& n : internal::notice_rows(seq, w.case_id, e)) notices.push_back(std::move(n));
        if (!w.prepared_rows) {
          // The repeat links are fixed by `submitted`: the batch's final state has the case's.
          const auto repeats =
              static_cast<std::int64_t>(plan.after(plan.touched.at(w.case_id)).repeat_of.size());
          if (auto r = writer->record_decision(w.case_id, e.data, repeats); !r) return r;
        }
      }
      if (w.prepared_rows && !lean) {
        if (auto r = writer->insert_decision(w.case_id, w.prepared->decision); !r) return r;
      }
      last_seqs.push_back(seq);
      case_last[w.case_id] = seq;
    }
    std::map<BodyId, std::int64_t> load_delta;
    for (const auto& [id, touched] : plan.touched) {
      if (lean) {
        if (auto r = writer->write_case_row(id, touched.rows->row, case_last[id]); !r) return r;
        continue;
      }
      const CaseState& after = plan.after(touched);
      auto written = touched.rows != nullptr
                         ? writer->write_new_case(id, touched.rows->row, case_last[id],
                                                  touched.rows->assignments)
                         : writer->write_case(id, touched.before, after, case_last[id]);
      if (!written) return written;
      if (touched.before) {
        if (auto b = internal::load_body(*touched.before)) --load_delta[*b];
      }
      if (auto b = internal::load_body(after)) ++load_delta[*b];
    }
    for (const auto& [body, delta] : load_delta) {
      if (auto r = writer->add_load(body, delta); !r) return r;
    }
    for (const auto& n : notices) {
      if (auto r = writer->write_notice(n); !r) return r;
    }
    if (!lean) {
      if (auto r = write_report_cases(plan); !r) return r;
    }
    internal::fill_last_seqs(plan, last_seqs);
    return ok;
  }

  // Brings the report view of every case the plan touches up to date: the stored view (empty for a
  // new case) with the plan's events folded on, from the state before the batch.
  Result<void> write_report_cases(const internal::Plan& plan) {
    struct Working {
      ReportCase view;
      std::optional<CaseState> state;
    };
    std::map<CaseId, Working> working;
    for (const auto& w : plan.writes) {
      if (const auto* ready = plan.touched.at(w.case_id).rows) {
        // A new case, prepared: its view is ready (and no other write of the batch touches it).
        if (auto r = count("report_cases row"); !r) return r;
        report_rows->write(w.case_id, ready->view, ready->steps);
        continue;
      }
      auto it = working.find(w.case_id);
      if (it == working.end()) {
        Working fresh;
        fresh.state = plan.touched.at(w.case_id).before;
        if (fresh.state) {
          auto view = report_rows->load(w.case_id);
          if (!view) return std::unexpected(view.error());
          fresh.view = std::move(*view);
        }
        it = working.emplace(w.case_id, std::move(fresh)).first;
      }
      auto& [view, state] = it->second;
      for (const auto& e : w.events) {
        if (auto r = fold_report_event(view, state, w.case_id, e); !r)
          return std::unexpected(internal_error(r.error().to_string()));
      }
    }
    for (const auto& [id, one] : working) {
      if (auto r = count("report_cases row"); !r) return r;
      report_rows->write(one.view);
    }
    return ok;
  }
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteOptions& options) {
  const bool in_memory = options.path == ":memory:" || options.path.empty();
  if (!in_memory && (!options.create_if_missing || options.read_only) &&
      !std::filesystem::exists(options.path)) {
    return std::unexpected(not_found(fmt::format("no store at {}", options.path)));
  }
  try {
    // NOMUTEX: a Store is used by one thread at a time (store.hpp), so SQLite's per-call mutex
    // on this connection only costs time (15% of replay's).
    if (options.read_only) {
      auto impl = std::make_unique<Impl>(options, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
      impl->db.setBusyTimeout(static_cast<int>(options.busy_timeout.count()));
      const int version = impl->db.execAndGet("PRAGMA user_version").getInt();
      if (version != k_schema_version) {
        return std::unexpected(invalid_input(fmt::format(
            "the store's schema is version {}, this build reads {} only: open it read-write once",
            version, k_schema_version)));
      }
      // The reads (get_case, find_by_key) use the prepared statements too; preparing the writes
      // among them is harmless on a read-only connection (only stepping one would fail).
      impl->prepare();
      return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
    }
    if (!in_memory && options.create_if_missing) {
      if (auto created = internal::create_private_file(options.path); !created) {
        return std::unexpected(created.error());
      }
    }
    int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX |
                (options.create_if_missing ? SQLite::OPEN_CREATE : 0);
    auto impl = std::make_unique<Impl>(options, flags);
    auto& db = impl->db;
    // SQLite opens a file it may not write read-only without a word; every commit would then
    // fail. Refused here, at open, so that a daemon with such a store does not start.
    if (!in_memory && sqlite3_db_readonly(db.getHandle(), "main") == 1) {
      return std::unexpected(
          io_error("the store file is not writable (file permissions, an immutable flag or a "
                   "read-only mount): no dispute could be stored",
                   options.path));
    }
    db.setBusyTimeout(static_cast<int>(options.busy_timeout.count()));
    // WAL: readers (verify, reports) never block the writer, and a commit appends to one file.
    if (!in_memory) db.exec("PRAGMA journal_mode = WAL");
    db.exec(fmt::format("PRAGMA synchronous = {}", synchronous_name(options.synchronous)));
    db.exec(fmt::format("PRAGMA wal_autocheckpoint = {}", options.wal_autocheckpoint));
    db.exec(fmt::format("PRAGMA cache_size = -{}", options.cache_kib));
    const int target = options.migrate_to > 0 ? options.migrate_to : k_schema_version;
    auto version = internal::migrate(db, target, internal::rebuild_tables);
    if (!version) return std::unexpected(version.error());
    if (*version == k_schema_version) {
      impl->prepare();
      impl->unprojected = internal::count_unprojected(db);
    }
    if (options.background_checkpoint && !in_memory) {
      impl->checkpointer = std::make_unique<internal::Checkpointer>(
          options.path, synchronous_name(options.synchronous), options.wal_autocheckpoint);
      impl->checkpointer->install(db);
    }
    std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(impl)));
    // Projections a writer left pending when it stopped (a crash, a kill -9) are written now.
    if (auto r = store->catch_up(); !r) return std::unexpected(r.error());
    return store;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, fmt::format("opening the store {}", options.path)));
  }
}

Result<void> SqliteStore::catch_up() {
  auto& impl = *impl_;
  if (impl.unprojected == 0 || impl.options.read_only || !impl.writer) return ok;
  try {
    // IMMEDIATE: the write lock before the list is counted, so no other writer changes it between.
    SQLite::Transaction tx(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
    auto projected = impl.write_deferred();
    if (!projected) return std::unexpected(projected.error());
    if (auto r = impl.count("commit"); !r) return r;
    tx.commit();
    impl.deferred_written();
    return ok;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "writing the deferred projections"));
  }
}

std::size_t SqliteStore::deferred() const { return static_cast<std::size_t>(impl_->unprojected); }

Result<int> SqliteStore::schema_version() {
  try {
    return impl_->db.execAndGet("PRAGMA user_version").getInt();
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading the schema version"));
  }
}

Result<std::vector<ChangeOutcome>> SqliteStore::commit(std::span<const Change> batch) {
  auto& impl = *impl_;
  if (impl.options.read_only)
    return std::unexpected(io_error("the store is open read-only", "sqlite"));
  if (!impl.writer) return std::unexpected(internal_error("the store schema is not current"));
  try {
    // IMMEDIATE: the write lock first, so that what the plan reads (the next case id, the keys,
    // the unprojected list) cannot change before it writes, even with another writer on the file.
    SQLite::Transaction tx(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
    internal::Lookups lookups;
    lookups.find_key = [&impl](std::string_view ch, std::string_view ext) {
      return impl.lookup_key(ch, ext);
    };
    lookups.load = [&impl](CaseId id) { return impl.load(id); };
    auto& q = *impl.next_case_id;
    q.executeStep();
    const CaseId next{q.getColumn(0).getInt64()};
    q.reset();
    auto plan = internal::plan_batch(batch, next, lookups);
    if (!plan) return std::unexpected(plan.error());
    if (plan->writes.empty()) return std::move(plan->outcomes);  // nothing to make durable
    const bool lean = impl.lean(*plan);
    // Anything else reads or updates projections (a report view, a load): those of the cases
    // committed lean are written first.
    const bool caught_up = !lean && impl.unprojected > 0;
    if (caught_up) {
      auto projected = impl.write_deferred();
      if (!projected) return std::unexpected(projected.error());
    }
    if (auto r = impl.write_plan(*plan, lean); !r) return std::unexpected(r.error());
    auto fresh = lean ? impl.pending_of(*plan) : std::vector<internal::PendingCase>{};
    // The COMMIT (and the WAL fsync within it) counts as a write too: failing it rolls back.
    if (auto r = impl.count("commit"); !r) return std::unexpected(r.error());
    tx.commit();
    if (caught_up) impl.deferred_written();
    if (lean) {
      // Kept only while they are every pending case (pending_of is empty otherwise).
      if (!fresh.empty()) std::move(fresh.begin(), fresh.end(), std::back_inserter(impl.pending));
      impl.unprojected += static_cast<std::int64_t>(plan->writes.size());
    }
    return std::move(plan->outcomes);
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "committing a batch"));
  }
}

Result<std::optional<CaseRecord>> SqliteStore::find_by_key(std::string_view channel,
                                                           std::string_view external_id) {
  try {
    auto id = impl_->lookup_key(channel, external_id);
    if (!id) return std::unexpected(id.error());
    if (!*id) return std::optional<CaseRecord>{};
    auto record = get_case(**id);
    if (!record) return std::unexpected(record.error());
    return std::optional<CaseRecord>{std::move(*record)};
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "finding a case by key"));
  }
}

Result<CaseRecord> SqliteStore::get_case(CaseId id) {
  try {
    auto events = impl_->events_of(id);
    if (!events) return std::unexpected(events.error());
    if (events->empty()) return std::unexpected(not_found(fmt::format("no case {}", id.value)));
    // The dispute as received is part of the case: a damaged row is an error, not served.
    if (!impl_->dispute_crc) {
      impl_->dispute_crc.emplace(impl_->db,
                                 "SELECT json, json_crc FROM disputes WHERE case_id = ?");
    }
    auto& q = *impl_->dispute_crc;
    q.bind(1, id.value);
    const bool damaged = q.executeStep() && !internal::row_checksum_ok(q, 0, 1);
    q.reset();
    if (damaged) return std::unexpected(internal::damaged_row("the dispute row", id));
    std::vector<Event> plain;
    plain.reserve(events->size());
    for (const auto& se : *events) plain.push_back(se.event);
    auto state = lifecycle::fold(plain);
    if (!state) {
      return std::unexpected(internal_error(
          fmt::format("case {}'s events do not fold: {}", id.value, state.error().to_string())));
    }
    return CaseRecord{std::move(*state), std::move(*events)};
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading a case"));
  }
}

Result<std::vector<CaseState>> SqliteStore::open_cases() {
  try {
    SQLite::Statement q(
        impl_->db,
        fmt::format("SELECT e.seq, e.case_id, e.kind, e.at, e.actor, e.body, e.data, e.data_crc "
                    "FROM cases c "
                    "JOIN events e ON e.case_id = c.case_id "
                    "WHERE c.status IN {} "
                    "ORDER BY e.case_id, e.seq",
                    internal::open_status_sql()));
    std::vector<CaseState> out;
    std::vector<Event> events;
    auto flush = [&]() -> Result<void> {
      if (events.empty()) return ok;
      auto state = lifecycle::fold(events);
      if (!state) return std::unexpected(internal_error(state.error().to_string()));
      out.push_back(std::move(*state));
      events.clear();
      return ok;
    };
    while (q.executeStep()) {
      auto se = internal::read_event(q);
      if (!se) return std::unexpected(se.error());
      if (!events.empty() && events.back().case_id != se->event.case_id) {
        if (auto r = flush(); !r) return std::unexpected(r.error());
      }
      events.push_back(std::move(se->event));
    }
    if (auto r = flush(); !r) return std::unexpected(r.error());
    return out;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "listing open cases"));
  }
}

Result<std::vector<OpenCaseRow>> SqliteStore::open_case_rows() {
  try {
    // The partial index cases_open holds exactly these rows: no event is read, no JSON decoded.
    // (SQLite takes the index only for the index's own IN list: open_status_sql.)
    SQLite::Statement q(impl_->db,
                        "SELECT case_id, status, body, category, due FROM cases WHERE status IN " +
                            internal::open_status_sql());
    std::vector<OpenCaseRow> rows;
    while (q.executeStep()) {
      OpenCaseRow row;
      row.id = CaseId{q.getColumn(0).getInt64()};
      auto status = lifecycle::parse_status(q.getColumn(1).getText());
      if (!status) {
        return std::unexpected(internal_error("unknown status in the cases table",
                                              fmt::format("case {}", row.id.value)));
      }
      row.status = *status;
      row.body = BodyId{q.getColumn(2).getString()};
      row.category = q.getColumn(3).getString();
      const char* due = q.getColumn(4).getText();
      if (*due != '\0') row.due = parse_date(due);
      rows.push_back(std::move(row));
    }
    return rows;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "listing open cases"));
  }
}

Result<std::vector<OpenCaseDeadlines>> SqliteStore::open_case_deadlines(CaseId after,
                                                                        std::size_t limit) {
  try {
    // Only the events that bear on the deadline fields, and of those only the date each carries,
    // extracted by SQLite: the same fields lifecycle::apply keeps (case_state.cpp), folded below.
    SQLite::Statement q(
        impl_->db,
        fmt::format("SELECT c.case_id, e.kind, "
                    "json_extract(e.data, CASE e.kind WHEN 'submitted' THEN '$.reply_due' ELSE "
                    "'$.due' END), "
                    "e.at, "
                    "CASE e.kind WHEN 'submitted' THEN json_extract(e.data, '$.received_at') END, "
                    "CASE e.kind WHEN 'classified' THEN json_extract(e.data, "
                    "'$.classification.deadline.days') "
                    "END, "
                    "CASE e.kind WHEN 'classified' THEN json_extract(e.data, "
                    "'$.classification.deadline.count') END, "
                    "CASE e.kind WHEN 'classified' THEN json_extract(e.data, "
                    "'$.classification.deadline.from') "
                    "END, "
                    "json_extract(e.data, '$.provisional_year'), "
                    "CASE e.kind WHEN 'classified' THEN json_extract(e.data, "
                    "'$.classification.deadline.routing_days') END, "
                    "CASE e.kind WHEN 'resumed' THEN json_extract(e.data, '$.suspended_units') "
                    "            WHEN 'extended' THEN json_extract(e.data, '$.units') "
                    "            WHEN 'escalated' THEN json_extract(e.data, '$.working_days') "
                    "            WHEN 'classified' THEN json_extract(e.data, "
                    "'$.classification.deadline.extension_days') END, "
                    "CASE e.kind WHEN 'classified' THEN json_extract(e.data, "
                    "'$.classification.deadline.max_extensions') END "
                    "FROM (SELECT case_id FROM cases NOT INDEXED WHERE case_id > ? "
                    "      AND status IN {} ORDER BY case_id LIMIT ?) c "
                    "JOIN events e ON e.case_id = c.case_id "
                    "WHERE e.kind IN {} "
                    "ORDER BY c.case_id, e.seq",
                    internal::open_status_sql(), internal::deadline_event_kinds_sql()));
    q.bind(1, after.value);
    q.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    std::vector<OpenCaseDeadlines> out;
    std::string due,
        reply_due;  // the current deadline and reply deadline, as stored (canonical text)
    std::optional<CivilDate> received_on;
    while (q.executeStep()) {
      const CaseId id{q.getColumn(0).getInt64()};
      if (out.empty() || out.back().id != id) {
        out.emplace_back().id = id;
        due.clear();
        reply_due.clear();
        received_on.reset();
      }
      auto& d = out.back();
      const std::string_view kind = q.getColumn(1).getText();
      const bool has_date = !q.getColumn(2).isNull();
      const std::string date = has_date ? q.getColumn(2).getString() : std::string();
      const int provisional_year = q.getColumn(8).isNull() ? 0 : q.getColumn(8).getInt();
      auto new_due = [&] {
        due = date;
        d.due_soon_sent = false;
        d.overdue_sent = false;
        d.due_provisional_year = 0;
      };
      if (kind == "submitted") {
        if (auto t = parse_timestamp(q.getColumn(4).getText())) received_on = shanghai_date(*t);
        if (has_date) {
          d.reply_due = parse_timestamp(date);
          reply_due = date;
        }
      } else if (kind == "classified") {
        Deadline p;
        p.days = q.getColumn(5).isNull() ? p.days : q.getColumn(5).getInt();
        if (auto c = parse_day_count(q.getColumn(6).getText())) p.count = *c;
        if (auto f = parse_deadline_start(q.getColumn(7).getText())) p.from = *f;
        p.routing_days = q.getColumn(9).isNull() ? 0 : q.getColumn(9).getInt();
        p.extension_days = q.getColumn(10).isNull() ? 0 : q.getColumn(10).getInt();
        p.max_extensions = q.getColumn(11).isNull() ? 0 : q.getColumn(11).getInt();
        d.rule = p;
        if (has_date) {
          new_due();
          d.due_provisional_year = provisional_year;
        }
        // A rule counting from receipt has its start date even when no due date was stored (a
        // year without a calendar file, before provisional deadlines): the repair at start uses it.
        if (p.from == DeadlineStart::received) {
          d.period = p;
          d.clock_start = received_on;
        } else if (auto routing = lifecycle::routing_period(p)) {
          d.period = routing;
          d.clock_start = received_on;
        }
      } else if (kind == "accepted" || kind == "mediation_started") {
        if (has_date) {
          new_due();
          d.due_provisional_year = provisional_year;
          d.period = d.rule;
          d.clock_start = shanghai_date(Timestamp{std::chrono::seconds{q.getColumn(3).getInt64()}});
        }
      } else if (kind == "deadline_changed") {
        if (date != due) new_due();
        d.due_provisional_year = provisional_year;
      } else if (kind == "suspended") {
        d.suspended_since =
            shanghai_date(Timestamp{std::chrono::seconds{q.getColumn(3).getInt64()}});
      } else if (kind == "resumed" || kind == "extended") {
        // lifecycle::apply: a suspension's time or an extension's units move the date; warnings
        // sent for an unchanged date stand.
        if (has_date && date != due) new_due();
        d.due_provisional_year = provisional_year;
        const int units = q.getColumn(10).isNull() ? 0 : q.getColumn(10).getInt();
        if (kind == "resumed") {
          d.suspended_since.reset();
          d.suspended_units += units;
        } else {
          d.extended_units += units;
          ++d.extensions;
        }
      } else if (kind == "due_soon") {
        if (has_date && date == due) d.due_soon_sent = true;
      } else if (kind == "overdue") {
        if (has_date && date == due) d.overdue_sent = true;
      } else if (kind == "reply_due_soon") {
        if (has_date && date == reply_due) d.reply_due_soon_sent = true;
      } else if (kind == "reply_overdue") {
        if (has_date && date == reply_due) d.reply_overdue_sent = true;
      } else if (has_date) {
        // transferred, escalated, reopened with a deadline: a new deadline resets the warnings
        // sent for the old one; escalated and reopened set one of their own, not the rule's.
        new_due();
        if (kind != "transferred") {
          d.period.reset();
          d.clock_start.reset();
        }
        // An escalation by the deadline policy records its period: recounted like a rule's.
        const int working_days = q.getColumn(10).isNull() ? 0 : q.getColumn(10).getInt();
        if (kind == "escalated" && working_days > 0) {
          d.period = Deadline{.days = working_days, .count = DayCount::working};
          d.clock_start = shanghai_date(Timestamp{std::chrono::seconds{q.getColumn(3).getInt64()}});
          d.due_provisional_year = provisional_year;
        }
      }
    }
    return out;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading open cases' deadlines"));
  }
}

Result<std::map<BodyId, std::int64_t>> SqliteStore::open_load() {
  // Projections read: those of cases committed lean are written first.
  if (auto r = catch_up(); !r) return std::unexpected(r.error());
  try {
    SQLite::Statement q(impl_->db, "SELECT body, open_cases FROM body_load");
    std::map<BodyId, std::int64_t> load;
    while (q.executeStep()) load[BodyId{q.getColumn(0).getString()}] = q.getColumn(1).getInt64();
    return load;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading the open load"));
  }
}

Result<std::vector<StoredEvent>> SqliteStore::events_since(std::int64_t after_seq,
                                                           std::size_t limit) {
  try {
    SQLite::Statement q(impl_->db,
                        fmt::format("SELECT {} FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                                    internal::k_event_columns));
    q.bind(1, after_seq);
    q.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    std::vector<StoredEvent> out;
    while (q.executeStep()) {
      auto se = internal::read_event(q);
      if (!se) return std::unexpected(se.error());
      out.push_back(std::move(*se));
    }
    return out;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading events"));
  }
}

Result<std::int64_t> SqliteStore::last_seq() {
  try {
    return impl_->db.execAndGet("SELECT COALESCE(MAX(seq), 0) FROM events").getInt64();
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading the last seq"));
  }
}

Result<void> SqliteStore::for_each_dispute(Timestamp from, Timestamp to,
                                           const std::function<bool(const StoredDispute&)>& visit) {
  try {
    SQLite::Statement q(impl_->db,
                        "SELECT case_id, channel, external_id, received_at, json, json_crc "
                        "FROM disputes WHERE received_at >= ? AND received_at < ? "
                        "ORDER BY received_at, case_id");
    q.bind(1, unix_seconds(from));
    q.bind(2, unix_seconds(to));
    while (q.executeStep()) {
      StoredDispute d{
          CaseId{q.getColumn(0).getInt64()}, q.getColumn(1).getString(), q.getColumn(2).getString(),
          Timestamp{std::chrono::seconds{q.getColumn(3).getInt64()}}, q.getColumn(4).getString()};
      d.damaged = !internal::row_checksum_ok(q, 4, 5);
      if (!visit(d)) break;
    }
    return ok;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading stored disputes"));
  }
}

Result<void> SqliteStore::for_each_decision(
    Timestamp from, Timestamp to, const std::function<bool(const StoredDecision&)>& visit) {
  // Projections read: those of cases committed lean are written first.
  if (auto r = catch_up(); !r) return std::unexpected(r.error());
  // One pass over the window: the case row and the decisions row by primary key. No event is
  // read (the decisions table holds the first decision, written at commit).
  try {
    internal::RawStatement q(
        impl_->db,
        fmt::format("SELECT d.case_id, d.channel, d.external_id, d.received_at, d.json, c.status, "
                    "c.body, {}, d.json_crc FROM disputes d "
                    "LEFT JOIN cases c ON c.case_id = d.case_id "
                    "LEFT JOIN decisions x ON x.case_id = d.case_id "
                    "WHERE d.received_at >= ? AND d.received_at < ? "
                    "ORDER BY d.received_at, d.case_id",
                    internal::decision_columns("x.")));
    q.bind(1, unix_seconds(from));
    q.bind(2, unix_seconds(to));
    StoredDecision row;
    sqlite3_stmt* raw = q.get();
    // Short columns through column_key (one call into SQLite each), NULL told by its nullptr.
    while (q.step()) {
      row.dispute.case_id = CaseId{sqlite3_column_int64(raw, 0)};
      row.dispute.channel.assign(internal::column_key_view(raw, 1));
      row.dispute.external_id.assign(internal::column_key_view(raw, 2));
      row.dispute.received_at = Timestamp{std::chrono::seconds{sqlite3_column_int64(raw, 3)}};
      row.dispute.json.assign(internal::column_text(raw, 4));
      row.dispute.damaged =
          !internal::row_checksum_ok(raw, 4, 7 + internal::k_decision_column_count);
      auto status = internal::read_status(raw, 5, row.dispute.case_id);
      if (!status) return std::unexpected(status.error());
      row.status = *status;
      row.body.value.assign(internal::column_key_view(raw, 6));
      if (auto r = internal::read_decision(raw, 7, row.classification, row.assignment); !r) {
        return std::unexpected(
            internal_error(r.error().message, fmt::format("case {}", row.dispute.case_id.value)));
      }
      if (!visit(row)) break;
    }
    return ok;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading stored decisions"));
  }
}

Result<void> SqliteStore::for_each_decision_summary(
    Timestamp from, Timestamp to,
    const std::function<bool(const StoredDecision&, const CompleteDecision&)>& visit) {
  // Projections read: those of cases committed lean are written first.
  if (auto r = catch_up(); !r) return std::unexpected(r.error());
  try {
    return internal::for_each_decision_summary(impl_->db, from, to, visit);
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading stored decisions"));
  }
}

Result<void> SqliteStore::for_each_report_case(
    Timestamp from, Timestamp to, const std::function<bool(const ReportCase&)>& visit) {
  // Projections read: those of cases committed lean are written first.
  if (auto r = catch_up(); !r) return std::unexpected(r.error());
  // The table is clustered on (active_until, started_at, case_id) (schema v10): the window's cases
  // (report_case_in_window as SQL) are one range of its B-tree, every column read is in the row;
  // each row's steps are decoded from one short text, no event JSON is read.
  try {
    SQLite::Statement q(impl_->db,
                        "SELECT case_id, received_at, reply_due, channel, category, steps "
                        "FROM report_cases WHERE active_until >= ? AND started_at < ?");
    q.bind(1, unix_seconds(from));
    q.bind(2, unix_seconds(to));
    ReportCase view;
    while (q.executeStep()) {
      if (auto r = internal::read_report_case(q, view); !r) return r;
      if (!visit(view)) break;
    }
    return ok;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading the report view"));
  }
}

Result<void> SqliteStore::put_rule_set(std::string_view version, const RuleSetFiles& files) {
  namespace json = boost::json;
  json::object o;
  for (const auto& [name, contents] : files) o[name] = contents;
  const std::string text = json::serialize(o);
  try {
    SQLite::Transaction tx(impl_->db);
    SQLite::Statement q(impl_->db, "SELECT files FROM rule_sets WHERE version = ?");
    q.bind(1, std::string(version));
    if (q.executeStep()) {
      if (q.getColumn(0).getString() == text) return ok;
      return std::unexpected(conflict(
          fmt::format("rule-set version {} is already stored with different files", version)));
    }
    if (auto r = impl_->count("rule_sets row"); !r) return r;
    SQLite::Statement insert(impl_->db, "INSERT INTO rule_sets (version, files) VALUES (?, ?)");
    insert.bind(1, std::string(version));
    insert.bind(2, text);
    insert.exec();
    tx.commit();
    return ok;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "storing a rule set"));
  }
}

Result<RuleSetFiles> SqliteStore::get_rule_set(std::string_view version) {
  namespace json = boost::json;
  try {
    SQLite::Statement q(impl_->db, "SELECT files FROM rule_sets WHERE version = ?");
    q.bind(1, std::string(version));
    if (!q.executeStep()) {
      return std::unexpected(not_found(fmt::format("no rule-set version {}", version)));
    }
    boost::system::error_code ec;
    auto v = json::parse(q.getColumn(0).getString(), ec);
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
    return std::unexpected(sqlite_error(e, "reading a rule set"));
  }
}

Result<CaseList> SqliteStore::list_cases(const CaseQuery& query) {
  // Projections read: those of cases committed lean are written first.
  if (auto r = catch_up(); !r) return std::unexpected(r.error());
  try {
    return internal::list_cases(impl_->db, query);
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "listing cases"));
  }
}

Result<std::vector<RuleVersionUse>> SqliteStore::rule_versions() {
  // Projections read: those of cases committed lean are written first.
  if (auto r = catch_up(); !r) return std::unexpected(r.error());
  try {
    // A read-only connection cannot catch up: the decisions of the cases still waiting for theirs
    // (the daemon writes them when idle) are derived from their events and counted in, all in
    // one read of the file.
    SQLite::Transaction read(impl_->db);
    std::map<CaseId, std::string> pending;
    if (impl_->options.read_only) {
      auto derived = internal::derive_unprojected(impl_->db);
      if (!derived) return std::unexpected(derived.error());
      for (const auto& [id, row] : derived->decisions()) {
        if (row.classification) pending.emplace(id, row.classification->rules_version);
      }
    }
    return internal::rule_versions(impl_->db, pending);
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "listing rule-set versions"));
  }
}

Result<VerifyReport> SqliteStore::verify() {
  // Projections read: those of cases committed lean are written first.
  if (auto r = catch_up(); !r) return std::unexpected(r.error());
  try {
    // One read transaction: the log and the tables are compared at the same instant.
    SQLite::Transaction tx(impl_->db);
    VerifyReport report;
    // Every row against its checksum first: a damaged log is not folded.
    std::set<std::int64_t> damaged;
    for (const char* sql : {"SELECT case_id, json, json_crc FROM disputes",
                            "SELECT case_id, data, data_crc FROM events"}) {
      internal::RawStatement rows(impl_->db, sql);
      while (rows.step()) {
        if (!internal::row_checksum_ok(rows.get(), 1, 2))
          damaged.insert(sqlite3_column_int64(rows.get(), 0));
      }
    }
    if (!damaged.empty()) {
      for (auto id : damaged) report.damaged.push_back(CaseId{id});
      return report;
    }
    internal::Deriver deriver;
    if (auto r = internal::derive_log(impl_->db, deriver); !r) return std::unexpected(r.error());
    report.events = deriver.events();
    report.cases = static_cast<std::int64_t>(deriver.cases().size());
    auto expected = internal::expected_rows(deriver);
    // The index also holds the keys the repeat backfill recorded for older cases (v11).
    internal::add_backfilled_repeat_keys(impl_->db, expected);
    // A read-only connection cannot catch up: the cases still waiting for their projections
    // (lean commits, the daemon writes them when idle) are expected without them.
    internal::expect_unprojected(impl_->db, deriver, expected);
    report.differences = internal::compare(internal::read_tables(impl_->db), expected);
    return report;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "verifying the store"));
  }
}

Result<std::vector<RepeatKeyRow>> SqliteStore::repeat_keys_since(Timestamp from) {
  // Projections read: those of cases committed lean are written first.
  if (auto r = catch_up(); !r) return std::unexpected(r.error());
  try {
    SQLite::Statement q(impl_->db,
                        "SELECT key, received_at, case_id FROM repeat_keys WHERE received_at >= ? "
                        "ORDER BY received_at, case_id");
    q.bind(1, unix_seconds(from));
    std::vector<RepeatKeyRow> rows;
    while (q.executeStep()) {
      rows.push_back(RepeatKeyRow{q.getColumn(0).getString(), CaseId{q.getColumn(2).getInt64()},
                                  Timestamp{std::chrono::seconds{q.getColumn(1).getInt64()}}});
    }
    return rows;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "reading the repeat index"));
  }
}

Result<void> SqliteStore::rebuild() {
  try {
    SQLite::Transaction tx(impl_->db);
    if (auto r = internal::rebuild_tables(impl_->db); !r) return r;
    if (auto r = internal::rebuild_report_cases(impl_->db); !r) return r;
    internal::rebuild_decisions(impl_->db);
    impl_->db.exec("DELETE FROM repeat_keys;");
    impl_->db.exec(internal::k_fill_repeat_keys);
    impl_->db.exec(internal::k_fill_backfilled_repeat_keys);
    impl_->db.exec("DELETE FROM unprojected;");  // every projection was just written
    tx.commit();
    impl_->deferred_written();
    return ok;
  } catch (const std::exception& e) {
    return std::unexpected(sqlite_error(e, "rebuilding the current-state tables"));
  }
}

}  // namespace tiaojie::store

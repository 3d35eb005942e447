// The durable case store (design.md §7, docs/store.md): an append-only event log that is the
// source of truth, current-state tables derived from it, the disputes as received, every rule-set
// version, and the (channel, external_id) idempotency key.
//
// The rest of the engine sees only this interface. Implementations: SQLite (sqlite_store.hpp, the
// production one), in memory (memory_store.hpp, for tests and tools) and a fault-injecting wrapper
// (fault_store.hpp, for crash tests). A second backend (PostgreSQL, design.md §10) implements the
// same interface without touching the core.
//
// The store decides nothing: it checks each change against the lifecycle (lifecycle::apply) so
// that the log never holds an illegal history, and otherwise writes what it is given.
//
// Thread-safety: a Store is NOT thread-safe. One thread owns it (the daemon's store thread, which
// runs the blocking commits and posts completions back to the engine).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "lifecycle/case_state.hpp"
#include "lifecycle/event.hpp"
#include "model/dispute.hpp"
#include "model/error.hpp"
#include "store/case_query.hpp"
#include "store/report_case.hpp"

namespace tiaojie::store {

using lifecycle::CaseId;
using lifecycle::CaseState;
using lifecycle::Event;

// An event as stored: its position in the log. Sequence numbers are positive, strictly increasing
// in commit order, and never reused.
struct StoredEvent {
  std::int64_t seq = 0;
  Event event;
  friend bool operator==(const StoredEvent&, const StoredEvent&) = default;
};

// What other processes committed to a shared store (Store::events_by_others).
struct OthersEvents {
  std::vector<StoredEvent> events;  // in seq order
  // Every case the events touched, as it stands now (after them, and after any later change).
  std::map<CaseId, CaseState> states;
};

// A case with its whole history.
struct CaseRecord {
  CaseState state;
  std::vector<StoredEvent> events;
};

// --- Changes written by commit() ------------------------------------------------------------

// What prepare() computed from a change alone (internal/prepared.hpp); opaque here.
struct PreparedChange;

// A dispute seen for the first time: the store assigns its case id and writes the dispute and its
// events. `events` must start with `submitted` whose channel and external id equal the dispute's;
// usually submitted, classified, assigned. Each event's case_id is ignored (set by the store).
struct NewCase {
  Dispute dispute;
  // The canonical dispute JSON as received (dispute_to_json_text or the adapter's canonical
  // output). Kept verbatim for replay; it holds personal data and stays in the store.
  std::string dispute_json;
  std::vector<Event> events;
  // Set by prepare(); null: commit() computes the same itself.
  std::shared_ptr<PreparedChange> prepared = nullptr;
};

// More events for an existing case (accept, transfer, resolve, deadline events …).
struct CaseEvents {
  CaseId case_id;
  std::vector<Event> events;
  std::shared_ptr<PreparedChange> prepared = nullptr;  // as NewCase's
};

using Change = std::variant<NewCase, CaseEvents>;

// Computes, from the change alone, what a backend would otherwise compute while it holds the
// store: each event's stored encoding and, for a new case, its folded state and the rows derived
// from it. The daemon calls it before queueing a change, so that its one store thread only looks
// up, binds and steps (docs/benchmarks.md "ingest"). Any thread; never fails (a change the
// lifecycle refuses is refused by commit() as before). commit() gives the same outcomes and
// writes the same rows with or without it, and takes the prepared state into the outcome (a
// change committed again is folded anew). REQUIRES: the change is not modified afterwards.
void prepare(Change& change);

// What became of one change of a batch.
struct Committed {
  CaseId case_id;
  // NewCase only: (channel, external_id) was already stored (or came earlier in the same batch).
  // Nothing was written; `state` is the original case's current state, which holds the original
  // decision (classification, assignment) to acknowledge again.
  bool duplicate = false;
  CaseState state;            // the case's state after the change
  std::int64_t last_seq = 0;  // seq of the change's last event (of the original, if duplicate)
};

// One outcome per change, in batch order: the committed result, or why that change was refused
// (not_found: no such case; conflict: illegal transition; invalid_input: malformed change). A
// refused change writes nothing; the other changes of the batch are still written.
using ChangeOutcome = Result<Committed>;

// A stored dispute, for replay.
struct StoredDispute {
  CaseId case_id;
  std::string channel;
  std::string external_id;
  Timestamp received_at{};
  std::string json;  // as received
  // The row does not match its checksum (SQLite store, schema v8): `json` is not what was stored.
  bool damaged = false;
};

// The decision recorded when a case arrived, in the compact form the store keeps beside the log
// (the SQLite `decisions` table, written at commit): what replay compares and reports, nothing of
// the dispute itself. Rules are named "table.rule_id"; "" when the rule set's default applied.
struct RecordedClassification {
  std::string category;
  Priority priority = Priority::normal;
  Mode mode = Mode::people;
  Level level = Level::community;
  Deadline deadline;
  std::string category_rule, priority_rule, mode_rule, level_rule, deadline_rule;
  std::string rules_version;
  // What the rules saw beside the dispute: its repeat count (Dispute::repeat_count, the number of
  // earlier cases the engine linked it to, i.e. the size of its `submitted` event's repeat_of).
  // Replay classifies with it, so that a rule on repeat_count replays as it decided (schema v11;
  // derived from the log, 0 for a case stored before links existed, v9, as its rules saw then).
  std::int64_t repeat_count = 0;
  friend bool operator==(const RecordedClassification&, const RecordedClassification&) = default;
};
struct RecordedAssignment {
  BodyId lead;
  std::string graph_version;
  friend bool operator==(const RecordedAssignment&, const RecordedAssignment&) = default;
};

// "table.rule_id" of a rule reference; "" for an empty one (a default).
[[nodiscard]] std::string rule_key(const RuleRef& ref);
// `repeat_count`: RecordedClassification::repeat_count, the count the classification saw.
[[nodiscard]] RecordedClassification recorded(const Classification& c,
                                              std::int64_t repeat_count = 0);
[[nodiscard]] RecordedAssignment recorded(const Assignment& a);

// A stored dispute with the decision recorded when it arrived and where its case stands now: what
// replay compares a candidate rule set against (tiaojie::replay).
struct StoredDecision {
  StoredDispute dispute;
  std::optional<RecordedClassification> classification;    // of the case's first `classified` event
  std::optional<RecordedAssignment> assignment;            // of the case's first `assigned` event
  lifecycle::Status status = lifecycle::Status::received;  // current status
  BodyId body;  // current lead body (after transfers and escalations); empty: none
};

// Every file of one rule-set version: file name (relative to rules/) → contents.
using RuleSetFiles = std::map<std::string, std::string>;

// A current-state row that differs from what the events imply (verify()).
struct Difference {
  std::string table;  // "cases", "assignments", "body_load", "supervision_notices", "report_cases",
                      // "decisions", "repeat_keys"
  std::string key;    // the row's key, e.g. "case 12" or "body hz.street.fengyang"
  std::string stored;   // what the table holds ("(missing)" when absent)
  std::string derived;  // what the events imply ("(missing)" when it should not exist)
};

struct VerifyReport {
  std::int64_t events = 0;              // events replayed
  std::int64_t cases = 0;               // cases rebuilt
  std::vector<Difference> differences;  // empty: the derived tables match the log
  // Cases with a dispute or event row that does not match its checksum, by id (SQLite store). The
  // derived tables are not compared while there are any (the log itself is in doubt).
  std::vector<CaseId> damaged;
  [[nodiscard]] bool ok() const { return differences.empty() && damaged.empty(); }
};

// One entry of the repeat index (重复信访, schema v9): a key of a case's `submitted` event
// (lifecycle::Submitted::repeat_keys) and when the case was received. Derived from the log.
struct RepeatKeyRow {
  std::string key;  // "p:<hex>" (same party) or "s:<hex>" (same subject); opaque here
  CaseId case_id;
  Timestamp received_at{};
  friend bool operator==(const RepeatKeyRow&, const RepeatKeyRow&) = default;
};

// What the daemon needs of an open case to serve (load, lifecycle operations, backlog), read from
// the current-state table alone so that a restart with a million open cases is quick.
struct OpenCaseRow {
  CaseId id;
  lifecycle::Status status = lifecycle::Status::received;
  BodyId body;
  std::string category;          // "" before classification
  std::optional<CivilDate> due;  // the case's current deadline, if it has one
};

// The rest of an open case's deadline state (lifecycle::CaseState's fields of the same names): the
// channel's reply deadline and which warnings were already sent. Read from the event log.
struct OpenCaseDeadlines {
  CaseId id;
  // What the mediation deadline counts, so that a calendar change can count it again: the
  // classification's rule (absent before classification), and lifecycle::CaseState's
  // clock_period and clock_start.
  std::optional<Deadline> rule;
  std::optional<Deadline> period;
  std::optional<CivilDate> clock_start;
  int due_provisional_year = 0;  // lifecycle::CaseState's fields of the same names
  std::optional<CivilDate> suspended_since;
  int suspended_units = 0;
  int extended_units = 0;
  int extensions = 0;
  std::optional<Timestamp> reply_due;
  bool due_soon_sent = false;
  bool overdue_sent = false;
  bool reply_due_soon_sent = false;
  bool reply_overdue_sent = false;
};

class Store {
 public:
  virtual ~Store() = default;

  // Writes a batch of changes in ONE transaction (group commit): when this returns a value, every
  // accepted change is durable (per the backend's durability settings) and none of the refused
  // ones left a trace. Changes apply in order: a later change sees an earlier one's effect (two
  // NewCase with the same key: the second is a duplicate of the first).
  // Errors (whole batch): io_error when the backend failed; then NOTHING of the batch was written.
  [[nodiscard]] virtual Result<std::vector<ChangeOutcome>> commit(
      std::span<const Change> batch) = 0;

  // The case stored under the idempotency key, or nullopt. Errors: io_error.
  [[nodiscard]] virtual Result<std::optional<CaseRecord>> find_by_key(
      std::string_view channel, std::string_view external_id) = 0;

  // A case with its events in log order. Errors: not_found, io_error.
  [[nodiscard]] virtual Result<CaseRecord> get_case(CaseId id) = 0;

  // The current state of every open case (lifecycle::is_open), by case id: the daemon re-arms its
  // deadline timers from these at start. Errors: io_error.
  [[nodiscard]] virtual Result<std::vector<CaseState>> open_cases() = 0;

  // Every open case's OpenCaseRow, in no particular order. The default derives them from
  // open_cases(); a backend with a current-state table reads just that. Errors: io_error.
  [[nodiscard]] virtual Result<std::vector<OpenCaseRow>> open_case_rows();

  // The deadline state of the open cases with id > `after`, by id, at most `limit` of them: the
  // daemon reads these in slices after it started serving. Each entry equals what open_cases()
  // says of that case. The default derives them from open_cases(). Errors: io_error.
  [[nodiscard]] virtual Result<std::vector<OpenCaseDeadlines>> open_case_deadlines(
      CaseId after, std::size_t limit);

  // Open cases per current lead body (bodies with none are absent): the load view the body graph's
  // assignment takes. Errors: io_error.
  [[nodiscard]] virtual Result<std::map<BodyId, std::int64_t>> open_load() = 0;

  // Events with seq > `after_seq`, in seq order, at most `limit` of them. Errors: io_error.
  [[nodiscard]] virtual Result<std::vector<StoredEvent>> events_since(std::int64_t after_seq,
                                                                      std::size_t limit) = 0;

  // The highest seq written, 0 for an empty store. Errors: io_error.
  [[nodiscard]] virtual Result<std::int64_t> last_seq() = 0;

  // Calls `visit` for each stored dispute received in [from, to), by received_at then case id;
  // stops early when `visit` returns false. Errors: io_error.
  [[nodiscard]] virtual Result<void> for_each_dispute(
      Timestamp from, Timestamp to, const std::function<bool(const StoredDispute&)>& visit) = 0;

  // The same disputes, in the same order, each with its recorded decision and current status.
  // The StoredDecision is valid only during the call (backends reuse it between rows).
  // Errors: io_error; internal when a stored event does not decode.
  [[nodiscard]] virtual Result<void> for_each_decision(
      Timestamp from, Timestamp to, const std::function<bool(const StoredDecision&)>& visit) = 0;

  // Completes the row being visited by for_each_decision_summary (see there). Errors: io_error;
  // internal for an unreadable row.
  using CompleteDecision = std::function<Result<void>()>;

  // for_each_decision for a visitor that needs most rows only in part: replay compares every case
  // but explains only those that changed. A row may lack the dispute's channel and external_id,
  // the recorded classification's *_rule keys, `status` and `body` (left empty or default);
  // calling `complete` during the visit fills them in, in the very row passed to `visit` (other
  // fields and references into it stay valid), as for_each_decision has them. Same rows, order and
  // errors as for_each_decision; an error from `complete` is the visitor's to return or report.
  // The default is for_each_decision with complete rows and a `complete` that does nothing;
  // SqliteStore leaves those columns unread (a third of a row's read time) until asked.
  [[nodiscard]] virtual Result<void> for_each_decision_summary(
      Timestamp from, Timestamp to,
      const std::function<bool(const StoredDecision&, const CompleteDecision&)>& visit);

  // The report view (report_case.hpp) of every case that can matter to a report window [from, to)
  // (report_case_in_window), in no particular order; stops early when `visit` returns false. Reads
  // an index, not the log: the cost follows the cases active in the window, not the history.
  // The ReportCase is valid only during the call. Errors: io_error; internal for an unreadable row.
  [[nodiscard]] virtual Result<void> for_each_report_case(
      Timestamp from, Timestamp to, const std::function<bool(const ReportCase&)>& visit) = 0;

  // Every repeat key of the cases received at or after `from`, by received_at then case id: the
  // daemon loads its repeat index (daemon/internal/repeat_index.hpp) from these at start. The
  // default reads the whole log (events_since); the SQLite store reads its repeat_keys index.
  // Errors: io_error; internal for an unreadable event.
  [[nodiscard]] virtual Result<std::vector<RepeatKeyRow>> repeat_keys_since(Timestamp from);

  // Staff's look-up of cases (`tiaojie case list`): the current-state rows that match every filter
  // set, newest first, at most query.limit of them, with the count of all that match.
  // Errors: io_error; internal for an unreadable row.
  [[nodiscard]] virtual Result<CaseList> list_cases(const CaseQuery& query) = 0;

  // Every stored rule-set version with the cases first decided under it (`tiaojie rules
  // versions`), first used first, never used last. Errors: io_error.
  [[nodiscard]] virtual Result<std::vector<RuleVersionUse>> rule_versions() = 0;

  // Keeps a rule-set version's files. Idempotent: storing the same version again with the same
  // files is a no-op. Errors: conflict if `version` is stored with different files; io_error.
  [[nodiscard]] virtual Result<void> put_rule_set(std::string_view version,
                                                  const RuleSetFiles& files) = 0;

  // A stored rule-set version's files. Errors: not_found, io_error.
  [[nodiscard]] virtual Result<RuleSetFiles> get_rule_set(std::string_view version) = 0;

  // Rebuilds the current state from the event log and compares it with the current-state tables.
  // Writes nothing. Errors: io_error; internal if the log itself does not fold (a corrupt log).
  [[nodiscard]] virtual Result<VerifyReport> verify() = 0;

  // Rewrites every current-state table from the event log, in one transaction.
  // Errors: io_error; internal for a log that does not fold.
  [[nodiscard]] virtual Result<void> rebuild() = 0;

  // Writes what earlier commits left for later (the SQLite store's deferred projections,
  // SqliteOptions::defer_projections), in one transaction. Every read of what it writes catches
  // up first, so callers need it only to choose when that work is done (the daemon's writer: when
  // idle, and every Pacing::catch_up_at changes). Errors: io_error (nothing is lost: the work
  // stays pending). Default: nothing is ever deferred.
  [[nodiscard]] virtual Result<void> catch_up() { return ok; }
  // How many committed cases wait for catch_up(). Default: 0.
  [[nodiscard]] virtual std::size_t deferred() const { return 0; }

  // --- Several processes on one store (PostgreSQL; docs/scaling.md) ---------------------------

  // Whether this store's process leads: the one process that runs the deadline timers and the
  // scheduled reports. Takes the lead when no other process holds it, and keeps it until its
  // connection ends (the process exits or dies). Errors: io_error (then it does not lead).
  // Default: always (a store only this process writes).
  [[nodiscard]] virtual Result<bool> lead() { return true; }

  // The events other processes committed with seq > `after_seq`, in seq order, with the current
  // state of each case they touched; moves `after_seq` past every event read (this store's own
  // included), at most `limit` of them a call. `after_seq` moves only on success.
  // Errors: io_error; internal for events that do not fold. Default: none (a store only this
  // process writes).
  [[nodiscard]] virtual Result<OthersEvents> events_by_others(std::int64_t& after_seq,
                                                              std::size_t limit) {
    (void)after_seq;
    (void)limit;
    return OthersEvents{};
  }

  // A value every process on this store must share (the repeat key's check value): the first
  // process to ask stores `value` under `name`; each later one gets the stored value back, to
  // compare with its own. Errors: io_error. Default: `value` (a store only this process writes).
  [[nodiscard]] virtual Result<std::string> shared_setting(std::string_view name,
                                                           std::string_view value) {
    (void)name;
    return std::string(value);
  }
};

}  // namespace tiaojie::store

// The production Store: one SQLite file in WAL mode (schema and durability: docs/store.md).
//
// Durability: every commit() is one SQLite transaction. With the default synchronous=FULL in WAL
// mode, SQLite fsyncs the WAL at each commit, so a batch that commit() reported is on disk and
// survives a power cut; the daemon acknowledges a dispute only after that. (synchronous=NORMAL
// in WAL mode keeps the file consistent but may lose the last commits on power loss: an
// acknowledged case could vanish, which the design forbids.) Group commit is what makes FULL
// affordable: one fsync per batch, not per case.
//
// Thread-safety: not thread-safe; one thread owns the store. Other processes (a `store verify`,
// a report) may read the file concurrently: WAL readers do not block the writer.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/fault_store.hpp"
#include "store/store.hpp"

namespace tiaojie::store {

// SQLite's PRAGMA synchronous levels.
enum class Synchronous { off, normal, full, extra };

// The page cache (KiB) for a store opened for one streaming pass over it (replay): such a pass
// gains nothing from the daemon's 64 MiB, which costs ~10% of replay's time and 64 MiB of memory.
// 256 KiB (64 pages) still holds every interior page the pass descends through, and its buffers
// stay in the L2 cache beside the rules' automaton, where a 2 MiB cache cycled through all of
// L2: ~4% faster at 200k cases (docs/benchmarks.md, replay).
inline constexpr int k_sqlite_streaming_cache_kib = 256;

struct SqliteOptions {
  std::string path = {};  // the database file; ":memory:" for a private in-memory database
  // Create the file (and the schema) when it does not exist. Default: true.
  bool create_if_missing = true;
  // PRAGMA synchronous. Default: full (see above). `normal` trades the last commits on power loss
  // for speed; `off` is for benchmarks and throw-away stores only.
  Synchronous synchronous = Synchronous::full;
  // How long a writer waits for another connection's lock before io_error. Default: 5 s.
  std::chrono::milliseconds busy_timeout{5000};
  // WAL pages after which SQLite checkpoints automatically. Default: 1000 (SQLite's own).
  int wal_autocheckpoint = 1000;
  // SQLite's page cache for this connection, in KiB (PRAGMA cache_size = -N). Default: 64 MiB:
  // the indexes a group commit touches stay in memory instead of being read back page by page
  // (SQLite's own 2 MiB default made the store thread wait on reads once a store held ~10^5 cases).
  int cache_kib = 65536;
  // Checkpoint the WAL on a second connection and thread (internal/checkpointer.hpp) instead of
  // inside the commit that crosses wal_autocheckpoint pages; the threshold stays
  // wal_autocheckpoint. For a long-running writer (the daemon). Default: false.
  bool background_checkpoint = false;
  // Open read-only (a second connection beside the daemon's writer, e.g. for reports): nothing is
  // created or migrated, commit() and the other writes fail, and the file must already have this
  // build's schema. Default: false.
  bool read_only = false;
  // Migrate the schema only up to this version (tests of migrations). Default: 0 = the latest.
  int migrate_to = 0;
  // The lean write path (issue 19; internal/deferred_projections.hpp): a commit of new cases only
  // writes the log (disputes, events) and the cases rows, and records the cases in `unprojected`;
  // their projections (repeat_keys, decisions, report_cases, assignments, body_load) are written
  // by catch_up(), in one transaction for many cases, or first thing by the next commit that
  // touches anything else, by any read of a projection, and at open (after a crash). Each
  // projection's rows are keyed at random (received dates, repeat hashes, bodies), so written per
  // group commit each row dirtied a page of its own: most of the WAL's bytes. For the daemon,
  // whose writer calls catch_up() when idle and every Pacing::catch_up_at cases. Default: false.
  bool defer_projections = false;
  // Fault injection: consulted before every row written. Default: none.
  std::shared_ptr<FaultPlan> faults = nullptr;
};

// The schema version this build writes (PRAGMA user_version).
inline constexpr int k_schema_version = 13;

class SqliteStore final : public Store {
 public:
  // Opens (and migrates) the store. Errors: not_found when the file is missing and
  // create_if_missing is false (or read_only); invalid_input when the file's schema is newer than
  // this build knows, or, read-only, not this build's; io_error for anything SQLite reports.
  [[nodiscard]] static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions& options);

  ~SqliteStore() override;

  Result<std::vector<ChangeOutcome>> commit(std::span<const Change> batch) override;
  Result<std::optional<CaseRecord>> find_by_key(std::string_view channel,
                                                std::string_view external_id) override;
  Result<CaseRecord> get_case(CaseId id) override;
  Result<std::vector<CaseState>> open_cases() override;
  Result<std::vector<OpenCaseRow>> open_case_rows() override;
  Result<std::vector<OpenCaseDeadlines>> open_case_deadlines(CaseId after,
                                                             std::size_t limit) override;
  Result<std::map<BodyId, std::int64_t>> open_load() override;
  Result<std::vector<StoredEvent>> events_since(std::int64_t after_seq, std::size_t limit) override;
  Result<std::int64_t> last_seq() override;
  Result<void> for_each_dispute(Timestamp from, Timestamp to,
                                const std::function<bool(const StoredDispute&)>& visit) override;
  Result<void> for_each_decision(Timestamp from, Timestamp to,
                                 const std::function<bool(const StoredDecision&)>& visit) override;
  Result<void> for_each_decision_summary(
      Timestamp from, Timestamp to,
      const std::function<bool(const StoredDecision&, const CompleteDecision&)>& visit) override;
  Result<void> for_each_report_case(Timestamp from, Timestamp to,
                                    const std::function<bool(const ReportCase&)>& visit) override;
  Result<void> put_rule_set(std::string_view version, const RuleSetFiles& files) override;
  Result<RuleSetFiles> get_rule_set(std::string_view version) override;
  Result<VerifyReport> verify() override;
  Result<void> rebuild() override;
  Result<std::vector<RepeatKeyRow>> repeat_keys_since(Timestamp from) override;
  Result<CaseList> list_cases(const CaseQuery& query) override;
  Result<std::vector<RuleVersionUse>> rule_versions() override;
  Result<void> catch_up() override;
  [[nodiscard]] std::size_t deferred() const override;

  // The schema version of the open file (PRAGMA user_version). Errors: io_error.
  [[nodiscard]] Result<int> schema_version();

 private:
  struct Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tiaojie::store

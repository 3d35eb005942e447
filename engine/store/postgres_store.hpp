// The Store on PostgreSQL (issue 20; docs/store.md "PostgreSQL"): one database shared by every
// daemon of a city or province, where SQLite's one file serves one district.
//
// Durability: every commit() is one PostgreSQL transaction, acknowledged after the server's
// COMMIT returned, so a batch that commit() reported is as durable as the server's settings make
// it (synchronous_commit = on, the server's default: flushed to its WAL). Group commit as on
// SQLite: one transaction per batch, each table's rows of the batch in one statement.
//
// Several stores (daemons) on one database: commits are serialised by an advisory lock
// (internal/pg_schema.hpp), which hands out case ids and event seqs in commit order;
// idempotency is the disputes table's UNIQUE (channel, external_id).
//
// Thread-safety: not thread-safe; one thread owns the store and its connection.
#pragma once

#include <memory>
#include <string>

#include "store/fault_store.hpp"
#include "store/store.hpp"

namespace tiaojie::store {

struct PostgresOptions {
  // A libpq connection URL or string: "postgresql://user@host:5432/tiaojie",
  // "postgresql:///tiaojie?host=/run/postgresql".
  std::string conninfo = {};
  // Create the schema when the database has none. Default: true.
  bool create_if_missing = true;
  // Read only: nothing is created or migrated, writes fail, and the database must already have
  // this build's schema. Default: false.
  bool read_only = false;
  // Fault injection (tests): consulted before every row written. Default: none.
  std::shared_ptr<FaultPlan> faults = nullptr;
};

class PostgresStore final : public Store {
 public:
  // Connects and creates or migrates the schema as the options allow.
  // Errors: io_error (cannot connect; the server refused); not_found when the database has no
  // tiaojie schema and creation is off; invalid_input for a schema this build cannot use.
  [[nodiscard]] static Result<std::unique_ptr<PostgresStore>> open(const PostgresOptions& options);
  ~PostgresStore() override;

  Result<std::vector<ChangeOutcome>> commit(std::span<const Change> batch) override;
  Result<std::optional<CaseRecord>> find_by_key(std::string_view channel,
                                                std::string_view external_id) override;
  Result<CaseRecord> get_case(CaseId id) override;
  Result<std::vector<CaseState>> open_cases() override;
  Result<std::vector<OpenCaseRow>> open_case_rows() override;
  Result<std::map<BodyId, std::int64_t>> open_load() override;
  Result<std::vector<StoredEvent>> events_since(std::int64_t after_seq, std::size_t limit) override;
  Result<std::int64_t> last_seq() override;
  Result<void> for_each_dispute(Timestamp from, Timestamp to,
                                const std::function<bool(const StoredDispute&)>& visit) override;
  Result<void> for_each_decision(Timestamp from, Timestamp to,
                                 const std::function<bool(const StoredDecision&)>& visit) override;
  Result<void> for_each_report_case(Timestamp from, Timestamp to,
                                    const std::function<bool(const ReportCase&)>& visit) override;
  Result<std::vector<RepeatKeyRow>> repeat_keys_since(Timestamp from) override;
  Result<CaseList> list_cases(const CaseQuery& query) override;
  Result<std::vector<RuleVersionUse>> rule_versions() override;
  Result<void> put_rule_set(std::string_view version, const RuleSetFiles& files) override;
  Result<RuleSetFiles> get_rule_set(std::string_view version) override;
  Result<VerifyReport> verify() override;
  Result<void> rebuild() override;
  // A session advisory lock (internal/pg_schema.hpp, k_pg_leader_lock) on this store's
  // connection: released by the server when the connection ends.
  Result<bool> lead() override;
  // The log after `after_seq` less the seq ranges this store committed (it keeps them until
  // the cursor passes them); the touched cases' states folded from one more query.
  Result<OthersEvents> events_by_others(std::int64_t& after_seq, std::size_t limit) override;
  // The `settings` table (schema version 2); a read-only store only reads it (not_found when
  // `name` was never stored).
  Result<std::string> shared_setting(std::string_view name, std::string_view value) override;

 private:
  struct Impl;
  explicit PostgresStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tiaojie::store

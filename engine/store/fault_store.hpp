// Fault injection for crash and error-path tests (LevelDB's fault_injection_test as the model).
//
// A FaultPlan counts write operations and fails the n-th one (and, optionally, every one after
// it). The SQLite store consults it before every row it writes (SqliteOptions::faults), so a test
// can fail a batch in the middle of its transaction; FaultInjectingStore consults it before every
// write call of any Store, so code above the store can be tested against a failing commit.
// Thread-safety: the counts are atomic, so that a test may read them while the daemon's store
// thread counts; configure it (the constructor, crash_at, reset) before the store is used.
#pragma once

#include <atomic>
#include <memory>
#include <string_view>

#include "store/store.hpp"

namespace tiaojie::store {

class FaultPlan {
 public:
  // Fails the `fail_at`-th write (1-based); 0 never fails. `sticky`: every later write fails too
  // (a disk that has gone away), otherwise only that one (a transient error).
  explicit FaultPlan(std::int64_t fail_at = 0, bool sticky = false)
      : fail_at_(fail_at), sticky_(sticky) {}

  // Instead of failing, the process ends at once with `exit_status` (std::_Exit: no destructors,
  // no rollback, no flush) at the `crash_at`-th write: a power cut in the middle of a transaction,
  // for tests that run the store in a child process and reopen the file afterwards.
  void crash_at(std::int64_t n, int exit_status = 77) {
    crash_at_ = n;
    crash_status_ = exit_status;
  }

  // Counts one write. Returns io_error naming `what` when this write is to fail.
  [[nodiscard]] Result<void> on_write(std::string_view what);

  [[nodiscard]] std::int64_t writes() const { return writes_.load(); }
  [[nodiscard]] std::int64_t failures() const { return failures_.load(); }
  // Re-arms: counting restarts from zero.
  void reset(std::int64_t fail_at, bool sticky = false);

 private:
  std::int64_t fail_at_ = 0;
  bool sticky_ = false;
  std::atomic<std::int64_t> writes_ = 0;
  std::atomic<std::int64_t> failures_ = 0;
  std::int64_t crash_at_ = 0;
  int crash_status_ = 77;
};

// Wraps a Store; commit() and put_rule_set() count as writes on the plan and fail with io_error
// (writing nothing) when the plan says so. Reads pass through.
class FaultInjectingStore final : public Store {
 public:
  FaultInjectingStore(std::unique_ptr<Store> inner, std::shared_ptr<FaultPlan> plan);

  Result<std::vector<ChangeOutcome>> commit(std::span<const Change> batch) override;
  Result<std::optional<CaseRecord>> find_by_key(std::string_view channel,
                                                std::string_view external_id) override;
  Result<CaseRecord> get_case(CaseId id) override;
  Result<std::vector<CaseState>> open_cases() override;
  Result<std::map<BodyId, std::int64_t>> open_load() override;
  Result<std::vector<StoredEvent>> events_since(std::int64_t after_seq, std::size_t limit) override;
  Result<std::int64_t> last_seq() override;
  Result<void> for_each_dispute(Timestamp from, Timestamp to,
                                const std::function<bool(const StoredDispute&)>& visit) override;
  Result<void> for_each_decision(Timestamp from, Timestamp to,
                                 const std::function<bool(const StoredDecision&)>& visit) override;
  Result<void> for_each_report_case(Timestamp from, Timestamp to,
                                    const std::function<bool(const ReportCase&)>& visit) override;
  Result<CaseList> list_cases(const CaseQuery& query) override;
  Result<std::vector<RuleVersionUse>> rule_versions() override;
  Result<void> put_rule_set(std::string_view version, const RuleSetFiles& files) override;
  Result<RuleSetFiles> get_rule_set(std::string_view version) override;
  Result<VerifyReport> verify() override;
  Result<void> rebuild() override;
  Result<void> catch_up() override;
  [[nodiscard]] std::size_t deferred() const override { return inner_->deferred(); }
  Result<bool> lead() override { return inner_->lead(); }
  Result<OthersEvents> events_by_others(std::int64_t& after_seq, std::size_t limit) override {
    return inner_->events_by_others(after_seq, limit);
  }
  Result<std::string> shared_setting(std::string_view name, std::string_view value) override {
    return inner_->shared_setting(name, value);
  }

  [[nodiscard]] Store& inner() { return *inner_; }

 private:
  std::unique_ptr<Store> inner_;
  std::shared_ptr<FaultPlan> plan_;
};

}  // namespace tiaojie::store

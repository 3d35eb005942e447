// A Store held in memory: the same semantics as the SQLite store (lifecycle checks, idempotency,
// group commit, verify) with no durability. For tests of code above the store, and for tools that
// need a scratch store. Thread-safety: not thread-safe (see Store).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace tiaojie::store {

class MemoryStore final : public Store {
 public:
  MemoryStore();
  ~MemoryStore() override;

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

 private:
  struct Data;
  std::unique_ptr<Data> data_;
};

}  // namespace tiaojie::store

#include "store/fault_store.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace tiaojie::store {

Result<void> FaultPlan::on_write(std::string_view what) {
  const auto n = ++writes_;
  if (crash_at_ > 0 && n == crash_at_) std::_Exit(crash_status_);
  if (fail_at_ > 0 && (n == fail_at_ || (sticky_ && n > fail_at_))) {
    ++failures_;
    return std::unexpected(io_error(fmt::format("injected fault at write {} ({})", n, what)));
  }
  return ok;
}

void FaultPlan::reset(std::int64_t fail_at, bool sticky) {
  fail_at_ = fail_at;
  sticky_ = sticky;
  writes_ = 0;
  failures_ = 0;
}

FaultInjectingStore::FaultInjectingStore(std::unique_ptr<Store> inner,
                                         std::shared_ptr<FaultPlan> plan)
    : inner_(std::move(inner)), plan_(std::move(plan)) {}

Result<std::vector<ChangeOutcome>> FaultInjectingStore::commit(std::span<const Change> batch) {
  if (auto r = plan_->on_write("commit"); !r) return std::unexpected(r.error());
  return inner_->commit(batch);
}
Result<std::optional<CaseRecord>> FaultInjectingStore::find_by_key(std::string_view channel,
                                                                   std::string_view external_id) {
  return inner_->find_by_key(channel, external_id);
}
Result<CaseRecord> FaultInjectingStore::get_case(CaseId id) { return inner_->get_case(id); }
Result<std::vector<CaseState>> FaultInjectingStore::open_cases() { return inner_->open_cases(); }
Result<std::map<BodyId, std::int64_t>> FaultInjectingStore::open_load() {
  return inner_->open_load();
}
Result<std::vector<StoredEvent>> FaultInjectingStore::events_since(std::int64_t after_seq,
                                                                   std::size_t limit) {
  return inner_->events_since(after_seq, limit);
}
Result<std::int64_t> FaultInjectingStore::last_seq() { return inner_->last_seq(); }
Result<void> FaultInjectingStore::for_each_dispute(
    Timestamp from, Timestamp to, const std::function<bool(const StoredDispute&)>& visit) {
  return inner_->for_each_dispute(from, to, visit);
}
Result<void> FaultInjectingStore::for_each_decision(
    Timestamp from, Timestamp to, const std::function<bool(const StoredDecision&)>& visit) {
  return inner_->for_each_decision(from, to, visit);
}
Result<void> FaultInjectingStore::for_each_report_case(
    Timestamp from, Timestamp to, const std::function<bool(const ReportCase&)>& visit) {
  return inner_->for_each_report_case(from, to, visit);
}
Result<void> FaultInjectingStore::put_rule_set(std::string_view version,
                                               const RuleSetFiles& files) {
  if (auto r = plan_->on_write("put_rule_set"); !r) return r;
  return inner_->put_rule_set(version, files);
}
Result<CaseList> FaultInjectingStore::list_cases(const CaseQuery& query) {
  return inner_->list_cases(query);
}
Result<std::vector<RuleVersionUse>> FaultInjectingStore::rule_versions() {
  return inner_->rule_versions();
}
Result<RuleSetFiles> FaultInjectingStore::get_rule_set(std::string_view version) {
  return inner_->get_rule_set(version);
}
Result<VerifyReport> FaultInjectingStore::verify() { return inner_->verify(); }
Result<void> FaultInjectingStore::catch_up() {
  if (inner_->deferred() == 0) return ok;
  if (auto r = plan_->on_write("catch_up"); !r) return r;
  return inner_->catch_up();
}
Result<void> FaultInjectingStore::rebuild() {
  if (auto r = plan_->on_write("rebuild"); !r) return r;
  return inner_->rebuild();
}

}  // namespace tiaojie::store

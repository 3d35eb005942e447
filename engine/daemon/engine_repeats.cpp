// Repeat disputes (重复信访) in the engine: the repeat count a dispute is classified with, and the
// index it comes from.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "daemon/internal/engine_impl.hpp"
#include "rules/classify.hpp"

namespace tiaojie::daemon::internal {

Classification Engine::Impl::classify_with_repeats(Dispute& d, RepeatFindings& found) const {
  const rules::RuleSet& rules = *snap.rules;
  if (!hasher) return rules::classify(rules, d);
  const Timestamp at = *d.received_at;
  found.keys = hasher->party_keys(d);
  found.links = repeats.find(found.keys, at);
  d.repeat_count = static_cast<std::int64_t>(found.links.size());
  // Decided by reference first: the subject key needs only the category, and the decision may be
  // taken again with more links; the strings are made once, for the decision that stands.
  rules::Verdict v = rules::classify_verdict(rules, d);
  if (auto subject = hasher->subject_key(d, v.category)) {
    found.keys.push_back(std::move(*subject));
    auto all = repeats.find(found.keys, at);
    if (all.size() != found.links.size()) {
      found.links = std::move(all);
      d.repeat_count = static_cast<std::int64_t>(found.links.size());
      v = rules::classify_verdict(rules, d);
    }
  }
  return rules::to_classification(rules, v);
}

void Engine::Impl::remember_repeats(std::int64_t case_id, const std::vector<std::string>& keys,
                                    Timestamp received_at) {
  for (const auto& key : keys) repeats.add(key, lifecycle::CaseId{case_id}, received_at);
}

bool Engine::Impl::defer_for_pending(const std::shared_ptr<SubmitJob>& job,
                                     const std::vector<std::string>& keys) {
  for (const auto& key : keys) {
    if (pending_keys.contains(key)) {
      deferred.push_back(job);
      return true;
    }
  }
  for (const auto& key : keys) ++pending_keys[key];
  return false;
}

void Engine::Impl::release_pending(const std::vector<std::string>& keys) {
  for (const auto& key : keys) {
    auto it = pending_keys.find(key);
    if (it != pending_keys.end() && --it->second == 0) pending_keys.erase(it);
  }
  if (deferred.empty()) return;
  // In arrival order, each after the strand's queued work: one may wait again on another.
  auto waiting = std::move(deferred);
  deferred.clear();
  for (auto& job : waiting) boost::asio::post(strand, [this, job] { run_submit(job); });
}

Result<void> Engine::Impl::load_repeats() {
  if (!hasher) return ok;
  return writer.with_store_unstarted([this](store::Store& s) -> Result<void> {
    const auto now = clock.now();
    auto rows = s.repeat_keys_since(now - repeats.window());
    if (!rows) return std::unexpected(rows.error());
    const auto count = rows->size();
    repeats.add_all(std::move(*rows), now);
    spdlog::info("repeat index: {} keys of the last {} days", count, repeats.window().count());
    return ok;
  });
}

}  // namespace tiaojie::daemon::internal

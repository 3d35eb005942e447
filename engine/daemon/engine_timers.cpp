// Deadline timers (design.md §7): one steady_timer armed for the earliest wake-up of all open
// cases; when it fires, the lifecycle's deadline policy says which events are due (due soon,
// overdue, escalation, supervision notice) and when the case next needs a look. The set of
// wake-ups is rebuilt from the store's open cases at start, so a restart re-arms everything.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "daemon/internal/deadlines.hpp"
#include "daemon/internal/reply_clock.hpp"
#include "daemon/internal/engine_impl.hpp"

namespace tiaojie::daemon::internal {

using lifecycle::CaseState;
using lifecycle::Event;

std::optional<CivilDate> Engine::Impl::due_date(const Classification& c, Timestamp received_at) const {
  return deadline_date(c.deadline, received_at);
}

Result<void> Engine::Impl::load_open_cases() {
  // The store is used from this thread before the writer thread starts.
  return writer.with_store_unstarted([this](store::Store& s) -> Result<void> {
    auto cases = s.open_cases();
    if (!cases) return std::unexpected(cases.error());
    open.reserve(cases->size());
    for (const auto& state : *cases) track(state.id.value, state);
    spdlog::info("{} open cases loaded, {} deadline wake-ups armed", open.size(), wakeups.size());
    return ok;
  });
}

void Engine::Impl::schedule(std::int64_t case_id, OpenCaseInfo& info) {
  auto when = earliest(next_deadline_wakeup(info, config.due_soon.days_before), next_reply_wakeup(info));
  // One queued wake-up per case: a later entry for the same case replaces it (the old one is
  // recognised as stale when it fires).
  if (when == info.wake) return;
  info.wake = when;
  if (!when) return;
  wakeups.emplace(*when, case_id);
  if (!armed_for || *when < *armed_for) arm_deadline_timer();
}

void Engine::Impl::arm_deadline_timer() {
  if (stopped) return;
  if (wakeups.empty()) {
    armed_for.reset();
    deadline_timer.cancel();
    return;
  }
  Timestamp first = wakeups.begin()->first;
  armed_for = first;
  auto wait = first - clock.now();
  // A steady timer: wall-clock jumps do not fire it early; it fires at most a day later so that a
  // large jump is noticed (and tests move a manual clock and call clock_changed()).
  auto capped = std::min<std::chrono::seconds>(std::max<std::chrono::seconds>(wait, std::chrono::seconds(0)),
                                              std::chrono::hours(24));
  deadline_timer.expires_after(capped);
  deadline_timer.async_wait([this, first](const boost::system::error_code& ec) {
    if (ec || stopped || armed_for != first) return;
    on_deadline_timer();
  });
}

void Engine::Impl::on_deadline_timer() {
  if (stopped) return;
  auto now = clock.now();
  std::vector<std::pair<Timestamp, std::int64_t>> due_cases;
  while (!wakeups.empty() && wakeups.begin()->first <= now) {
    due_cases.push_back(*wakeups.begin());
    wakeups.erase(wakeups.begin());
  }
  for (auto [when, case_id] : due_cases) {
    auto it = open.find(case_id);
    if (it == open.end() || it->second.wake != when) continue;  // closed or rescheduled since
    it->second.wake.reset();
    auto events = deadline_events(case_id, it->second, now, config.due_soon.days_before, *snap.graph);
    for (auto& e : reply_events(case_id, it->second, now)) events.push_back(std::move(e));
    if (events.empty()) {
      schedule(case_id, it->second);  // a stale wake-up of a case whose deadline moved
      continue;
    }
    counters.timer_events += events.size();
    auto published = events;
    writer.commit(store::CaseEvents{lifecycle::CaseId{case_id}, std::move(events)},
                  [this, case_id, published = std::move(published)](store::ChangeOutcome outcome) {
                    if (!outcome) {
                      spdlog::error("deadline events for case {}: {}", case_id, outcome.error().to_string());
                      return;
                    }
                    track(case_id, outcome->state);
                    publish_all(published, outcome->last_seq, outcome->state);
                  });
  }
  arm_deadline_timer();
}

}  // namespace tiaojie::daemon::internal

// Deadline timers (design.md §7): one steady_timer armed for the earliest wake-up of all open
// cases; when it fires, the lifecycle's deadline policy says which events are due (due soon,
// overdue, escalation, supervision notice) and when the case next needs a look. The set of
// wake-ups is rebuilt from the store's open cases at start, so a restart re-arms everything.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "daemon/internal/deadlines.hpp"
#include "daemon/internal/engine_impl.hpp"

namespace tiaojie::daemon::internal {

using lifecycle::CaseState;
using lifecycle::Event;

std::optional<CivilDate> Engine::Impl::due_date(const Classification& c, Timestamp received_at) const {
  return deadline_date(*snap.calendar, c.deadline, received_at);
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
  if (info.in_flight) return;  // rescheduled when its deadline events are committed
  auto now = clock.now();
  auto step = deadline_step(case_id, info, now, snap, config.due_soon);
  // Events already due (a case loaded after a restart, a clock that jumped): look at once.
  std::optional<Timestamp> when = step.events.empty() ? step.next_wake : std::optional(now);
  // One queued wake-up per case: an older entry is recognised as stale when it fires.
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
  // A steady timer: wall-clock jumps do not fire it early; it fires at most an hour later so that
  // a jump is noticed (tests move a manual clock and call clock_changed()).
  auto capped = std::min<std::chrono::seconds>(std::max<std::chrono::seconds>(wait, std::chrono::seconds(0)),
                                              std::chrono::hours(1));
  deadline_timer.expires_after(capped);
  deadline_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped) return;
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
    auto& info = it->second;
    info.wake.reset();
    auto step = deadline_step(case_id, info, now, snap, config.due_soon);
    if (step.events.empty()) {
      schedule(case_id, info);
      continue;
    }
    info.in_flight = true;
    counters.timer_events += step.events.size();
    std::vector<Event> published;
    if (!subscribers.empty()) published = step.events;
    writer.commit(store::CaseEvents{lifecycle::CaseId{case_id}, std::move(step.events)},
                  [this, case_id, published = std::move(published)](store::ChangeOutcome outcome) {
                    if (!outcome) {
                      spdlog::error("deadline events for case {}: {}", case_id, outcome.error().to_string());
                      if (auto it = open.find(case_id); it != open.end()) {
                        it->second.in_flight = false;
                        schedule(case_id, it->second);
                      }
                      return;
                    }
                    if (!published.empty()) {
                      spdlog::debug("case {}: {} deadline events", case_id, published.size());
                    }
                    track(case_id, outcome->state);
                    publish_all(published, outcome->last_seq, outcome->state);
                  });
  }
  arm_deadline_timer();
}

}  // namespace tiaojie::daemon::internal

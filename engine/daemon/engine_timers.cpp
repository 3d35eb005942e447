// Deadline timers (design.md §7): one steady_timer armed for the earliest wake-up of all open
// cases; when it fires, the lifecycle's deadline policy says which events are due (due soon,
// overdue, escalation, supervision notice) and when the case next needs a look. The set of
// wake-ups is rebuilt from the store's open cases at start, so a restart re-arms everything.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "daemon/internal/deadlines.hpp"
#include "daemon/internal/engine_impl.hpp"
#include "lifecycle/deadline.hpp"

namespace tiaojie::daemon::internal {

using lifecycle::CaseState;
using lifecycle::Event;

ComputedDueDate Engine::Impl::due_date(const Classification& c, Timestamp received_at) const {
  // Counted from the date of receipt whatever the hour (民法典 art. 201); a rule that counts from
  // acceptance or the start of mediation gets its date from that event (engine.cpp: change).
  // Before that event, a routing period from receipt may run (信访工作条例 art. 22).
  std::optional<Deadline> period = c.deadline;
  if (c.deadline.from != DeadlineStart::received) period = lifecycle::routing_period(c.deadline);
  if (!period) return {};
  auto computed = compute_due(*snap.calendar, *period, shanghai_date(received_at));
  return {computed.due, computed.provisional_year};
}

namespace {

// Open cases whose deadline state is read at start, before serving; above this the rest is read
// in slices after serving began (a million open cases: ~0.1 s of rows to serve, ~3 s of events).
constexpr std::size_t k_sync_deadline_cases = 50000;
// Cases per slice read on the store thread between group commits (~30 ms each).
constexpr std::size_t k_deadline_slice = 10000;
// A case whose deadline events the store failed to commit (a full disk, a lost database
// connection) is tried again after this long, not at once: a failing store is not hammered in a
// loop, nor the log flooded. Its wake-up is in the daemon's clock.
constexpr std::chrono::seconds k_failed_commit_retry{10};

void apply_deadlines(OpenCaseInfo& info, const store::OpenCaseDeadlines& d) {
  info.rule = d.rule;
  info.period = d.period;
  info.suspended_since = d.suspended_since;
  info.suspended_units = d.suspended_units;
  info.extended_units = d.extended_units;
  info.extensions = d.extensions;
  info.clock_start = d.clock_start;
  info.due_provisional_year = d.due_provisional_year;
  info.reply_due = d.reply_due;
  info.due_soon_sent = d.due_soon_sent;
  info.overdue_sent = d.overdue_sent;
  info.reply_due_soon_sent = d.reply_due_soon_sent;
  info.reply_overdue_sent = d.reply_overdue_sent;
  info.deadlines_known = true;
}

}  // namespace

Result<void> Engine::Impl::load_open_cases() {
  // The store is used from this thread before the writer thread starts. What serving needs (body,
  // status, due, category: the load view, lifecycle operations, backlog) comes from the
  // current-state table; the rest of the deadline state from the event log, here for a small
  // store, in slices after serving began for a large one (load_deadlines).
  loading_since = std::chrono::steady_clock::now();
  return writer.with_store_unstarted([this](store::Store& s) -> Result<void> {
    auto rows = s.open_case_rows();
    if (!rows) return std::unexpected(rows.error());
    open.reserve(rows->size());
    for (auto& row : *rows) {
      OpenCaseInfo info;
      info.body = std::move(row.body);
      info.status = row.status;
      info.due = row.due;
      info.category = std::move(row.category);
      info.deadlines_known = false;
      add_load(info.body, +1);
      open.emplace(row.id.value, std::move(info));
    }
    deadlines_pending = open.size();
    if (open.size() <= k_sync_deadline_cases) {
      auto deadlines = s.open_case_deadlines(store::CaseId{0}, open.size());
      if (!deadlines) return std::unexpected(deadlines.error());
      for (const auto& d : *deadlines) {
        auto it = open.find(d.id.value);
        if (it == open.end() || it->second.deadlines_known) continue;
        apply_deadlines(it->second, d);
        --deadlines_pending;
        schedule(d.id.value, it->second);
      }
    }
    spdlog::info(
        "{} open cases loaded, {} deadline wake-ups armed{}", open.size(), wakeups.size(),
        deadlines_pending ? fmt::format(", {} more being read", deadlines_pending) : std::string());
    return ok;
  });
}

void Engine::Impl::load_deadlines(std::int64_t after) {
  writer.run([this, after](store::Store& s) {
    auto slice = s.open_case_deadlines(store::CaseId{after}, k_deadline_slice);
    boost::asio::post(strand, [this, slice = std::move(slice), after]() mutable {
      if (stopped) return;
      if (!slice) {
        // Left unknown, these cases get no warnings until the daemon restarts: say so loudly.
        spdlog::error(
            "reading open cases' deadlines after case {}: {}; {} cases have no deadline timer",
            after, slice.error().to_string(), deadlines_pending);
        return;
      }
      for (const auto& d : *slice) {
        auto it = open.find(d.id.value);
        if (it == open.end() || it->second.deadlines_known) continue;  // closed, or committed since
        apply_deadlines(it->second, d);
        --deadlines_pending;
        schedule(d.id.value, it->second);
      }
      if (slice->size() == k_deadline_slice) {
        load_deadlines(slice->back().id.value);
        return;
      }
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - loading_since);
      spdlog::info("deadline timers of {} open cases armed {} ms after start ({} wake-ups)",
                   open.size(), ms.count(), wakeups.size());
      if (deadlines_pending > 0) {
        spdlog::error(
            "{} open cases had no deadline state in the store; they get no deadline timer",
            deadlines_pending);
      }
      recompute_deadlines("deadlines counted again at start");
    });
  });
}

void Engine::Impl::schedule(std::int64_t case_id, OpenCaseInfo& info) {
  if (info.in_flight) return;         // rescheduled when its deadline events are committed
  if (!info.deadlines_known) return;  // scheduled when its slice has been read
  auto now = clock.now();
  auto step = deadline_step(case_id, info, now, snap, config.due_soon);
  // Events already due (a case loaded after a restart, a clock that jumped): look at once.
  std::optional<Timestamp> when = step.events.empty() ? step.next_wake : std::optional(now);
  wake_at(case_id, info, when);
}

void Engine::Impl::wake_at(std::int64_t case_id, OpenCaseInfo& info,
                           std::optional<Timestamp> when) {
  // One queued wake-up per case: an older entry is recognised as stale when it fires.
  if (when == info.wake) return;
  info.wake = when;
  if (!when) return;
  wakeups.emplace(*when, case_id);
  if (!armed_for || *when < *armed_for) arm_deadline_timer();
}

void Engine::Impl::arm_deadline_timer() {
  if (stopped) return;
  // Nothing to wait for, or another daemon on the shared store runs the timers
  // (engine_shared.cpp).
  if (!leading || wakeups.empty()) {
    armed_for.reset();
    deadline_timer.cancel();
    return;
  }
  Timestamp first = wakeups.begin()->first;
  armed_for = first;
  auto wait = first - clock.now();
  // A steady timer: wall-clock jumps do not fire it early; it fires at most an hour later so that
  // a jump is noticed (tests move a manual clock and call clock_changed()).
  auto capped = std::min<std::chrono::seconds>(
      std::max<std::chrono::seconds>(wait, std::chrono::seconds(0)), std::chrono::hours(1));
  deadline_timer.expires_after(capped);
  deadline_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped) return;
    on_deadline_timer();
  });
}

void Engine::Impl::track_stored(std::int64_t case_id) {
  writer.read([this, case_id](store::Store& s) {
    auto record = s.get_case(lifecycle::CaseId{case_id});
    boost::asio::post(strand, [this, case_id, record = std::move(record)] {
      if (stopped) return;
      if (record) {
        track(case_id, record->state);
        return;
      }
      spdlog::error("reading case {}: {}; its deadline events are tried again in {} s", case_id,
                    record.error().to_string(), k_failed_commit_retry.count());
      retry_later(case_id);
    });
  });
}

void Engine::Impl::retry_later(std::int64_t case_id) {
  if (auto it = open.find(case_id); it != open.end()) {
    it->second.in_flight = false;
    wake_at(case_id, it->second, clock.now() + k_failed_commit_retry);
  }
}

void Engine::Impl::on_deadline_timer() {
  if (stopped || !leading) return;
  check_calendar_years();  // at least hourly (arm_deadline_timer), and whenever the clock moves
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
    // `case_id = case_id`: clang 15 (.ci/thread-safety) cannot capture a structured binding.
    writer.commit(
        store::CaseEvents{lifecycle::CaseId{case_id}, std::move(step.events)},
        [this, case_id = case_id, published = std::move(published)](store::ChangeOutcome outcome) {
          if (!outcome && outcome.error().code == ErrorCode::conflict) {
            // The case changed under this daemon's view: another daemon sent the warning (two
            // believed they led) or its deadline moved. Its stored state says what is still due.
            spdlog::info("deadline events for case {} not sent: {}", case_id,
                         outcome.error().message);
            track_stored(case_id);
            return;
          }
          if (!outcome) {
            spdlog::error("deadline events for case {}: {}; tried again in {} s", case_id,
                          outcome.error().to_string(), k_failed_commit_retry.count());
            retry_later(case_id);
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

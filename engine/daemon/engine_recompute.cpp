// When the working-day calendar changes (a file added or corrected, by hot reload or between two
// runs), every open case's deadline is counted again from its start date with the rule's period it
// was classified with (docs/calendar.md "A calendar change recomputes"). A case whose due date or
// provisional mark changed gets one `deadline_changed` event (old -> new, cause), stored and
// published like any other; the rest are left alone, so a recount that changes nothing writes
// nothing. The same recount at start repairs stores holding open cases with no due date (written
// before provisional deadlines existed, when a year without a calendar file gave none).
//
// Also here: the daily warning that next year's calendar file is missing (from 1 November).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/internal/deadlines.hpp"
#include "daemon/internal/engine_impl.hpp"

namespace tiaojie::daemon::internal {

using lifecycle::Event;

void Engine::Impl::recompute_deadlines(const std::string& cause) {
  // Deadline work is the leader's (engine_shared.cpp): it recounts when it takes the lead.
  if (stopped || !leading) return;
  const Timestamp now = clock.now();
  const auto started_at = std::chrono::steady_clock::now();
  std::size_t changed = 0, counted = 0;
  for (auto& [case_id, info] : open) {
    // Not yet read (a large store at start: recounted when its slice arrives, load_deadlines), or
    // deadline events on their way to the store (their commit reschedules the case).
    if (!info.deadlines_known || info.in_flight) continue;
    // Before its start event, or under a deadline an escalation set: nothing of the rule to count.
    if (!info.period || !info.clock_start) continue;
    // A stopped clock is counted again when it runs again (resume).
    if (info.suspended_since) continue;
    ++counted;
    const ComputedDue now_due = compute_due(*snap.calendar, *info.period, *info.clock_start,
                                            info.suspended_units + info.extended_units);
    if (!now_due.due) continue;
    if (now_due.due == info.due && now_due.provisional_year == info.due_provisional_year) continue;
    ++changed;
    spdlog::info("case {}: deadline {}{} -> {}{} ({})", case_id,
                 info.due ? format_date(*info.due) : "none",
                 info.due_provisional_year ? " (provisional)" : "", format_date(*now_due.due),
                 now_due.provisional_year ? " (provisional)" : "", cause);
    std::vector<Event> events;
    events.push_back(
        Event{lifecycle::CaseId{case_id}, now, std::string(lifecycle::k_system_actor), info.body,
              lifecycle::DeadlineChanged{info.due, now_due.due, info.due_provisional_year,
                                         now_due.provisional_year, cause}});
    std::vector<Event> published;
    if (!subscribers.empty()) published = events;
    info.in_flight = true;
    // `case_id = case_id`: clang 15 (.ci/thread-safety) cannot capture a structured binding.
    writer.commit(
        store::CaseEvents{lifecycle::CaseId{case_id}, std::move(events)},
        [this, case_id = case_id, published = std::move(published)](store::ChangeOutcome outcome) {
          if (!outcome) {
            // Typically closed meanwhile (conflict): its deadline no longer matters.
            spdlog::warn("deadline_changed for case {}: {}", case_id, outcome.error().to_string());
            if (auto it = open.find(case_id); it != open.end()) {
              it->second.in_flight = false;
              schedule(case_id, it->second);
            }
            return;
          }
          track(case_id, outcome->state);
          publish_all(published, outcome->last_seq, outcome->state);
        });
  }
  // The cost on the strand (docs/benchmarks.md "Recount at start"): the commits of the changed
  // cases follow on the store thread.
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_at);
  spdlog::info("{}: {} open cases counted in {:.1f} ms, {} have a new deadline", cause, counted,
               ms.count(), changed);
  counters.deadlines_changed += changed;
}

void Engine::Impl::check_calendar_years() {
  const CivilDate today = shanghai_date(clock.now());
  const int year = static_cast<int>(today.year());
  int missing = 0;
  if (!snap.calendar->has_year(year)) {
    missing = year;
  } else if (today.month() >= std::chrono::November && !snap.calendar->has_year(year + 1)) {
    // The State Council's notice for next year usually comes out in November.
    missing = year + 1;
  }
  calendar_missing_year = missing;
  if (missing == 0) {
    calendar_warning.clear();
    return;
  }
  calendar_warning = fmt::format(
      "no working-day calendar for {}: add config/calendar/{}.toml from the State Council's "
      "holiday notice; "
      "until then deadlines running into {} are provisional (counted Monday–Friday with no "
      "holidays)",
      missing, missing, missing);
  if (calendar_warned_on == today) return;  // once a day
  calendar_warned_on = today;
  spdlog::warn("{}", calendar_warning);
}

}  // namespace tiaojie::daemon::internal

// The engine's side of the operations endpoints (daemon/http/operations.cpp): what /metrics counts
// on the strand, and what /readyz checks from any thread.
#include <fmt/format.h>

#include <boost/asio/post.hpp>

#include "daemon/internal/engine.hpp"
#include "daemon/internal/engine_impl.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;

std::vector<EngineMetrics::LevelRow> Engine::Impl::open_by_level() const {
  const Timestamp now = clock.now();
  const CivilDate today = shanghai_date(now);
  std::vector<EngineMetrics::LevelRow> rows;
  for (Level l : {Level::community, Level::street, Level::district})
    rows.push_back({std::string(to_string(l)), 0, 0});
  rows.push_back({"unknown", 0, 0});
  // By the level of the body that holds the case now, as `backlog` counts: an escalated case
  // counts at its new level.
  for (const auto& [case_id, info] : open) {
    std::size_t row = 3;
    if (auto idx = snap.graph->find(info.body.value))
      row = static_cast<std::size_t>(snap.graph->body(*idx).level);
    ++rows[row].open;
    if (is_overdue(snap, info, today, now)) ++rows[row].overdue;
  }
  if (rows[3].open == 0) rows.pop_back();
  return rows;
}

void Engine::metrics(std::function<void(EngineMetrics)> done) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, done = std::move(done)] {
    EngineMetrics out;
    out.counters = m.counters;
    out.writer = m.writer.stats();
    out.batch_sizes = m.writer.batch_sizes();
    out.store_queue = m.writer.queued();
    out.leader = m.leading;
    out.uptime = std::chrono::steady_clock::now() - m.started;
    out.open_cases = static_cast<std::int64_t>(m.open.size());
    out.deadlines_pending = static_cast<std::int64_t>(m.deadlines_pending);
    out.subscribers = static_cast<std::int64_t>(m.subscribers.size());
    out.levels = m.open_by_level();
    out.rules_version = m.snap.rules->version();
    out.graph_version = m.snap.graph->version();
    m.check_calendar_years();
    out.calendar_missing_year = m.calendar_missing_year;
    done(std::move(out));
  });
}

IntakeMetrics& Engine::intake() { return impl_->intake; }

Readiness Engine::readiness() const {
  const auto& m = *impl_;
  Readiness r;
  if (m.stopped.load()) r.reasons.emplace_back("store: the daemon is stopping");
  if (m.writer.stats().last_commit_failed)
    r.reasons.emplace_back("store: the last commit failed (see the log)");
  std::pair<std::string, std::string> versions;
  std::shared_ptr<const lifecycle::WorkingCalendar> calendar;
  {
    MutexLock lock(m.versions_mu);
    versions = m.versions_copy;
    calendar = m.snap_copy.calendar;
  }
  if (versions.first.empty()) r.reasons.emplace_back("rules: no rule set loaded");
  if (versions.second.empty()) r.reasons.emplace_back("graph: no body graph loaded");
  // The calendar must hold data, not the provisional Monday–Friday fallback, for every day a
  // deadline counted today may reach soon.
  const CivilDate today = shanghai_date(m.clock.now());
  const CivilDate last = std::chrono::sys_days(today) + std::chrono::days(k_ready_calendar_days);
  for (int year = static_cast<int>(today.year()); year <= static_cast<int>(last.year()); ++year) {
    if (calendar && calendar->has_year(year)) continue;
    r.reasons.push_back(
        fmt::format("calendar: no working-day calendar for {} ({}), and the next {} days reach {}",
                    year, (m.config.calendar_dir / fmt::format("{}.toml", year)).string(),
                    k_ready_calendar_days, format_date(last)));
  }
  return r;
}

}  // namespace tiaojie::daemon::internal

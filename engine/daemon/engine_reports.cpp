// Scheduled reports (design.md §9, docs/reports.md "Schedule"): weekly, and monthly and quarterly
// ones when [reports] monthly / quarterly say so. When [reports] is enabled,
// the engine checks at start and then at each release time (default Monday 08:00 Asia/Shanghai)
// which weeks are due and not yet in the folder (report::due_weeks, which catches up weeks missed
// while the daemon was down), and starts one report thread that reads the store through its own
// read-only connection (SQLite WAL: commits go on meanwhile), computes those weeks and writes
// their files. Without a reader (an engine over a store that has no second connection) the task
// runs on the store thread instead and delays commits while it reads.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>

#include "daemon/internal/engine_impl.hpp"
#include "report/schedule.hpp"
#include "report/weekly.hpp"
#include "report/writer.hpp"
#include "support/thread_name.hpp"

namespace tiaojie::daemon::internal {
namespace {

Mutex hook_mu;
std::function<void()> hook_fn GUARDED_BY(hook_mu);

std::function<void()> report_hook() {
  MutexLock lock(hook_mu);
  return hook_fn;
}

// The reports are written in Chinese: the calendar warning of the log and `stats`, as the paper
// says it.
std::string calendar_note_zh(int missing_year) {
  if (missing_year == 0) return {};
  return fmt::format(
      "尚无{0}年工作日历（config/calendar/{0}.toml）：跨入{0}年的调解期限暂按周一至周五计算，"
      "为暂定；依国务院办公厅{0}年放假安排通知补充日历后重新计算。",
      missing_year);
}

}  // namespace

void set_report_hook(std::function<void()> hook) {
  MutexLock lock(hook_mu);
  hook_fn = std::move(hook);
}

void Engine::Impl::arm_report_timer() {
  if (stopped || !config.reports.enabled) return;
  report::WeeklySchedule schedule;
  if (!config.reports.weekly_at.empty()) {
    auto parsed = report::parse_weekly_at(config.reports.weekly_at);
    if (!parsed) {
      spdlog::error("weekly reports are off: {}", parsed.error().to_string());
      return;
    }
    schedule = *parsed;
  }
  schedule.max_catch_up = config.reports.max_catch_up;
  // On a shared store only the leader writes them (engine_shared.cpp); the others keep checking.
  if (leading) write_due_reports(schedule);
  const Timestamp now = clock.now();
  // Wake at the next release, or within the hour: a wall-clock jump is noticed, and a check that
  // finds nothing due costs one directory listing.
  Timestamp next = report::next_release(now, schedule);
  if (config.reports.monthly)
    next = std::min(next, report::next_release(report::PeriodKind::month, now, schedule));
  if (config.reports.quarterly)
    next = std::min(next, report::next_release(report::PeriodKind::quarter, now, schedule));
  const auto wait =
      std::clamp<std::chrono::seconds>(next - now, std::chrono::seconds(1), std::chrono::hours(1));
  report_timer.expires_after(wait);
  report_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) arm_report_timer();
  });
}

void Engine::Impl::write_due_reports(const report::WeeklySchedule& schedule) {
  const Timestamp now = clock.now();
  // Every period due, of every kind the configuration asks for: weeks always, months and
  // quarters when [reports] monthly / quarterly are on.
  std::vector<report::PeriodKind> kinds{report::PeriodKind::week};
  if (config.reports.monthly) kinds.push_back(report::PeriodKind::month);
  if (config.reports.quarterly) kinds.push_back(report::PeriodKind::quarter);
  std::vector<report::Period> periods;
  for (const auto kind : kinds) {
    auto last = report::last_written_period(config.reports.dir, kind);
    const auto& queued = reports_queued_through[static_cast<std::size_t>(kind)];
    if (queued && (!last || *last < *queued)) last = queued;
    const auto due = report::due_periods(kind, last, now, schedule);
    periods.insert(periods.end(), due.begin(), due.end());
  }
  if (periods.empty()) return;
  check_calendar_years();
  const auto task = [periods, now, graph = snap.graph, dir = config.reports.dir,
                     calendar_note = calendar_note_zh(calendar_missing_year),
                     calendar = snap.calendar, options = config.reports.options](store::Store& s) {
    // One read for every due period: from the earliest trend start to the latest end.
    report::Window window = report::report_window(periods.front());
    for (const auto& p : periods) {
      const auto w = report::report_window(p);
      window.from = std::min(window.from, w.from);
      window.to = std::max(window.to, w.to);
    }
    auto input = report::load_window(s, window);
    if (!input) {
      spdlog::error("scheduled report: reading the store: {}", input.error().to_string());
      return;
    }
    if (auto hook = report_hook()) hook();
    for (const auto& period : periods) {
      const auto name = report::format_period(period);
      report::ReportQuery query{period, {}, now, now, options};
      query.calendar = calendar;
      auto rep = report::compute_weekly(*input, graph.get(), query);
      if (!calendar_note.empty())
        rep.notes.push_back(calendar_note);  // next year's file is missing
      // The period's group, major and key disputes: one read of its new disputes.
      if (auto key = report::add_key_disputes(rep, s, graph.get()); !key) {
        spdlog::error("report {}: reading its disputes: {}", name, key.error().to_string());
        return;
      }
      auto written = report::write_week_files(dir, rep, report::Lang::zh);
      if (!written) {
        spdlog::error("report {}: {}", name, written.error().to_string());
        return;
      }
      spdlog::info("report {} written to {} ({} open, {} overdue)", name, dir.string(),
                   rep.total.flows.open_end, rep.total.backlog.overdue_mediation);
    }
  };
  const auto mark_queued = [&] {
    for (const auto& p : periods) {
      auto& queued = reports_queued_through[static_cast<std::size_t>(p.kind)];
      if (!queued || *queued < p) queued = p;
    }
  };
  if (!open_reader) {
    mark_queued();
    writer.run(task);
    return;
  }
  MutexLock lock(report_mu);
  if (reports_stopped) return;
  // Still writing the last ones: the next check (within the hour) picks these periods up.
  if (report_running) return;
  if (report_thread.joinable()) report_thread.join();  // finished: reap it
  mark_queued();
  report_running = true;
  report_thread = std::thread([this, task] {
    name_this_thread("tiaojie-report");
    // The cases committed lean get their projections first (the store thread writes them), so
    // that the report's reading connection counts them. Bounded: a writer that is stopping may
    // never run the task.
    auto caught_up = std::make_shared<std::promise<void>>();
    auto written = caught_up->get_future();
    writer.run([caught_up](store::Store& s) {
      if (auto r = s.catch_up(); !r)
        spdlog::error("weekly report: writing deferred projections: {}", r.error().to_string());
      caught_up->set_value();
    });
    (void)written.wait_for(std::chrono::seconds(30));
    auto reader = open_reader();
    if (reader) {
      task(**reader);
    } else {
      spdlog::error("weekly report: opening the store to read: {}", reader.error().to_string());
    }
    report_running = false;
  });
}

void Engine::Impl::stop_reports() {
  std::thread running;
  {
    MutexLock lock(report_mu);
    reports_stopped = true;
    running = std::move(report_thread);
  }
  if (running.joinable()) running.join();
}

}  // namespace tiaojie::daemon::internal

#include "lifecycle/deadline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace tiaojie::lifecycle {

using std::chrono::days;
using std::chrono::sys_days;

namespace {

// Steps one day at a time: a year has at most ~250 working days and deadlines are short, so a
// walk is simpler and no slower in practice than any jump table.
Result<CivilDate> walk(const WorkingCalendar& cal, CivilDate start, int n, days step) {
  sys_days d{start};
  while (n > 0) {
    d += step;
    auto working = cal.is_working_day(CivilDate{d});
    if (!working) return std::unexpected(working.error());
    if (*working) --n;
  }
  return CivilDate{d};
}

}  // namespace

Result<CivilDate> add_working_days(const WorkingCalendar& cal, CivilDate from, int n) {
  return walk(cal, from, n, days{1});
}

Result<CivilDate> subtract_working_days(const WorkingCalendar& cal, CivilDate to, int n) {
  return walk(cal, to, n, days{-1});
}

Result<int> working_days_between(const WorkingCalendar& cal, CivilDate from, CivilDate to) {
  int count = 0;
  for (sys_days d = sys_days{from} + days{1}; d <= sys_days{to}; d += days{1}) {
    auto working = cal.is_working_day(CivilDate{d});
    if (!working) return std::unexpected(working.error());
    if (*working) ++count;
  }
  return count;
}

Result<CivilDate> next_working_day_from(const WorkingCalendar& cal, CivilDate date) {
  auto working = cal.is_working_day(date);
  if (!working) return std::unexpected(working.error());
  if (*working) return date;
  return add_working_days(cal, date, 1);
}

CivilDate add_months(CivilDate start, int n) {
  using std::chrono::months;
  const std::chrono::year_month ym =
      std::chrono::year_month{start.year(), start.month()} + months{n};
  const std::chrono::year_month_day_last last{ym.year(), std::chrono::month_day_last{ym.month()}};
  const auto day = std::min(start.day(), last.day());
  return CivilDate{ym.year(), ym.month(), day};
}

Result<CivilDate> period_end(const WorkingCalendar& cal, CivilDate start, const Deadline& deadline,
                             int extra_units) {
  if (deadline.days < 0 || extra_units < 0) {
    return std::unexpected(invalid_input(fmt::format(
        "a deadline of {} {} and {} more", deadline.days, to_string(deadline.count), extra_units)));
  }
  switch (deadline.count) {
    case DayCount::working:
      return add_working_days(cal, start, deadline.days + extra_units);
    case DayCount::calendar:
      return next_working_day_from(cal,
                                   CivilDate{sys_days{start} + days{deadline.days + extra_units}});
    case DayCount::months:
      return next_working_day_from(
          cal, CivilDate{sys_days{add_months(start, deadline.days)} + days{extra_units}});
  }
  return std::unexpected(internal_error("unknown deadline unit"));
}

Result<int> suspended_units(const WorkingCalendar& cal, const Deadline& deadline, CivilDate since,
                            CivilDate until) {
  if (deadline.count == DayCount::working) return working_days_between(cal, since, until);
  return static_cast<int>(std::max<std::int64_t>(0, (sys_days{until} - sys_days{since}).count()));
}

Result<CivilDate> due_date(const WorkingCalendar& cal, Timestamp received_at,
                           const Deadline& deadline) {
  return period_end(cal, shanghai_date(received_at), deadline);
}

std::optional<int> missing_year(const WorkingCalendar& cal, CivilDate from, CivilDate to) {
  for (int y = static_cast<int>(from.year()); y <= static_cast<int>(to.year()); ++y) {
    if (!cal.has_year(y)) return y;
  }
  return std::nullopt;
}

std::optional<Deadline> routing_period(const Deadline& rule) {
  if (rule.from == DeadlineStart::received || rule.routing_days <= 0) return std::nullopt;
  Deadline d;
  d.days = rule.routing_days;
  d.count = DayCount::calendar;
  d.from = DeadlineStart::received;
  return d;
}

std::string provisional_reason(int year) {
  return fmt::format(
      "provisional: no working-day calendar for {} (config/calendar/{}.toml); counted "
      "Monday–Friday "
      "with no holidays until the file is added",
      year, year);
}

Timestamp overdue_at(CivilDate due) {
  return shanghai_midnight(CivilDate{sys_days{due} + days{1}});
}

CivilDate last_overdue_due(Timestamp now) {
  // Today is overdue only if its own end has passed (it never has: kept so that the answer
  // follows overdue_at whatever it says); otherwise the day before, whose end is today's start.
  const CivilDate today = shanghai_date(now);
  return overdue_at(today) <= now ? today : CivilDate{sys_days{today} - days{1}};
}

}  // namespace tiaojie::lifecycle

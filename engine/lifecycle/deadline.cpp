#include "lifecycle/deadline.hpp"

#include <fmt/format.h>

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

Result<CivilDate> effective_receipt_date(const WorkingCalendar& cal, Timestamp received_at,
                                         const OfficeHours& office) {
  const CivilDate date = shanghai_date(received_at);
  auto working = cal.is_working_day(date);
  if (!working) return std::unexpected(working.error());
  if (*working && shanghai_time_of_day(received_at) < office.close) return date;
  return add_working_days(cal, date, 1);
}

Result<CivilDate> due_date(const WorkingCalendar& cal, Timestamp received_at,
                           const Deadline& deadline, const OfficeHours& office) {
  if (deadline.days < 0) {
    return std::unexpected(invalid_input(fmt::format("a deadline of {} days", deadline.days)));
  }
  auto receipt = effective_receipt_date(cal, received_at, office);
  if (!receipt) return receipt;
  if (deadline.count == DayCount::working) return add_working_days(cal, *receipt, deadline.days);
  return next_working_day_from(cal, CivilDate{sys_days{*receipt} + days{deadline.days}});
}

Timestamp overdue_at(CivilDate due) { return shanghai_midnight(CivilDate{sys_days{due} + days{1}}); }

}  // namespace tiaojie::lifecycle

#include "lifecycle/office_hours.hpp"

namespace tiaojie::lifecycle {

using std::chrono::days;
using std::chrono::seconds;
using std::chrono::sys_days;

Result<bool> is_open(const WorkingCalendar& cal, const OfficeHours& hours, Timestamp t) {
  auto working = cal.is_working_day(shanghai_date(t));
  if (!working) return std::unexpected(working.error());
  if (!*working) return false;
  const auto s = static_cast<std::uint32_t>(shanghai_time_of_day(t).count());
  for (const auto& i : hours.intervals()) {
    if (s >= i.open && s < i.close) return true;
  }
  return false;
}

Result<Timestamp> next_opening(const WorkingCalendar& cal, const OfficeHours& hours, Timestamp t) {
  CivilDate day = shanghai_date(t);
  const auto s = static_cast<std::uint32_t>(shanghai_time_of_day(t).count());
  // The longest break between two working days is a holiday of about nine days; a year bounds it.
  for (int step = 0; step < 400; ++step) {
    auto working = cal.is_working_day(day);
    if (!working) return std::unexpected(working.error());
    if (*working) {
      for (const auto& i : hours.intervals()) {
        if (step == 0 && s >= i.close) continue;  // that interval is over today
        if (step == 0 && s >= i.open) return t;   // inside it
        return shanghai_midnight(day) + seconds{i.open};
      }
    }
    day = CivilDate{sys_days{day} + days{1}};
  }
  return std::unexpected(
      internal_error("no working day in the 400 days after " + format_timestamp(t)));
}

Result<Timestamp> close_of_business(const WorkingCalendar& cal, const OfficeHours& hours,
                                    CivilDate due) {
  auto working = cal.is_working_day(due);
  if (!working) return std::unexpected(working.error());
  if (!*working) return shanghai_midnight(CivilDate{sys_days{due} + days{1}});
  return shanghai_midnight(due) + seconds{hours.close()};
}

}  // namespace tiaojie::lifecycle

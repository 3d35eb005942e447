// When weekly reports are due (design.md §9): the daemon writes week W's report once W is over and
// the configured weekday and time have come (default Monday 08:00 Asia/Shanghai), and after
// downtime it catches up the weeks it missed. Pure: "now" and the last written week are arguments.
// Thread-safety: pure functions over values.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "report/period.hpp"
#include "report/week.hpp"

namespace tiaojie::report {

struct WeeklySchedule {
  // Day of the week after the reported week on which its report is written. Default: Monday.
  std::chrono::weekday day = std::chrono::Monday;
  // Local time (Asia/Shanghai) on that day. Default: 08:00.
  std::chrono::minutes time_of_day{8 * 60};
  // At most this many missed weeks are written after downtime, the most recent ones. Default: 4.
  int max_catch_up = 4;
};

// Parses "MON 08:00" (day: MON TUE WED THU FRI SAT SUN, any case; time HH:MM, 24 h).
// Errors: invalid_input naming what is wrong.
[[nodiscard]] Result<WeeklySchedule> parse_weekly_at(std::string_view text);

// The instant a period's report becomes due. A week: its end plus the schedule's day and time. A
// month or quarter (月报, 季报): its end plus the schedule's time of day, i.e. on the first day of
// the next month (1 December 08:00 for November; 1 January 08:00 for the fourth quarter).
[[nodiscard]] Timestamp release_time(Period period, const WeeklySchedule& schedule);

// The weeks whose report is due and not yet written, oldest first. `last_written` nullopt (a
// fresh folder): only the latest due week, never a backfill of history. Otherwise every week after
// `last_written` whose release time has come, at most `max_catch_up` of them (the most recent).
[[nodiscard]] std::vector<IsoWeek> due_weeks(std::optional<IsoWeek> last_written, Timestamp now,
                                             const WeeklySchedule& schedule);

// The first release time after `now`: when a daemon's timer should fire next.
[[nodiscard]] Timestamp next_release(Timestamp now, const WeeklySchedule& schedule);

// due_weeks and next_release for periods of any kind, with the same rules (a fresh folder gets
// only the latest due period; at most max_catch_up missed ones after downtime).
[[nodiscard]] std::vector<Period> due_periods(PeriodKind kind, std::optional<Period> last_written,
                                              Timestamp now, const WeeklySchedule& schedule);
[[nodiscard]] Timestamp next_release(PeriodKind kind, Timestamp now,
                                     const WeeklySchedule& schedule);

}  // namespace tiaojie::report

// Deadline arithmetic over the working-day calendar. Pure: dates and instants are arguments.
//
// The counting rule (docs/calendar.md has worked examples):
//  * Effective receipt date. A dispute received on a working day before the office closes counts
//    as received that day. One received after the office closes, or on a rest day or holiday,
//    counts as received on the next working day (it is registered when the office next opens).
//  * Day 1 is the day after the effective receipt date (domain.md's worked example: 10 working
//    days from Friday 2026-02-13 end on Thursday 2026-03-05).
//  * Working days count only working days (holidays skipped, make-up weekend days counted).
//  * Calendar days count every day; if the last day is not a working day, the deadline moves to
//    the next working day (Civil Code 民法典 art. 203: a period whose last day is a statutory
//    holiday ends on the day after the holiday).
//  * A case is due by the end of its due date (24:00 Asia/Shanghai, Civil Code art. 203), so it is
//    overdue from the midnight that starts the next day.
// Every function that consults the calendar returns not_found when it reaches a year with no
// calendar file.
#pragma once

#include <chrono>

#include "lifecycle/calendar.hpp"
#include "model/classification.hpp"

namespace tiaojie::lifecycle {

struct OfficeHours {
  // Local time of day the office closes; a dispute received at or after it counts from the next
  // working day. Default: 17:30 (Guangzhou offices' usual afternoon close).
  std::chrono::seconds close = std::chrono::hours{17} + std::chrono::minutes{30};
};

// The `n`-th working day after `from` (`from` itself is never counted). n = 0 gives `from`.
// REQUIRES: n >= 0.
[[nodiscard]] Result<CivilDate> add_working_days(const WorkingCalendar& calendar, CivilDate from,
                                                 int n);

// The `n`-th working day before `to` (`to` itself is never counted). n = 0 gives `to`.
// REQUIRES: n >= 0.
[[nodiscard]] Result<CivilDate> subtract_working_days(const WorkingCalendar& calendar, CivilDate to,
                                                      int n);

// The number of working days in (from, to]; 0 when to <= from.
[[nodiscard]] Result<int> working_days_between(const WorkingCalendar& calendar, CivilDate from,
                                               CivilDate to);

// `date` if it is a working day, else the next working day.
[[nodiscard]] Result<CivilDate> next_working_day_from(const WorkingCalendar& calendar, CivilDate date);

// The date a dispute received at `received_at` counts as received (rule above).
[[nodiscard]] Result<CivilDate> effective_receipt_date(const WorkingCalendar& calendar,
                                                       Timestamp received_at,
                                                       const OfficeHours& office = {});

// The due date of a deadline for a dispute received at `received_at` (rule above).
// Errors: invalid_input for a negative number of days; not_found for a year with no calendar.
[[nodiscard]] Result<CivilDate> due_date(const WorkingCalendar& calendar, Timestamp received_at,
                                         const Deadline& deadline, const OfficeHours& office = {});

// The instant a case due on `due` becomes overdue: the midnight after the due date.
[[nodiscard]] Timestamp overdue_at(CivilDate due);

}  // namespace tiaojie::lifecycle

// Office hours on the working-day calendar (docs/calendar.md "Office hours"). A body is open in
// its OfficeHours intervals on working days only: holidays are closed, make-up working days
// (调休上班) open. Pure: instants are arguments.
//
// Two uses:
//  * the instant a period ends: close of business on its last day (民法典 art. 203, 有业务时间的，
//    停止业务活动的时间为截止时间), or 24:00 when that day is not a working day;
//  * delivery: deadline notices (due soon, overdue, supervision letters 督办函) reach a body only
//    while it is open; one raised outside its hours waits for its next opening.
// Errors: not_found from a strict calendar for a year without its file (never with the
// provisional fallback the daemon uses).
#pragma once

#include "lifecycle/calendar.hpp"
#include "model/office_hours.hpp"
#include "model/time.hpp"

namespace tiaojie::lifecycle {

// True when `t` falls inside one of `hours`' intervals on a working day.
[[nodiscard]] Result<bool> is_open(const WorkingCalendar& calendar, const OfficeHours& hours,
                                   Timestamp t);

// `t` when the body is open then, else the start of its next interval (later that day, or on the
// next working day). Errors: not_found (strict calendar); internal for a calendar with no working
// day in the next 400 days.
[[nodiscard]] Result<Timestamp> next_opening(const WorkingCalendar& calendar,
                                             const OfficeHours& hours, Timestamp t);

// The instant a case due on `due` becomes overdue: close of business that day when it is a working
// day, else the midnight that ends it (art. 203).
[[nodiscard]] Result<Timestamp> close_of_business(const WorkingCalendar& calendar,
                                                  const OfficeHours& hours, CivilDate due);

}  // namespace tiaojie::lifecycle

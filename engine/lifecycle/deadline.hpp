// Deadline arithmetic over the working-day calendar. Pure: dates and instants are arguments.
//
// The counting rule, as the law says (docs/calendar.md has worked examples, each a test):
//  * The start day is the date of the start event (receipt, acceptance, start of mediation:
//    Deadline::from) in Asia/Shanghai, whatever the hour; it is never counted, day 1 is the next
//    day (民法典 Civil Code art. 201). Office hours do not move the start.
//  * Working days count only working days (holidays skipped, make-up weekend days counted).
//  * Calendar days count every day; a last day that is a rest day moves to the next working day
//    (art. 203; a make-up working day is not a rest day).
//  * Months end on the corresponding day of the last month, or on that month's last day when it
//    has none (art. 202); then moved past a rest day like calendar days (art. 203).
//  * A case is due by the end of its due date: 24:00 Asia/Shanghai (overdue_at below), or the
//    close of business of the body's office hours (art. 203; office_hours.hpp).
// With a strict calendar every function that consults it returns not_found for a year with no
// calendar file; with the provisional fallback it counts that year Monday–Friday and the caller
// marks the result provisional (missing_year).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "lifecycle/calendar.hpp"
#include "model/classification.hpp"

namespace tiaojie::lifecycle {

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
[[nodiscard]] Result<CivilDate> next_working_day_from(const WorkingCalendar& calendar,
                                                      CivilDate date);

// The corresponding day `n` months after `start`, or the last day of that month when it has none
// (art. 202: one month from 2026-01-31 ends 2026-02-28). REQUIRES: n >= 0.
[[nodiscard]] CivilDate add_months(CivilDate start, int n);

// The last day of `deadline` counted from `start`, the date of its start event (rule above),
// lengthened by `extra_units` (suspended time and extensions: working days for a working-day
// period, days otherwise, added before art. 203 moves a last day off a rest day).
// Errors: invalid_input for a negative count; not_found for a year with no calendar (strict).
[[nodiscard]] Result<CivilDate> period_end(const WorkingCalendar& calendar, CivilDate start,
                                           const Deadline& deadline, int extra_units = 0);

// The suspended time from `since` to `until` (the day the clock stopped to the day it runs again)
// in the units of `deadline`: working days in (since, until] for a working-day period, else days.
[[nodiscard]] Result<int> suspended_units(const WorkingCalendar& calendar, const Deadline& deadline,
                                          CivilDate since, CivilDate until);

// period_end from the date of `received_at` in Asia/Shanghai: the due date of a rule that counts
// from receipt (Deadline::from is not consulted).
[[nodiscard]] Result<CivilDate> due_date(const WorkingCalendar& calendar, Timestamp received_at,
                                         const Deadline& deadline);

// The first year from `from`'s to `to`'s (inclusive) that has no calendar file, or nullopt: a
// deadline counted across it is provisional.
[[nodiscard]] std::optional<int> missing_year(const WorkingCalendar& calendar, CivilDate from,
                                              CivilDate to);

// The period a case counts before its rule's start event: `rule.routing_days` calendar days from
// receipt, or nullopt when the rule sets none (or counts from receipt itself).
[[nodiscard]] std::optional<Deadline> routing_period(const Deadline& rule);

// Why a deadline counted across `year` is provisional, for acknowledgements, `get` and reports.
[[nodiscard]] std::string provisional_reason(int year);

// The instant a case due on `due` becomes overdue where there are no office hours: the midnight
// after the due date (with office hours: close_of_business, office_hours.hpp).
[[nodiscard]] Timestamp overdue_at(CivilDate due);

// The latest due date that is overdue at `now` (overdue_at(date) <= now), derived from overdue_at:
// an open case is overdue at `now` exactly when its due date is on or before it. For queries that
// select overdue cases by their stored due date (`tiaojie case list --overdue`).
[[nodiscard]] CivilDate last_overdue_due(Timestamp now);

}  // namespace tiaojie::lifecycle

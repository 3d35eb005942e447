// The period of a report: an ISO week (周报), a calendar month (月报) or a quarter (季报), in
// Asia/Shanghai. One computation serves the three (weekly.hpp): a period has a start, an end, a
// previous period of the same kind and a trend of the periods before it.
//
// A week runs Monday 00:00 to the next Monday 00:00 (week.hpp); a month from the 1st 00:00 to the
// next month's 1st 00:00; a quarter is three months starting January, April, July or October.
// Pure values and functions: no clock is read; "now" is always an argument.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/error.hpp"
#include "model/time.hpp"
#include "report/week.hpp"

namespace tiaojie::report {

enum class PeriodKind : std::uint8_t { week, month, quarter };

struct Period {
  PeriodKind kind = PeriodKind::week;
  int year = 0;         // the ISO week-numbering year for weeks, the calendar year otherwise
  unsigned number = 0;  // week 1–53, month 1–12, quarter 1–4
  constexpr Period() = default;
  constexpr Period(PeriodKind k, int y, unsigned n) : kind(k), year(y), number(n) {}
  // An ISO week, as IsoWeek{year, week}: `{2026, 47}` names 2026-W47.
  constexpr Period(int y, unsigned w) : year(y), number(w) {}
  // Implicit: every weekly caller names its week as before.
  constexpr Period(IsoWeek w) : year(w.year), number(w.week) {}  // NOLINT(google-explicit-*)
  // REQUIRES: kind == week.
  [[nodiscard]] constexpr IsoWeek iso_week() const { return IsoWeek{year, number}; }
  friend auto operator<=>(const Period&, const Period&) = default;
  friend bool operator==(const Period&, const Period&) = default;
};

// The first day of the period (a Monday for a week).
[[nodiscard]] CivilDate period_first_day(Period p);
// [start, end): 00:00 Asia/Shanghai of its first day to that of the next period's.
[[nodiscard]] Timestamp period_start(Period p);
[[nodiscard]] Timestamp period_end(Period p);
// The last day of the period (a Sunday for a week).
[[nodiscard]] CivilDate period_last_day(Period p);

// The period of the same kind `n` periods after (n < 0: before) `p`.
[[nodiscard]] Period add_periods(Period p, int n);
// The period of `kind` holding `date`.
[[nodiscard]] Period period_of(PeriodKind kind, CivilDate date);
// The last period of `kind` that has fully ended at `now` (Asia/Shanghai).
[[nodiscard]] Period last_complete_period(PeriodKind kind, Timestamp now);

// How many periods the report's trend shows, ending with the reported one: twelve weeks, twelve
// months, four quarters (a year, so that a quarter's window reads no more than a month's).
[[nodiscard]] int trend_length(PeriodKind kind);

// "2026-W48", "2026-11", "2026-Q4": also the stem of the report's file names.
[[nodiscard]] std::string format_period(Period p);
// "week", "month", "quarter".
[[nodiscard]] std::string_view to_string(PeriodKind kind);

// Parses a period of `kind`: "2026-W48" (parse_iso_week), "2026-11", "2026-Q4" (also "2026q4").
// Errors: invalid_input for any other text, month 0 or 13, quarter 0 or 5.
[[nodiscard]] Result<Period> parse_period(PeriodKind kind, std::string_view text);
// Parses any of the three forms, the kind from the text.
[[nodiscard]] Result<Period> parse_any_period(std::string_view text);

}  // namespace tiaojie::report

// ISO weeks in Asia/Shanghai: the period of a weekly report (design.md §9).
//
// An ISO week runs Monday 00:00 to the next Monday 00:00, Asia/Shanghai local time; week 1 of a
// year is the week holding that year's first Thursday ("2026-W01" starts Monday 2025-12-29).
// Pure values and functions: no clock is read; "now" is always an argument.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "model/error.hpp"
#include "model/time.hpp"

namespace tiaojie::report {

struct IsoWeek {
  int year = 0;       // the ISO week-numbering year (may differ from the calendar year)
  unsigned week = 0;  // 1 … 52 or 53
  friend auto operator<=>(const IsoWeek&, const IsoWeek&) = default;
  friend bool operator==(const IsoWeek&, const IsoWeek&) = default;
};

// The ISO week holding a civil date.
[[nodiscard]] IsoWeek iso_week_of(CivilDate date);

// The Monday that starts the week. REQUIRES: a valid week (parse_iso_week's output, or
// iso_week_of's).
[[nodiscard]] CivilDate week_monday(IsoWeek week);

// [start, end): Monday 00:00 Asia/Shanghai to the next Monday 00:00.
[[nodiscard]] Timestamp week_start(IsoWeek week);
[[nodiscard]] Timestamp week_end(IsoWeek week);

// The week `n` weeks after (n < 0: before) `week`.
[[nodiscard]] IsoWeek add_weeks(IsoWeek week, int n);

// The last week that has fully ended at `now` (Asia/Shanghai): on any day of 2026-W48, 2026-W47.
[[nodiscard]] IsoWeek last_complete_week(Timestamp now);

// "2026-W47" (zero-padded week).
[[nodiscard]] std::string format_iso_week(IsoWeek week);

// Parses "2026-W47" (also "2026-w47" and "2026W47"). Errors: invalid_input for any other text,
// for week 0, or for week 53 in a year that has only 52.
[[nodiscard]] Result<IsoWeek> parse_iso_week(std::string_view text);

}  // namespace tiaojie::report

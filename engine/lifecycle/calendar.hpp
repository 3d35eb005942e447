// The Chinese working-day calendar (工作日历): which dates are working days in Asia/Shanghai.
//
// A date is a working day when it is a make-up working day (调休上班, a Saturday or Sunday the
// State Council's notice turns into a working day), or a Monday–Friday that is not a public
// holiday. Every other date is a rest day. The data comes from one file per year,
// config/calendar/<year>.toml (format: docs/calendar.md), copied from the State Council General
// Office's yearly holiday notice. A year without a file is not guessed silently: a strict calendar
// answers not_found for it; one with the provisional fallback (what the daemon, the demo and the
// reports use) answers Monday–Friday working, no holidays, and every deadline that runs through
// such a year is marked provisional (deadline.hpp: missing_year). Adding a year is a data change
// only; a calendar change recomputes the open cases' deadlines.
//
// Thread-safety: immutable after loading; safe to share between threads (shared_ptr<const …>).
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/time.hpp"

namespace tiaojie::lifecycle {

// Saturday or Sunday: a rest day unless the year's notice makes it a make-up working day.
bool is_weekend(CivilDate d);

// One named holiday period of a year, as the notice states it.
struct Holiday {
  std::string name;                // "春节 Spring Festival"
  CivilDate first{};               // first day off
  CivilDate last{};                // last day off (inclusive)
  std::vector<CivilDate> make_up;  // weekend days worked instead (调休上班)
  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// One year's calendar data.
struct CalendarYear {
  int year = 0;
  std::string source;  // the notice it was copied from
  std::vector<Holiday> holidays;
  friend bool operator==(const CalendarYear&, const CalendarYear&) = default;
};

class WorkingCalendar {
 public:
  WorkingCalendar() = default;

  // Adds a year. Errors: conflict if the year is already present; invalid_input if a date lies
  // outside the year, a make-up day is not a Saturday or Sunday, a holiday's last day precedes its
  // first, or a date is both a day off and a make-up day.
  [[nodiscard]] Result<void> add_year(CalendarYear year);

  // Whether `date` is a working day. Errors: not_found when the date's year has no data.
  [[nodiscard]] Result<bool> is_working_day(CivilDate date) const;

  // The years with data, ascending.
  [[nodiscard]] std::vector<int> years() const;
  [[nodiscard]] bool has_year(int year) const { return years_.contains(year); }

  // With the fallback on, a year without data is answered by the provisional calendar (Monday–
  // Friday working, weekends rest, no holidays) instead of not_found. Off by default.
  void set_provisional_fallback(bool on) { provisional_fallback_ = on; }
  [[nodiscard]] bool provisional_fallback() const { return provisional_fallback_; }

  // Same years with the same data (the fallback flag is not data).
  friend bool operator==(const WorkingCalendar& a, const WorkingCalendar& b) {
    return a.years_ == b.years_;
  }

 private:
  std::map<int, CalendarYear> years_;
  std::set<std::chrono::sys_days> off_;      // holiday days
  std::set<std::chrono::sys_days> make_up_;  // weekend days worked
  bool provisional_fallback_ = false;
};

// Parses one calendar file's text. `file_name` is used in error locations ("2026.toml:12:7").
// Errors: invalid_input with file:line:column for TOML syntax, missing or mistyped fields, unknown
// fields and the checks of WorkingCalendar::add_year; also when `year` differs from the year in
// the file name, if the name is <year>.toml.
[[nodiscard]] Result<CalendarYear> parse_calendar_year(std::string_view text,
                                                       std::string_view file_name);

// Loads every <year>.toml in `dir` (other files are ignored). Errors: not_found when the directory
// does not exist or holds no calendar file; io_error when a file cannot be read; the parse errors
// above.
[[nodiscard]] Result<WorkingCalendar> load_calendar_dir(const std::filesystem::path& dir);

}  // namespace tiaojie::lifecycle

#include "report/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace tiaojie::report {
namespace {

using std::chrono::days;
using std::chrono::minutes;

constexpr std::array<std::string_view, 7> k_days = {"MON", "TUE", "WED", "THU",
                                                    "FRI", "SAT", "SUN"};

// The latest period whose release time is at or before `now`.
Period latest_due(PeriodKind kind, Timestamp now, const WeeklySchedule& s) {
  Period p = last_complete_period(kind, now);
  while (release_time(p, s) > now) p = add_periods(p, -1);
  return p;
}

}  // namespace

Result<WeeklySchedule> parse_weekly_at(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return std::unexpected(invalid_input(
        fmt::format("'{}' {}: expected a day and a time such as \"MON 08:00\"", text, why),
        "reports.weekly_at"));
  };
  if (text.size() != 9 || text[3] != ' ' || text[6] != ':') return bad("is malformed");
  std::string day(text.substr(0, 3));
  for (auto& c : day) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto it = std::find(k_days.begin(), k_days.end(), day);
  if (it == k_days.end()) return bad("has no such day");
  const auto digit = [&](std::size_t i) {
    return std::isdigit(static_cast<unsigned char>(text[i])) != 0;
  };
  if (!digit(4) || !digit(5) || !digit(7) || !digit(8)) return bad("has no HH:MM time");
  const int hh = (text[4] - '0') * 10 + (text[5] - '0');
  const int mm = (text[7] - '0') * 10 + (text[8] - '0');
  if (hh > 23 || mm > 59) return bad("has an impossible time");
  WeeklySchedule s;
  s.day = std::chrono::weekday{static_cast<unsigned>(it - k_days.begin() + 1)};
  s.time_of_day = minutes{hh * 60 + mm};
  return s;
}

Timestamp release_time(Period period, const WeeklySchedule& s) {
  if (period.kind != PeriodKind::week) return period_end(period) + s.time_of_day;
  return period_end(period) + days{s.day.iso_encoding() - 1} + s.time_of_day;
}

std::vector<Period> due_periods(PeriodKind kind, std::optional<Period> last_written, Timestamp now,
                                const WeeklySchedule& s) {
  const Period latest = latest_due(kind, now, s);
  if (!last_written) return {latest};
  std::vector<Period> out;
  for (Period p = latest; p > *last_written && static_cast<int>(out.size()) < s.max_catch_up;
       p = add_periods(p, -1)) {
    out.push_back(p);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<IsoWeek> due_weeks(std::optional<IsoWeek> last_written, Timestamp now,
                               const WeeklySchedule& s) {
  std::optional<Period> last;
  if (last_written) last = Period{*last_written};
  std::vector<IsoWeek> out;
  for (const auto& p : due_periods(PeriodKind::week, last, now, s)) out.push_back(p.iso_week());
  return out;
}

Timestamp next_release(PeriodKind kind, Timestamp now, const WeeklySchedule& s) {
  Period p = latest_due(kind, now, s);
  Timestamp t = release_time(p, s);
  while (t <= now) t = release_time(p = add_periods(p, 1), s);
  return t;
}

Timestamp next_release(Timestamp now, const WeeklySchedule& s) {
  return next_release(PeriodKind::week, now, s);
}

}  // namespace tiaojie::report

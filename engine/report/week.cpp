#include "report/week.hpp"

#include <fmt/format.h>

#include <charconv>

namespace tiaojie::report {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::weekday;

// Monday of ISO week 1 of `iso_year`: the Monday on or before January 4th.
sys_days week1_monday(int iso_year) {
  const sys_days jan4{std::chrono::year{iso_year} / std::chrono::January / 4};
  const unsigned wd = weekday{jan4}.iso_encoding();  // Monday = 1 … Sunday = 7
  return jan4 - days{wd - 1};
}

unsigned weeks_in(int iso_year) {
  return static_cast<unsigned>((week1_monday(iso_year + 1) - week1_monday(iso_year)).count() / 7);
}

}  // namespace

IsoWeek iso_week_of(CivilDate date) {
  const sys_days d{date};
  // The ISO year is the calendar year of the Thursday of the date's week.
  const sys_days thursday = d - days{weekday{d}.iso_encoding() - 1} + days{3};
  const int iso_year = static_cast<int>(CivilDate{thursday}.year());
  const auto offset = (d - week1_monday(iso_year)).count();
  return IsoWeek{iso_year, static_cast<unsigned>(offset / 7 + 1)};
}

CivilDate week_monday(IsoWeek week) {
  return CivilDate{week1_monday(week.year) + days{7 * (static_cast<int>(week.week) - 1)}};
}

Timestamp week_start(IsoWeek week) { return shanghai_midnight(week_monday(week)); }
Timestamp week_end(IsoWeek week) { return week_start(add_weeks(week, 1)); }

IsoWeek add_weeks(IsoWeek week, int n) {
  return iso_week_of(CivilDate{sys_days{week_monday(week)} + days{7 * n}});
}

IsoWeek last_complete_week(Timestamp now) { return add_weeks(iso_week_of(shanghai_date(now)), -1); }

std::string format_iso_week(IsoWeek week) { return fmt::format("{}-W{:02}", week.year, week.week); }

Result<IsoWeek> parse_iso_week(std::string_view text) {
  const auto bad = [&] {
    return std::unexpected(
        invalid_input(fmt::format("'{}' is not an ISO week such as 2026-W47", text), "--week"));
  };
  if (text.size() < 7 || text.size() > 8) return bad();
  int year = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + 4, year);
  if (ec != std::errc{} || p != text.data() + 4) return bad();
  std::size_t i = 4;
  if (text[i] == '-') ++i;
  if (i >= text.size() || (text[i] != 'W' && text[i] != 'w')) return bad();
  ++i;
  if (text.size() - i != 2) return bad();
  unsigned week = 0;
  auto [q, ec2] = std::from_chars(text.data() + i, text.data() + text.size(), week);
  if (ec2 != std::errc{} || q != text.data() + text.size()) return bad();
  if (year < 1971 || week == 0 || week > weeks_in(year)) {
    return std::unexpected(invalid_input(
        fmt::format("{} has weeks 1 to {}, not {}", year, weeks_in(year), week), "--week"));
  }
  return IsoWeek{year, week};
}

}  // namespace tiaojie::report

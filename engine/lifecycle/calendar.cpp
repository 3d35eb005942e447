#include "lifecycle/calendar.hpp"

#include <fmt/format.h>

namespace tiaojie::lifecycle {

using std::chrono::sys_days;

bool is_weekend(CivilDate d) {
  const std::chrono::weekday wd{sys_days{d}};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

Result<void> WorkingCalendar::add_year(CalendarYear year) {
  if (years_.contains(year.year)) {
    return std::unexpected(conflict(fmt::format("calendar year {} is already loaded", year.year)));
  }
  std::set<sys_days> off;
  std::set<sys_days> make_up;
  auto in_year = [&](CivilDate d) { return static_cast<int>(d.year()) == year.year; };
  for (const auto& h : year.holidays) {
    if (!h.first.ok() || !h.last.ok() || !in_year(h.first) || !in_year(h.last)) {
      return std::unexpected(
          invalid_input(fmt::format("holiday {}: its days must lie in {}", h.name, year.year)));
    }
    if (sys_days{h.last} < sys_days{h.first}) {
      return std::unexpected(
          invalid_input(fmt::format("holiday {}: last day before first", h.name)));
    }
    for (auto d = sys_days{h.first}; d <= sys_days{h.last}; d += std::chrono::days{1})
      off.insert(d);
    for (const auto& m : h.make_up) {
      if (!m.ok() || !in_year(m)) {
        return std::unexpected(invalid_input(fmt::format("holiday {}: make-up day {} is not in {}",
                                                         h.name, format_date(m), year.year)));
      }
      if (!is_weekend(m)) {
        return std::unexpected(invalid_input(fmt::format(
            "holiday {}: make-up day {} is not a Saturday or Sunday", h.name, format_date(m))));
      }
      make_up.insert(sys_days{m});
    }
  }
  for (auto d : make_up) {
    if (off.contains(d)) {
      return std::unexpected(invalid_input(fmt::format(
          "{} is both a day off and a make-up working day", format_date(CivilDate{d}))));
    }
  }
  off_.insert(off.begin(), off.end());
  make_up_.insert(make_up.begin(), make_up.end());
  years_.emplace(year.year, std::move(year));
  return ok;
}

Result<bool> WorkingCalendar::is_working_day(CivilDate date) const {
  const int y = static_cast<int>(date.year());
  if (!years_.contains(y)) {
    if (provisional_fallback_) return !is_weekend(date);
    return std::unexpected(not_found(fmt::format(
        "no working-day calendar for {} (add config/calendar/{}.toml from the State Council's "
        "holiday notice)",
        y, y)));
  }
  const sys_days d{date};
  if (make_up_.contains(d)) return true;
  if (off_.contains(d)) return false;
  return !is_weekend(date);
}

std::vector<int> WorkingCalendar::years() const {
  std::vector<int> out;
  for (const auto& [y, data] : years_) out.push_back(y);
  return out;
}

}  // namespace tiaojie::lifecycle

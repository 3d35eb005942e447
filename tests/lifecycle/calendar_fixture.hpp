// The shipped calendar files, loaded once for the lifecycle tests.
#pragma once

#include "lifecycle/calendar.hpp"
#include "support/paths.hpp"

namespace tiaojie::test {

inline const lifecycle::WorkingCalendar& shipped_calendar() {
  static const lifecycle::WorkingCalendar calendar = [] {
    auto loaded = lifecycle::load_calendar_dir(source_dir() / "config" / "calendar");
    if (!loaded) throw std::runtime_error(loaded.error().to_string());
    return *loaded;
  }();
  return calendar;
}

inline CivilDate date(const char* text) { return *parse_date(text); }

}  // namespace tiaojie::test

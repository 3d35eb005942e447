// The working-day calendar loader (lifecycle/calendar.hpp): one <year>.toml file's text, then
// the year added to a calendar and every day of it asked about, as deadlines do.
#include <chrono>

#include "fuzz/fuzz_support.hpp"
#include "lifecycle/calendar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tiaojie;
  namespace chr = std::chrono;
  auto year = lifecycle::parse_calendar_year(fuzz::as_text(data, size), "calendar.toml");
  if (!year) return 0;
  const int y = year->year;
  lifecycle::WorkingCalendar calendar;
  if (!calendar.add_year(std::move(*year))) return 0;
  const chr::sys_days first{chr::year{y} / chr::January / 1};
  const chr::sys_days last{chr::year{y} / chr::December / 31};
  for (chr::sys_days day = first; day <= last; day += chr::days{1}) {
    auto working = calendar.is_working_day(CivilDate{day});
    fuzz::require(working.has_value(), "every day of a loaded year is answered");
  }
  return 0;
}

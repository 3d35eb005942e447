#include "report/week.hpp"

#include <doctest/doctest.h>

#include "lifecycle/event_builders.hpp"

using namespace tiaojie;
using namespace tiaojie::report;

TEST_CASE("ISO weeks follow the first-Thursday rule") {
  CHECK(iso_week_of(*parse_date("2026-11-16")) == IsoWeek{2026, 47});
  CHECK(iso_week_of(*parse_date("2026-11-22")) == IsoWeek{2026, 47});
  CHECK(iso_week_of(*parse_date("2025-12-29")) == IsoWeek{2026, 1});
  CHECK(iso_week_of(*parse_date("2021-01-03")) == IsoWeek{2020, 53});
  CHECK(format_date(week_monday({2026, 1})) == "2025-12-29");
  CHECK(format_date(week_monday({2026, 47})) == "2026-11-16");
  CHECK(add_weeks({2026, 1}, -1) == IsoWeek{2025, 52});
  CHECK(add_weeks({2020, 52}, 1) == IsoWeek{2020, 53});
}

TEST_CASE("a week runs from Monday 00:00 to the next Monday 00:00 in Asia/Shanghai") {
  CHECK(week_start({2026, 47}) == test::at("2026-11-16T00:00:00+08:00"));
  CHECK(week_end({2026, 47}) == test::at("2026-11-23T00:00:00+08:00"));
  CHECK(week_start({2026, 47}) == test::at("2026-11-15T16:00:00Z"));
}

TEST_CASE("the default week is the last one that has fully ended in Shanghai") {
  CHECK(last_complete_week(test::at("2026-11-25T10:00:00+08:00")) == IsoWeek{2026, 47});
  CHECK(last_complete_week(test::at("2026-11-23T00:00:00+08:00")) == IsoWeek{2026, 47});
  // Sunday 23:59 in Shanghai: W47 is not over yet.
  CHECK(last_complete_week(test::at("2026-11-22T23:59:59+08:00")) == IsoWeek{2026, 46});
  // Sunday 17:00 UTC is already Monday in Shanghai.
  CHECK(last_complete_week(test::at("2026-11-22T17:00:00Z")) == IsoWeek{2026, 47});
}

TEST_CASE("ISO week text parses and prints, anything else is a clear error") {
  CHECK(parse_iso_week("2026-W47") == IsoWeek{2026, 47});
  CHECK(parse_iso_week("2026w05") == IsoWeek{2026, 5});
  CHECK(format_iso_week({2026, 5}) == "2026-W05");
  CHECK(parse_iso_week("2020-W53") == IsoWeek{2020, 53});
  for (const char* bad : {"2027-W53", "2026-W00", "2026-47", "W47", "2026-W4", "2026-W047", ""}) {
    CAPTURE(bad);
    auto r = parse_iso_week(bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::invalid_input);
    CHECK(r.error().where == "--week");
  }
  CHECK(parse_iso_week("2027-W53").error().message == "2027 has weeks 1 to 52, not 53");
  CHECK(parse_iso_week("2026-W53") == IsoWeek{2026, 53});  // 2026 starts on a Thursday
}

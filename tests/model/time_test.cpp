#include "model/time.hpp"

#include <doctest/doctest.h>

using namespace tiaojie;
using namespace std::chrono;

TEST_CASE("timestamps parse in every usual RFC 3339 form to the same instant") {
  auto a = parse_timestamp("2026-11-24T09:30:00+08:00");
  REQUIRE(a);
  CHECK(parse_timestamp("2026-11-24T01:30:00Z") == a);
  CHECK(parse_timestamp("2026-11-24T01:30:00.123Z") == a);
  CHECK(parse_timestamp("2026-11-24 09:30:00+0800") == a);
  CHECK(parse_timestamp("2026-11-24T09:30:00") == a);  // naive: Asia/Shanghai
  CHECK(parse_timestamp("2026-11-24T09:30") == a);
  CHECK(parse_timestamp("2026-11-23T20:30:00-05:00") == a);
}

TEST_CASE("malformed or impossible timestamps are refused") {
  for (const char* bad :
       {"yesterday", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-24",
        "2026-11-24T25:00:00Z", "2026-11-24T09:30:00+08:00x", "",
        // signs where digits belong (from_chars would read "-1" as a number)
        "2026-01-01T-1:00:00+08:00", "2026-01-01T09:-5:00+08:00", "2026-01-01T09:05:-1+08:00",
        "-026-01-01T09:00:00Z", "2026-+1-01T09:00:00Z", "2026-01-01T09:00:00+-8:00"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_timestamp(bad));
  }
}

TEST_CASE("Shanghai dates roll over at local midnight, not UTC midnight") {
  auto t = *parse_timestamp("2026-11-24T16:30:00Z");  // 00:30 on the 25th in Shanghai
  CHECK(shanghai_date(t) == CivilDate{2026y, November, 25d});
  CHECK(shanghai_time_of_day(t) == 30min);
  CHECK(format_timestamp(t) == "2026-11-25T00:30:00+08:00");
  CHECK(shanghai_midnight(CivilDate{2026y, November, 25d}) ==
        *parse_timestamp("2026-11-24T16:00:00Z"));
}

TEST_CASE("dates format and parse as YYYY-MM-DD") {
  CHECK(format_date(CivilDate{2026y, February, 5d}) == "2026-02-05");
  CHECK(parse_date("2026-02-05") == CivilDate{2026y, February, 5d});
  CHECK_FALSE(parse_date("2026-2-5"));
  CHECK_FALSE(parse_date("2026-02-30"));
  CHECK_FALSE(parse_date("2026--1-05"));
  CHECK_FALSE(parse_date("+026-01-05"));
}

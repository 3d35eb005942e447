#include "lifecycle/calendar.hpp"

#include <doctest/doctest.h>

#include "lifecycle/calendar_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::lifecycle;
using tiaojie::test::date;

namespace {

bool working(const char* d) {
  auto r = test::shipped_calendar().is_working_day(date(d));
  REQUIRE(r.has_value());
  return *r;
}

}  // namespace

TEST_CASE("the shipped calendars cover 2025 and 2026 and cite their notices") {
  const auto& cal = test::shipped_calendar();
  CHECK(cal.years() == std::vector<int>{2025, 2026});
}

TEST_CASE("2026 Spring Festival: 15–23 Feb off, Saturdays 14 and 28 Feb worked") {
  CHECK(working("2026-02-13"));  // Fri
  CHECK(working("2026-02-14"));  // Sat, make-up
  for (const char* d : {"2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
                        "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"}) {
    CAPTURE(d);
    CHECK_FALSE(working(d));
  }
  CHECK(working("2026-02-24"));        // Tue
  CHECK(working("2026-02-28"));        // Sat, make-up
  CHECK_FALSE(working("2026-03-01"));  // ordinary Sunday
}

TEST_CASE(
    "2026 National Day: 1–7 Oct off, Sun 20 Sep and Sat 10 Oct worked, Mid-Autumn 25–27 Sep off") {
  CHECK(working("2026-09-20"));
  CHECK_FALSE(working("2026-09-25"));  // Fri, Mid-Autumn
  CHECK_FALSE(working("2026-09-26"));
  CHECK(working("2026-09-28"));
  for (int d = 1; d <= 7; ++d) {
    CAPTURE(d);
    CHECK_FALSE(*test::shipped_calendar().is_working_day(
        CivilDate{std::chrono::year{2026}, std::chrono::October, std::chrono::day(d)}));
  }
  CHECK(working("2026-10-08"));
  CHECK(working("2026-10-10"));        // Sat, make-up
  CHECK_FALSE(working("2026-10-11"));  // ordinary Sunday
}

TEST_CASE(
    "2025: Sun 26 Jan and Sat 8 Feb worked around the Spring Festival, National Day to 8 Oct") {
  CHECK(working("2025-01-26"));
  CHECK_FALSE(working("2025-01-28"));
  CHECK_FALSE(working("2025-02-04"));
  CHECK(working("2025-02-08"));
  CHECK(working("2025-04-27"));
  CHECK_FALSE(working("2025-10-08"));
  CHECK(working("2025-10-11"));
}

TEST_CASE("a year without a calendar file is not_found, never guessed") {
  auto r = test::shipped_calendar().is_working_day(date("2027-01-04"));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::not_found);
  CHECK(r.error().message.find("2027") != std::string::npos);
}

TEST_CASE("calendar file errors carry file:line:column") {
  SUBCASE("a make-up day that is a weekday") {
    auto r = parse_calendar_year(
        "year = 2026\nsource = \"x\"\n[[holiday]]\nname = \"n\"\nfirst = 2026-02-15\nlast = "
        "2026-02-16\n"
        "make_up = [2026-02-13]\n",
        "2026.toml");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().where == "2026.toml:7:12");
    CHECK(r.error().message.find("not a Saturday or Sunday") != std::string::npos);
  }
  SUBCASE("a year that does not match the file name") {
    auto r = parse_calendar_year(
        "year = 2025\nsource = \"x\"\n[[holiday]]\nname = \"n\"\nfirst = 2025-01-01\nlast = "
        "2025-01-01\n",
        "2026.toml");
    CHECK(r.error().where == "2026.toml:1:8");
  }
  SUBCASE("an unknown field") {
    auto r = parse_calendar_year(
        "year = 2026\nsource = \"x\"\n[[holiday]]\nname = \"n\"\nfirst = 2026-01-01\nlast = "
        "2026-01-01\nlenght = 3\n",
        "2026.toml");
    CHECK(r.error().where == "2026.toml:7:10");
    CHECK(r.error().message.find("lenght") != std::string::npos);
  }
  SUBCASE("TOML syntax") {
    auto r = parse_calendar_year("year = = 2026\n", "2026.toml");
    CHECK(r.error().code == ErrorCode::invalid_input);
    CHECK(r.error().where.rfind("2026.toml:1:", 0) == 0);
  }
  SUBCASE("a day off that is also a make-up day") {
    auto r = parse_calendar_year(
        "year = 2026\nsource = \"x\"\n[[holiday]]\nname = \"n\"\nfirst = 2026-02-14\nlast = "
        "2026-02-16\nmake_up = [2026-02-14]\n",
        "2026.toml");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("both") != std::string::npos);
  }
  SUBCASE("a date outside the year") {
    auto r = parse_calendar_year(
        "year = 2026\nsource = \"x\"\n[[holiday]]\nname = \"n\"\nfirst = 2025-12-31\nlast = "
        "2026-01-01\n",
        "2026.toml");
    CHECK(r.error().where == "2026.toml:5:9");
  }
}

TEST_CASE("a missing calendar directory is not_found") {
  auto r = load_calendar_dir(test::source_dir() / "no-such-calendar-dir");
  CHECK(r.error().code == ErrorCode::not_found);
}

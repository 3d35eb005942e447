#include "report/schedule.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "report/report_fixture.hpp"
#include "report/writer.hpp"

using namespace tiaojie;
using namespace tiaojie::report;
using test::at;

TEST_CASE("the schedule's text form parses, anything else names the key") {
  auto s = parse_weekly_at("MON 08:00");
  REQUIRE(s.has_value());
  CHECK(s->day == std::chrono::Monday);
  CHECK(s->time_of_day == std::chrono::minutes{480});
  CHECK(parse_weekly_at("tue 17:30")->day == std::chrono::Tuesday);
  for (const char* bad : {"", "MON 8:00", "MOO 08:00", "MON 24:00", "MON 08:60", "MON-08:00"}) {
    CAPTURE(bad);
    auto r = parse_weekly_at(bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().where == "reports.weekly_at");
  }
}

TEST_CASE("a week's report is due on the Monday after it, at 08:00 Shanghai") {
  const WeeklySchedule s;  // MON 08:00
  CHECK(release_time({2026, 47}, s) == at("2026-11-23T08:00:00+08:00"));
  // Monday 07:59: W47 is over but not yet due; W46 is the latest due.
  CHECK(due_weeks(std::nullopt, at("2026-11-23T07:59:59+08:00"), s) ==
        std::vector<IsoWeek>{{2026, 46}});
  CHECK(due_weeks(std::nullopt, at("2026-11-23T08:00:00+08:00"), s) ==
        std::vector<IsoWeek>{{2026, 47}});
  // Already written: nothing to do until next Monday.
  CHECK(due_weeks(IsoWeek{2026, 47}, at("2026-11-27T12:00:00+08:00"), s).empty());
  CHECK(next_release(at("2026-11-23T08:00:00+08:00"), s) == at("2026-11-30T08:00:00+08:00"));
  CHECK(next_release(at("2026-11-23T07:00:00+08:00"), s) == at("2026-11-23T08:00:00+08:00"));
}

TEST_CASE("after downtime the missed weeks are caught up, oldest first, within the cap") {
  WeeklySchedule s;
  // Last written W45; down until Wednesday of W49: W46, W47 and W48 are due.
  CHECK(due_weeks(IsoWeek{2026, 45}, at("2026-12-02T10:00:00+08:00"), s) ==
        std::vector<IsoWeek>{{2026, 46}, {2026, 47}, {2026, 48}});
  s.max_catch_up = 2;
  CHECK(due_weeks(IsoWeek{2026, 45}, at("2026-12-02T10:00:00+08:00"), s) ==
        std::vector<IsoWeek>{{2026, 47}, {2026, 48}});
  // Across the year end: 2026 has 53 ISO weeks.
  s.max_catch_up = 4;
  CHECK(due_weeks(IsoWeek{2026, 52}, at("2027-01-12T09:00:00+08:00"), s) ==
        std::vector<IsoWeek>{{2026, 53}, {2027, 1}});
  // A Friday schedule: W47's report is due Friday 11-27 18:00.
  auto fri = *parse_weekly_at("FRI 18:00");
  CHECK(release_time({2026, 47}, fri) == at("2026-11-27T18:00:00+08:00"));
  CHECK(due_weeks(IsoWeek{2026, 46}, at("2026-11-27T17:00:00+08:00"), fri).empty());
}

TEST_CASE("the writer puts every format of the week in the folder, the JSON marks it done") {
  store::MemoryStore s;
  test::write_fixture(s);
  auto input = load_input(s);
  REQUIRE(input.has_value());
  const auto graph = test::mini_graph();
  const auto rep = compute_weekly(*input, graph.get(), ReportQuery{{2026, 47}, {}, {}});
  test::TempDir dir;
  const std::filesystem::path folder = dir.file("reports");
  CHECK_FALSE(last_written_week(folder).has_value());
  auto written = write_week_files(folder, rep, Lang::zh);
  REQUIRE(written.has_value());
  CHECK(written->size() ==
        3 + 13 + 1);  // md, html, json, 13 CSV files, the workbook  // one CSV file per table
  CHECK(std::filesystem::file_size(folder / "report-2026-W47-bodies.csv") > 100);
  for (const char* ext : {".md", ".json", ".html"}) {
    CAPTURE(ext);
    CHECK(std::filesystem::file_size(folder / (std::string("2026-W47") + ext)) > 100);
    CHECK_FALSE(std::filesystem::exists(folder / (std::string("2026-W47") + ext + ".tmp")));
  }
  std::ofstream(folder / "notes.json") << "{}";
  std::ofstream(folder / "2026-W50.md") << "#";  // no .json: not a complete set
  CHECK(last_written_week(folder) == IsoWeek{2026, 47});

  std::filesystem::create_directories(dir.file("blocked"));
  std::ofstream(dir.file("blocked/2026-W47.md")) << "x";
  std::filesystem::create_directories(dir.file("blocked/2026-W47.md.tmp"));  // cannot be a file
  auto refused = write_week_files(dir.file("blocked"), rep, Lang::zh);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::io_error);
}

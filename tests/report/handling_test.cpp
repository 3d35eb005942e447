// Handling time in working days (report/handling.hpp), on the shipped 2026 calendar (config/
// calendar/2026.toml: National Day 10-01 – 10-07 off, Sun 09-20 and Sat 10-10 worked, Mid-Autumn
// Fri 09-25 off). Every figure below is counted by hand, day by day.
#include "report/handling.hpp"

#include <doctest/doctest.h>

#include "lifecycle/calendar.hpp"
#include "report/render.hpp"
#include "report/report_fixture.hpp"
#include "report/weekly.hpp"
#include "report/writer.hpp"
#include "support/paths.hpp"

using namespace tiaojie;
using namespace tiaojie::report;
using test::at;

namespace {

std::shared_ptr<const lifecycle::WorkingCalendar> calendar() {
  static const auto cal = [] {
    auto c = lifecycle::load_calendar_dir(test::source_dir() / "config" / "calendar");
    REQUIRE(c.has_value());
    return std::make_shared<const lifecycle::WorkingCalendar>(std::move(*c));
  }();
  return cal;
}

std::int64_t days_taken(const char* received, const char* resolved,
                        std::vector<Suspension> suspended = {}) {
  auto d = handling_working_days(*calendar(), at(received), at(resolved), suspended);
  REQUIRE(d.has_value());
  return *d;
}

// H1 a1: received Mon 09-28, suspended 09-30, resumed 10-09, resolved Mon 10-12: (09-28, 10-12]
//    holds 09-29, 09-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12 = 6; the suspension
//    (09-30, 10-09] holds 10-08, 10-09 = 2 (the holiday inside costs nothing): 4.
// H2 a1: received Fri 10-09, resolved Sat 10-10 (make-up): 1.
// H3 a2: received and resolved on Thu 10-15: 0.
// H4 b3: received Tue 09-01, resolved Wed 09-30: 21 (the weekdays of 09-02 … 09-30 but Fri 09-25,
//    plus Sun 09-20): September, the month before.
// H5 b.committee: failed 10-20 (not 调解成功): not counted. H6 a1: still open: not counted.
// H7 d.labour: received Mon 09-21, resolved Wed 10-14: 09-22 … 09-24 (3), 09-28 … 09-30 (3),
//    10-08 … 10-10 (3), 10-12 … 10-14 (3) = 12.
void write_cases(store::Store& s) {
  using namespace lifecycle;
  using test::ev;
  const auto h1 =
      test::open_case(s, "H1", "2026-09-28T10:00:00+08:00", "a1", "neighbour", "2026-10-28");
  test::more(s, h1,
             {ev(Accepted{}, "2026-09-28T11:00:00+08:00", "a1"),
              ev(MediationStarted{}, "2026-09-28T11:00:00+08:00", "a1"),
              ev(Suspended{"鉴定"}, "2026-09-30T10:00:00+08:00", "a1"),
              ev(Resumed{parse_date("2026-11-02"), 2, 0}, "2026-10-09T10:00:00+08:00", "a1"),
              ev(Resolved{"和解", false}, "2026-10-12T16:00:00+08:00", "a1")});
  const auto h2 =
      test::open_case(s, "H2", "2026-10-09T10:00:00+08:00", "a1", "neighbour", "2026-11-09");
  test::more(s, h2,
             {ev(Accepted{}, "2026-10-09T11:00:00+08:00", "a1"),
              ev(MediationStarted{}, "2026-10-09T11:00:00+08:00", "a1"),
              ev(Resolved{"和解", false}, "2026-10-10T15:00:00+08:00", "a1")});
  const auto h3 =
      test::open_case(s, "H3", "2026-10-15T10:00:00+08:00", "a2", "neighbour", "2026-11-15");
  test::more(s, h3,
             {ev(Accepted{}, "2026-10-15T11:00:00+08:00", "a2"),
              ev(MediationStarted{}, "2026-10-15T11:00:00+08:00", "a2"),
              ev(Resolved{"和解", false}, "2026-10-15T16:00:00+08:00", "a2")});
  const auto h4 =
      test::open_case(s, "H4", "2026-09-01T10:00:00+08:00", "b3", "other", "2026-10-01");
  test::more(s, h4,
             {ev(Accepted{}, "2026-09-01T11:00:00+08:00", "b3"),
              ev(MediationStarted{}, "2026-09-01T11:00:00+08:00", "b3"),
              ev(Resolved{"和解", false}, "2026-09-30T10:00:00+08:00", "b3")});
  const auto h5 =
      test::open_case(s, "H5", "2026-10-08T10:00:00+08:00", "b.committee", "labour", "2026-11-08");
  test::more(
      s, h5,
      {ev(Accepted{}, "2026-10-08T11:00:00+08:00", "b.committee"),
       ev(Failed{NextRoute::arbitration, "分歧大"}, "2026-10-20T10:00:00+08:00", "b.committee")});
  test::open_case(s, "H6", "2026-10-08T10:00:00+08:00", "a1", "neighbour", "2026-11-08");
  const auto h7 =
      test::open_case(s, "H7", "2026-09-21T10:00:00+08:00", "d.labour", "labour", "2026-10-21");
  test::more(s, h7,
             {ev(Accepted{}, "2026-09-21T11:00:00+08:00", "d.labour"),
              ev(MediationStarted{}, "2026-09-21T11:00:00+08:00", "d.labour"),
              ev(Resolved{"补发", false}, "2026-10-14T10:00:00+08:00", "d.labour")});
}

WeeklyReport report_of(store::Store& s, Period period, ReportScope scope = {}) {
  static const auto graph = test::mini_graph();
  ReportQuery query{period, std::move(scope), at("2026-11-03T08:00:00+08:00")};
  query.calendar = calendar();
  auto input = load_window(s, report_window(period));
  REQUIRE(input.has_value());
  return compute_weekly(*input, graph.get(), query);
}

const HandlingRow* find(const std::vector<HandlingRow>& rows, std::string_view key) {
  for (const auto& r : rows) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

const HandlingRow& row(const std::vector<HandlingRow>& rows, std::string_view key) {
  const auto* r = find(rows, key);
  REQUIRE_MESSAGE(r != nullptr, key);
  return *r;
}

}  // namespace

TEST_CASE("handling time counts working days after the day of receipt") {
  CHECK(days_taken("2026-10-15T10:00:00+08:00", "2026-10-15T16:00:00+08:00") == 0);  // same day
  CHECK(days_taken("2026-11-13T23:00:00+08:00", "2026-11-16T01:00:00+08:00") == 1);  // Fri → Mon
  CHECK(days_taken("2026-09-30T10:00:00+08:00", "2026-10-08T10:00:00+08:00") == 1);  // holiday
  CHECK(days_taken("2026-10-09T10:00:00+08:00", "2026-10-10T15:00:00+08:00") == 1);  // make-up Sat
  CHECK(days_taken("2026-09-19T10:00:00+08:00", "2026-09-20T10:00:00+08:00") == 1);  // make-up Sun
  CHECK(days_taken("2026-10-10T10:00:00+08:00", "2026-10-11T10:00:00+08:00") == 0);  // Sunday off
  // A suspension over the holiday subtracts only the working days it stopped.
  CHECK(days_taken("2026-09-28T10:00:00+08:00", "2026-10-12T16:00:00+08:00",
                   {{at("2026-09-30T10:00:00+08:00"), at("2026-10-09T10:00:00+08:00")}}) == 4);
  // Still suspended at resolution: stopped up to it, never below 0.
  CHECK(days_taken("2026-10-12T10:00:00+08:00", "2026-10-16T10:00:00+08:00",
                   {{at("2026-10-13T10:00:00+08:00"), at("2026-10-30T10:00:00+08:00")}}) == 1);
  CHECK(days_taken("2026-10-12T10:00:00+08:00", "2026-10-13T10:00:00+08:00",
                   {{at("2026-10-12T09:00:00+08:00"), at("2026-10-13T10:00:00+08:00")}}) == 0);
}

TEST_CASE_TEMPLATE("handling time per body, level and street, against the month before", B,
                   test::MemoryBackend, test::SqliteBackend) {
  B backend;
  auto s = backend.open();
  write_cases(*s);
  const auto rep = report_of(*s, Period{PeriodKind::month, 2026, 10});
  const auto& h = rep.handling;
  CHECK_FALSE(h.provisional);
  // October: H1 4, H2 1, H3 0, H7 12 (H5 failed, H6 open). September: H4 21.
  CHECK(h.total.current.cases == 4);
  CHECK(*h.total.current.mean == doctest::Approx(4.25));
  CHECK(h.total.current.median == 1);  // nearest rank: the 2nd of 0, 1, 4, 12
  CHECK(h.total.current.p90 == 12);
  CHECK(h.total.previous.cases == 1);
  CHECK(h.total.previous.median == 21);

  const auto* a1 = find(h.bodies, "a1");
  REQUIRE(a1 != nullptr);
  CHECK(a1->current.cases == 2);
  CHECK(*a1->current.mean == doctest::Approx(2.5));
  CHECK(a1->previous.cases == 0);
  CHECK_FALSE(a1->previous.mean.has_value());
  CHECK(find(h.bodies, "b.committee") == nullptr);  // failed only: no handling time
  const auto* b3 = find(h.bodies, "b3");
  REQUIRE(b3 != nullptr);
  CHECK(b3->current.cases == 0);
  CHECK(b3->previous.p90 == 21);

  const auto* community = find(h.levels, "community");
  REQUIRE(community != nullptr);
  CHECK(community->current.cases == 3);
  CHECK(*community->current.mean == doctest::Approx(5.0 / 3.0));
  CHECK(community->current.median == 1);
  CHECK(community->current.p90 == 4);
  CHECK(row(h.levels, "district").current.median == 12);
  CHECK(row(h.streets, "甲街道").current.cases == 3);
  CHECK(row(h.streets, "乙街道").previous.cases == 1);
  CHECK(row(h.streets, "区级").current.p90 == 12);

  // The week of 10-12 … 10-18 (2026-W42): H1, H7, H3; the week before: H2.
  const auto week = report_of(*s, IsoWeek{2026, 42});
  CHECK(week.handling.total.current.cases == 3);
  CHECK(week.handling.total.current.median == 4);
  CHECK(week.handling.total.previous.cases == 1);

  // A street's scope keeps its bodies only.
  const auto street = report_of(*s, Period{PeriodKind::month, 2026, 10}, ReportScope{{}, {}, "甲"});
  CHECK(street.handling.total.current.cases == 3);
  CHECK(street.handling.bodies.size() == 2);
}

TEST_CASE("handling time without a calendar is counted Monday to Friday and marked provisional") {
  test::MemoryBackend backend;
  auto s = backend.open();
  write_cases(*s);
  static const auto graph = test::mini_graph();
  auto input = load_window(*s, report_window(Period{PeriodKind::month, 2026, 10}));
  REQUIRE(input.has_value());
  const auto rep = compute_weekly(*input, graph.get(), {Period{PeriodKind::month, 2026, 10}});
  CHECK(rep.handling.provisional);
  // H2 received Fri 10-09, resolved Sat 10-10: no make-up day without the calendar.
  const auto* a1 = find(rep.handling.bodies, "a1");
  REQUIRE(a1 != nullptr);
  CHECK(a1->current.cases == 2);
}

TEST_CASE("handling time is shown in every format") {
  test::MemoryBackend backend;
  auto s = backend.open();
  write_cases(*s);
  const auto rep = report_of(*s, Period{PeriodKind::month, 2026, 10});
  const auto md = render(rep, Format::markdown, Lang::zh);
  CHECK(md.find("办理时长") != std::string::npos);
  // 4.25 is shown 4.2: one decimal, rounded half to even (exact in binary).
  CHECK(md.find("| 合计 | 全部 | all | 4 | 4.2 | 1 | 12 | 1 | 21.0 | 21 | 21 | -16.8 |") !=
        std::string::npos);
  CHECK(md.find("| 单位 | 三社区人民调解委员会 | b3 | 0 |  |  |  | 1 | 21.0 | 21 | 21 |  |") !=
        std::string::npos);
  const auto json = render(rep, Format::json, Lang::en);
  CHECK(json.find(R"("handling":{"provisional":false,"total":{"key":"all",)") != std::string::npos);
  CHECK_MESSAGE(
      json.find(R"("current":{"cases":4,"mean":4.25E0,"median":1,"p90":12})") != std::string::npos,
      json.substr(json.find("\"handling\""), 300));
  const auto files = render_csv_files(rep, Lang::zh);
  const auto it = std::find_if(files.begin(), files.end(),
                               [](const CsvFile& f) { return f.name == "handling"; });
  REQUIRE(it != files.end());
  CHECK(it->text.find("\r\n合计,全部,all,4,4.2,1,12,1,21.0,21,21,-16.8\r\n") != std::string::npos);
  CHECK(it->text.find("\r\n层级,社区级,community,3,1.7,1,4,1,21.0,21,21,-19.3\r\n") !=
        std::string::npos);
  CHECK(render(rep, Format::html, Lang::zh).find("办理时长") != std::string::npos);
}

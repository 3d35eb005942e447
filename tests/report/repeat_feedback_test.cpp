// Repeats (重复信访) and satisfaction (满意率) in the weekly report: a hand-made week on the mini
// graph whose figures are worked out below, the same from the event fold and from the store's
// report view, and the same in the JSON, CSV and Markdown.
//
// 2026-W47 (Mon 11-16 – Sun 11-22), all walk_in on the mini graph:
//   R1 a1 neighbour, received 11-02, resolved 11-10; feedback 满意 11-17            → a1 rating
//   R2 a1 neighbour, received 11-17, repeats R1                                      → a1 repeat
//   R3 a2 neighbour, received 11-18, repeats R1 and R2                               → a2 repeat
//   R4 b3 other, received 11-18, resolved 11-19; 不满意 11-20, 基本满意 11-21       → b3 2 ratings
//   R5 a1 neighbour, received 11-12, resolved 11-19 10:00; 基本满意 11-19 10:00 (same instant)
//   R6 a1 neighbour, received 11-23 (next week), repeats R2; R2 gets no rating: nothing in W47
// Expected: repeats a1 1, a2 1, street 甲街道 2, total 2. Ratings a1 满意 1 + 基本满意 1 → 100% of
// 2; b3 不满意 1 + 基本满意 1 → 50% of 2; 甲街道 100% of 2, 乙街道 50% of 2; total 3 of 4 = 75%.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "report/render.hpp"
#include "report/report_fixture.hpp"
#include "report/weekly.hpp"

using namespace tiaojie;
using namespace tiaojie::report;
using namespace tiaojie::lifecycle;
using test::ev;

#define BACKENDS test::MemoryBackend, test::SqliteBackend

namespace {

// A new case like test::open_case, repeating `earlier`.
std::int64_t repeat_case(store::Store& s, const std::string& ext, const char* when,
                         const std::string& body, std::vector<std::int64_t> earlier) {
  Dispute d;
  d.external_id = ext;
  d.channel = "walk_in";
  d.received_at = test::at(when);
  d.description = "邻居漏水纠纷";
  Classification c;
  c.category = "neighbour";
  Assignment a;
  a.lead = BodyId{body};
  Submitted sub{"walk_in", ext, test::at(when)};
  for (auto id : earlier) sub.repeat_of.push_back({CaseId{id}, RepeatReason::same_party});
  sub.repeat_keys = {"p:00"};
  std::vector<Event> events{ev(sub, when), ev(Classified{c, std::nullopt}, when),
                            ev(Assigned{a}, when, body)};
  std::vector<store::Change> batch{store::NewCase{d, dispute_to_json_text(d), std::move(events)}};
  auto r = s.commit(batch);
  REQUIRE(r.has_value());
  REQUIRE((*r)[0].has_value());
  return (*r)[0]->case_id.value;
}

void resolve(store::Store& s, std::int64_t id, const char* when, const std::string& body) {
  test::more(s, id,
             {ev(Accepted{}, when, body), ev(MediationStarted{}, when, body),
              ev(Resolved{"已调解", false}, when, body)});
}

void rate(store::Store& s, std::int64_t id, Satisfaction r, const char* when) {
  test::more(s, id, {ev(FeedbackGiven{r, "phone", "回访"}, when)});
}

void write_repeat_week(store::Store& s) {
  const auto r1 = test::open_case(s, "R1", "2026-11-02T10:00:00+08:00", "a1", "neighbour", nullptr);
  resolve(s, r1, "2026-11-10T10:00:00+08:00", "a1");
  rate(s, r1, Satisfaction::satisfied, "2026-11-17T10:00:00+08:00");
  const auto r2 = repeat_case(s, "R2", "2026-11-17T11:00:00+08:00", "a1", {r1});
  repeat_case(s, "R3", "2026-11-18T11:00:00+08:00", "a2", {r1, r2});
  const auto r4 = test::open_case(s, "R4", "2026-11-18T10:00:00+08:00", "b3", "other", nullptr);
  resolve(s, r4, "2026-11-19T10:00:00+08:00", "b3");
  rate(s, r4, Satisfaction::dissatisfied, "2026-11-20T10:00:00+08:00");
  rate(s, r4, Satisfaction::basically_satisfied, "2026-11-21T10:00:00+08:00");
  const auto r5 = test::open_case(s, "R5", "2026-11-12T10:00:00+08:00", "a1", "neighbour", nullptr);
  test::more(s, r5,
             {ev(Accepted{}, "2026-11-19T10:00:00+08:00", "a1"),
              ev(MediationStarted{}, "2026-11-19T10:00:00+08:00", "a1"),
              ev(Resolved{"已调解", false}, "2026-11-19T10:00:00+08:00", "a1"),
              ev(FeedbackGiven{Satisfaction::basically_satisfied, "sms", ""},
                 "2026-11-19T10:00:00+08:00")});
  repeat_case(s, "R6", "2026-11-23T11:00:00+08:00", "a1", {r2});
}

WeeklyReport week_report(store::Store& s) {
  const IsoWeek week{2026, 47};
  auto input = load_input(s);
  REQUIRE(input.has_value());
  auto window = load_window(s, report_window(week));
  REQUIRE(window.has_value());
  static const auto graph = test::mini_graph();
  const ReportQuery query{week, {}, test::at("2026-11-23T08:00:00+08:00")};
  auto rep = compute_weekly(*input, graph.get(), query);
  CHECK(render(compute_weekly(*window, graph.get(), query), Format::json, Lang::en) ==
        render(rep, Format::json, Lang::en));
  return rep;
}

const UnitRow& row(const std::vector<UnitRow>& rows, const std::string& key) {
  for (const auto& r : rows) {
    if (r.key == key) return r;
  }
  FAIL("no row " << key);
  throw;
}

}  // namespace

TEST_CASE_TEMPLATE("repeats and satisfaction per body and street are the ones worked out by hand",
                   B, BACKENDS) {
  B backend;
  auto s = backend.open();
  write_repeat_week(*s);
  const auto rep = week_report(*s);

  CHECK(rep.total.flows.new_cases == 3);  // R2 R3 R4
  CHECK(rep.total.flows.repeats == 2);
  CHECK(row(rep.bodies, "a1").flows.repeats == 1);
  CHECK(row(rep.bodies, "a2").flows.repeats == 1);
  CHECK(row(rep.streets, "甲街道").flows.repeats == 2);

  const auto& a1 = row(rep.bodies, "a1").flows;
  CHECK(a1.satisfied == 1);
  CHECK(a1.basically_satisfied == 1);
  CHECK(a1.dissatisfied == 0);
  CHECK(*row(rep.bodies, "a1").satisfaction_rate() == doctest::Approx(1.0));
  CHECK(row(rep.bodies, "b3").flows.feedback() == 2);
  CHECK(*row(rep.bodies, "b3").satisfaction_rate() == doctest::Approx(0.5));
  CHECK_FALSE(row(rep.bodies, "a2").satisfaction_rate().has_value());
  CHECK(*row(rep.streets, "甲街道").satisfaction_rate() == doctest::Approx(1.0));
  CHECK(*row(rep.streets, "乙街道").satisfaction_rate() == doctest::Approx(0.5));
  CHECK(rep.total.flows.feedback() == 4);
  CHECK(*rep.total.satisfaction_rate() == doctest::Approx(0.75));

  // Every format says the same.
  auto json = boost::json::parse(render(rep, Format::json, Lang::zh)).as_object();
  const auto& total = json.at("total").as_object();
  CHECK(total.at("flows").at("repeats").as_int64() == 2);
  CHECK(total.at("flows").at("feedback").at("total").as_int64() == 4);
  CHECK(total.at("satisfaction_rate").as_double() == doctest::Approx(0.75));
  const auto markdown = render(rep, Format::markdown, Lang::zh);
  CHECK(markdown.find("重复信访") != std::string::npos);
  CHECK(markdown.find("满意率＝（满意＋基本满意）÷本周全部回访评价") != std::string::npos);
  for (const auto& f : render_csv_files(rep, Lang::zh)) {
    if (f.name != "bodies") continue;
    CHECK(f.text.find("重复信访") != std::string::npos);
    CHECK(f.text.find("回访数,满意率") != std::string::npos);
    // The 合计 row ends with: resolution rate, feedback 4, satisfaction 75%, no flag.
    CHECK(f.text.find(",4,75%,") != std::string::npos);
  }
  const auto html = render(rep, Format::html, Lang::zh);
  CHECK(html.find("满意率") != std::string::npos);
}

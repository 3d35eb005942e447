// The three-week fixture's reports (three_weeks_fixture.hpp) against the figures worked out by
// hand in three_weeks.md: flows, rates, overdue counts and ranking, changes against the previous
// period, repeats, satisfaction with its sample, handling times, clocks and the people and
// amounts of the 群体性 and major disputes, for weeks 23–25 of 2026, June and the second quarter.
#include <doctest/doctest.h>

#include "report/three_weeks_fixture.hpp"

using namespace tiaojie;
using tiaojie::test::k_june;
using tiaojie::test::k_q2;
using namespace tiaojie::report;
using test::three_weeks_report;

namespace {

template <typename Row>
const Row& row(const std::vector<Row>& rows, const std::string& key) {
  for (const auto& r : rows) {
    if (r.key == key) return r;
  }
  FAIL("no row " << key);
  throw;
}

struct Expected {
  std::int64_t open_start, new_cases, repeats, resolved, failed, withdrawn, open_end;
  std::int64_t overdue, hotline, notices;
};

void check_total(const WeeklyReport& rep, const Expected& e) {
  CAPTURE(format_period(rep.period));
  const auto& f = rep.total.flows;
  CHECK(f.open_start == e.open_start);
  CHECK(f.new_cases == e.new_cases);
  CHECK(f.repeats == e.repeats);
  CHECK(f.resolved == e.resolved);
  CHECK(f.failed == e.failed);
  CHECK(f.withdrawn == e.withdrawn);
  CHECK(f.open_end == e.open_end);
  CHECK(f.transferred_in == 0);  // F03's escalation stays inside the district
  CHECK(rep.total.backlog.overdue_mediation == e.overdue);
  CHECK(rep.total.backlog.overdue_hotline == e.hotline);
  CHECK(f.supervision_notices == e.notices);
  CHECK(invariant_violations(rep).empty());
}

}  // namespace

TEST_CASE("three weeks: the flows, overdue cases and success rates counted by hand") {
  check_total(three_weeks_report(IsoWeek{2026, 22}), {3, 2, 0, 0, 0, 0, 5, 1, 0, 0});
  check_total(three_weeks_report(IsoWeek{2026, 23}), {5, 7, 1, 2, 0, 0, 10, 1, 1, 0});
  check_total(three_weeks_report(IsoWeek{2026, 24}), {10, 5, 1, 4, 1, 1, 9, 1, 0, 1});
  check_total(three_weeks_report(IsoWeek{2026, 25}), {9, 6, 2, 3, 0, 1, 11, 3, 0, 0});
  check_total(three_weeks_report(IsoWeek{2026, 26}), {11, 1, 0, 0, 0, 0, 12, 5, 1, 0});
  check_total(three_weeks_report(k_june), {5, 19, 4, 9, 1, 2, 12, 5, 1, 1});
  check_total(three_weeks_report(Period{PeriodKind::month, 2026, 5}),
              {1, 4, 0, 0, 0, 0, 5, 1, 0, 0});
  check_total(three_weeks_report(k_q2), {1, 23, 4, 9, 1, 2, 12, 5, 1, 1});
  check_total(three_weeks_report(Period{PeriodKind::quarter, 2026, 1}),
              {0, 1, 0, 0, 0, 0, 1, 0, 0, 0});

  // Withdrawn cases are in neither side of the success rate: W24 is 4 / 5, not 4 / 6.
  CHECK(*three_weeks_report(IsoWeek{2026, 24}).total.resolution_rate() == doctest::Approx(0.8));
  CHECK(*three_weeks_report(IsoWeek{2026, 25}).total.resolution_rate() == doctest::Approx(1.0));
  CHECK(*three_weeks_report(k_june).total.resolution_rate() == doctest::Approx(0.9));
  CHECK_FALSE(three_weeks_report(Period{PeriodKind::month, 2026, 5}).total.resolution_rate());
}

TEST_CASE("three weeks: the overdue ranking keeps bodies with at least 5 open cases") {
  const auto w25 = three_weeks_report(IsoWeek{2026, 25});
  REQUIRE(w25.worst_overdue.size() == 1);  // d.medical 1 open, b3 1, a.committee 2: too few
  CHECK(w25.worst_overdue[0].key == "a1");
  CHECK(w25.worst_overdue[0].backlog.overdue_mediation == 3);
  CHECK(w25.worst_overdue[0].flows.open_end == 5);
  CHECK(three_weeks_report(IsoWeek{2026, 24}).worst_overdue.empty());  // a1 has 4 open
  const auto june = three_weeks_report(k_june);
  REQUIRE(june.worst_overdue.size() == 1);
  CHECK(june.worst_overdue[0].overdue_ratio() == doctest::Approx(0.5));  // 3 of 6

  // Growth against the week before: +1 each, by id.
  REQUIRE(w25.largest_growth.size() == 3);
  CHECK(w25.largest_growth[0].key == "a.committee");
  CHECK(w25.largest_growth[1].key == "a1");
  CHECK(w25.largest_growth[2].key == "a2");
  REQUIRE(june.largest_growth.size() == 3);
  CHECK(june.largest_growth[0].growth() == 4);
  CHECK(june.largest_growth[2].key == "d.committee");

  // The backlog at the end of W25: ages and the oldest ten; F05's stopped clock is not late.
  CHECK(w25.total.backlog.median_age_days == 12);
  CHECK(w25.total.backlog.p90_age_days == 46);
  CHECK(w25.total.backlog.ageing == std::array<std::int64_t, 4>{4, 4, 1, 2});
  REQUIRE(w25.oldest.size() == 10);
  CHECK(w25.oldest[0].case_id == 1);
  CHECK(w25.oldest[0].age_days == 97);
  CHECK(w25.oldest[0].overdue);
  CHECK(w25.oldest[1].case_id == 5);
  CHECK_FALSE(w25.oldest[1].overdue);
  CHECK(w25.oldest[9].case_id == 24);
}

TEST_CASE("three weeks: each headline figure's change against the period before") {
  const auto w25 = three_weeks_report(IsoWeek{2026, 25});
  const auto w24 = three_weeks_report(IsoWeek{2026, 24});
  CHECK(w25.total.previous_open_end == 9);
  CHECK(w25.total.growth() == 2);
  CHECK(w24.total.growth() == -1);
  // The trend's last but one point is the period before: what the headline subtracts.
  const auto& before = w25.trend[w25.trend.size() - 2];
  CHECK(before.period == Period{IsoWeek{2026, 24}});
  CHECK(before.flows == w24.total.flows);
  CHECK(before.overdue_mediation == 1);
  const auto june = three_weeks_report(k_june);
  CHECK(june.total.previous_open_end == 5);
  CHECK(june.trend[june.trend.size() - 2].flows.new_cases == 4);
  CHECK(june.trend[june.trend.size() - 2].overdue_mediation == 1);
  const auto q2 = three_weeks_report(k_q2);
  CHECK(q2.total.previous_open_end == 1);
  CHECK(q2.trend[q2.trend.size() - 2].overdue_mediation == 0);
}

TEST_CASE("three weeks: repeats per body and street, satisfaction with its sample") {
  const auto june = three_weeks_report(k_june);
  CHECK(row(june.bodies, "a1").flows.repeats == 2);
  CHECK(row(june.bodies, "a2").flows.repeats == 1);
  CHECK(row(june.bodies, "a.committee").flows.repeats == 1);
  CHECK(row(june.streets, "甲街道").flows.repeats == 4);
  const auto w25 = three_weeks_report(IsoWeek{2026, 25});
  CHECK(row(w25.streets, "甲街道").flows.repeats == 2);

  const auto& t = june.total.flows;
  CHECK(t.satisfied == 2);
  CHECK(t.basically_satisfied == 3);
  CHECK(t.dissatisfied == 3);
  CHECK(*june.total.satisfaction_rate() == doctest::Approx(5.0 / 8));
  CHECK(*row(june.bodies, "a1").satisfaction_rate() == doctest::Approx(0.5));
  CHECK(*row(june.bodies, "b3").satisfaction_rate() == doctest::Approx(0.0));
  CHECK(row(june.bodies, "d.centre").flows.feedback() == 2);  // F17 rated twice
  CHECK(*row(june.streets, "甲街道").satisfaction_rate() == doctest::Approx(0.75));
  CHECK(*row(june.streets, "区级").satisfaction_rate() == doctest::Approx(2.0 / 3));
  CHECK(w25.total.flows.feedback() == 3);
  CHECK(*w25.total.satisfaction_rate() == doctest::Approx(2.0 / 3));
  CHECK(*row(w25.streets, "甲街道").satisfaction_rate() == doctest::Approx(0.0));
  CHECK(*three_weeks_report(IsoWeek{2026, 24}).total.satisfaction_rate() == doctest::Approx(0.5));
}

TEST_CASE("three weeks: handling times in working days, the holiday and the suspension out") {
  const auto w25 = three_weeks_report(IsoWeek{2026, 25});
  CHECK_FALSE(w25.handling.provisional);
  CHECK(w25.handling.total.current == HandlingStats{3, 19.0 / 3, 9, 10});
  CHECK(w25.handling.total.previous == HandlingStats{4, 3.25, 2, 7});
  CHECK(row(w25.handling.bodies, "a1").current == HandlingStats{2, 4.5, 0, 9});  // F20 0, F06 9
  const auto w23 = three_weeks_report(IsoWeek{2026, 23});
  CHECK(w23.handling.total.current == HandlingStats{2, 6.0, 1, 11});
  CHECK(w23.handling.total.previous.cases == 0);

  const auto june = three_weeks_report(k_june);
  const auto& h = june.handling;
  CHECK(h.total.current.cases == 9);
  CHECK(*h.total.current.mean == doctest::Approx(44.0 / 9));
  CHECK(h.total.current.median == 4);
  CHECK(h.total.current.p90 == 11);
  CHECK(h.total.previous.cases == 0);
  CHECK(row(h.levels, "community").current == HandlingStats{5, 5.8, 7, 11});
  CHECK(row(h.levels, "street").current == HandlingStats{2, 2.5, 1, 4});
  CHECK(row(h.levels, "district").current == HandlingStats{2, 5.0, 0, 10});
  CHECK(row(h.streets, "甲街道").current == HandlingStats{6, 4.5, 2, 11});
  CHECK(row(h.streets, "乙街道").current == HandlingStats{1, 7.0, 7, 7});
  CHECK(row(h.bodies, "d.labour").current == HandlingStats{1, 10.0, 10, 10});  // 群体性 F09
  CHECK(three_weeks_report(k_q2).handling.total.current == h.total.current);
}

TEST_CASE("three weeks: suspended and extended clocks") {
  const auto clocks = [](Period p) { return three_weeks_report(p).clocks.total; };
  const auto w23 = clocks(IsoWeek{2026, 23});
  CHECK(w23.suspended == 1);
  CHECK(w23.resumed == 0);
  CHECK(w23.suspended_at_end == 2);
  CHECK(w23.suspended_days == 11);
  const auto w24 = clocks(IsoWeek{2026, 24});
  CHECK(w24.resumed == 1);
  CHECK(w24.suspended_at_end == 1);
  CHECK(w24.suspended_days == 8);
  CHECK(w24.extensions == 1);
  const auto june = clocks(k_june);
  CHECK(june.suspended == 1);
  CHECK(june.resumed == 1);
  CHECK(june.suspended_days == 36);
  CHECK(june.extensions == 1);
  const auto q2 = clocks(k_q2);
  CHECK(q2.suspended == 2);
  CHECK(q2.suspended_days == 52);
}

TEST_CASE("three weeks: people and amounts of the group and major disputes, the key list") {
  const auto w23 = three_weeks_report(IsoWeek{2026, 23});
  REQUIRE(w23.key.read);
  CHECK(w23.key.all == InvolvedTotals{7, 34, 1'980'000});
  CHECK(w23.key.group == InvolvedTotals{1, 32, 480'000});
  CHECK(w23.key.major == InvolvedTotals{1, 2, 1'500'000});
  REQUIRE(w23.key.list.size() == 2);
  CHECK(w23.key.list[0].case_id == 9);
  CHECK(w23.key.list[0].group);
  CHECK(w23.key.list[1].case_id == 11);
  CHECK(w23.key.list[1].major);
  CHECK(three_weeks_report(IsoWeek{2026, 24}).key.all == InvolvedTotals{5, 0, 0});
  const auto june = three_weeks_report(k_june);
  CHECK(june.key.all == InvolvedTotals{19, 34, 1'980'000});
  REQUIRE(june.key.list.size() == 3);
  CHECK(june.key.list[0].case_id == 9);
  CHECK(june.key.list[1].case_id == 18);
  CHECK(june.key.list[2].case_id == 11);
  CHECK(three_weeks_report(k_q2).key.all == InvolvedTotals{23, 34, 1'980'000});
}

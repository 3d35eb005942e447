#include "report/weekly.hpp"

#include <doctest/doctest.h>

#include "report/render.hpp"
#include "report/report_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::report;

#define BACKENDS test::MemoryBackend, test::SqliteBackend

namespace {

const IsoWeek k_w47{2026, 47};

// The report from the event fold (load_input), checked against the store's report view
// (load_window): both read paths must give the same report.
WeeklyReport fixture_report(store::Store& s, IsoWeek week, ReportScope scope = {}) {
  auto input = load_input(s);
  REQUIRE(input.has_value());
  auto window = load_window(s, report_window(week));
  REQUIRE(window.has_value());
  static const auto graph = test::mini_graph();
  ReportOptions options;
  options.overdue_min_open = 1;  // rank a1 with its 2 open cases
  const ReportQuery query{week, std::move(scope), test::at("2026-11-23T08:00:00+08:00"),
                          std::nullopt, options};
  auto rep = compute_weekly(*input, graph.get(), query);
  CHECK(render(compute_weekly(*window, graph.get(), query), Format::json, Lang::en) ==
        render(rep, Format::json, Lang::en));
  return rep;
}

const UnitRow& find(const std::vector<UnitRow>& rows, const std::string& key) {
  for (const auto& r : rows) {
    if (r.key == key) return r;
  }
  FAIL("no row " << key);
  throw;
}

Flows flows(std::int64_t open_start, std::int64_t new_cases, std::int64_t reopened,
            std::int64_t tin, std::int64_t tout, std::int64_t ein, std::int64_t eout,
            std::int64_t resolved, std::int64_t failed, std::int64_t withdrawn,
            std::int64_t notices, std::int64_t open_end) {
  return Flows{open_start, new_cases, reopened, tin,       tout,    ein,
               eout,       resolved,  failed,   withdrawn, notices, open_end};
}

}  // namespace

TEST_CASE_TEMPLATE("the fixture week's numbers are the ones worked out by hand", B, BACKENDS) {
  B backend;
  auto s = backend.open();
  test::write_fixture(*s);
  const auto rep = fixture_report(*s, k_w47);

  CHECK(rep.start == test::at("2026-11-16T00:00:00+08:00"));
  CHECK(rep.end == test::at("2026-11-23T00:00:00+08:00"));

  // open_start C1 C3 C4 C6 C7; new C2 C5; reopened C9; closed C3 C5 C6; open_end C1 C2 C4 C7 C9.
  // Transfers stay inside the district, so the total sees none.
  CHECK(rep.total.flows == flows(5, 2, 1, 0, 0, 0, 0, 1, 1, 1, 1, 5));
  CHECK(rep.total.backlog.overdue_mediation == 1);  // C1 (C4's due moved to 11-30)
  CHECK(rep.total.backlog.overdue_hotline == 1);    // C2's reply_due 11-20 18:00
  // Ages at 11-23 00:00: C2 5, C7 10, C4 20, C1 52, C9 174 days.
  CHECK(rep.total.backlog.median_age_days == 20);
  CHECK(rep.total.backlog.p90_age_days == 174);
  CHECK(rep.total.backlog.ageing == std::array<std::int64_t, 4>{1, 1, 1, 2});
  // Resolved C3 and failed C6; the withdrawn C5 is not in the denominator.
  REQUIRE(rep.total.resolution_rate().has_value());
  CHECK(*rep.total.resolution_rate() == doctest::Approx(1.0 / 2.0));

  // Bodies.
  const auto& a1 = find(rep.bodies, "a1");
  CHECK(a1.flows == flows(2, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2));
  CHECK(a1.backlog.overdue_mediation == 1);
  CHECK(a1.backlog.overdue_hotline == 1);
  CHECK(a1.backlog.median_age_days == 5);
  CHECK(a1.backlog.p90_age_days == 52);
  CHECK(a1.backlog.ageing == std::array<std::int64_t, 4>{1, 0, 0, 1});
  CHECK(a1.name == "一社区人民调解委员会");
  CHECK(a1.level == "community");
  CHECK(a1.street == "甲街道");
  CHECK(find(rep.bodies, "a2").flows == flows(1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0));
  const auto& ac = find(rep.bodies, "a.committee");
  CHECK(ac.flows == flows(1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1));
  CHECK(ac.backlog.overdue_mediation == 0);
  CHECK(ac.backlog.ageing == std::array<std::int64_t, 4>{0, 0, 1, 0});
  CHECK(find(rep.bodies, "b3").flows == flows(0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0));
  // C6 failed at the very first instant of the week: it was open at the start, and the failure
  // belongs to this week.
  CHECK(find(rep.bodies, "b.committee").flows == flows(1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0));
  CHECK(find(rep.bodies, "d.centre").flows == flows(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1));
  CHECK(find(rep.bodies, "d.labour").flows == flows(0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1));
  CHECK(rep.bodies.size() == 7);  // nothing for b.judicial, the police rooms, d.committee, …

  // Levels: the escalation C4 leaves the community level for the street level; C7 goes up to
  // the district.
  CHECK(find(rep.levels, "community").flows == flows(3, 2, 0, 0, 1, 0, 1, 1, 0, 1, 1, 2));
  CHECK(find(rep.levels, "street").flows == flows(2, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1));
  CHECK(find(rep.levels, "district").flows == flows(0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2));
  // Streets: C4 moves inside 甲 (no flow there); C7 leaves 甲 for the district level.
  CHECK(find(rep.streets, "甲街道").flows == flows(4, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 3));
  CHECK(find(rep.streets, "乙街道").flows == flows(1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0));
  CHECK(find(rep.streets, "区级").flows == flows(0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2));

  // Categories and channels.
  CHECK(find(rep.categories, "neighbour").flows == flows(3, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 3));
  CHECK(find(rep.categories, "labour").flows == flows(1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1));
  CHECK(find(rep.channels, "hotline_12345").flows == flows(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
  CHECK(find(rep.channels, "walk_in").flows.open_end == 4);

  // Rankings and the oldest cases.
  REQUIRE(rep.worst_overdue.size() == 1);
  CHECK(rep.worst_overdue[0].key == "a1");
  CHECK(rep.worst_overdue[0].overdue_ratio() == doctest::Approx(0.5));
  REQUIRE(rep.largest_growth.size() == 2);
  CHECK(rep.largest_growth[0].key == "d.centre");
  CHECK(rep.largest_growth[1].key == "d.labour");
  REQUIRE(rep.oldest.size() == 5);
  std::vector<std::int64_t> ages;
  for (const auto& c : rep.oldest) ages.push_back(c.age_days);
  CHECK(ages == std::vector<std::int64_t>{174, 52, 20, 10, 5});
  CHECK(rep.oldest[0].body == "d.labour");
  CHECK(rep.oldest[1].overdue);

  // Trend: W46 had C3 and C7 new, nothing closed.
  REQUIRE(rep.trend.size() == 12);
  CHECK(rep.trend.front().period == IsoWeek{2026, 36});
  const auto& w46 = rep.trend[10];
  CHECK(w46.period == IsoWeek{2026, 46});
  CHECK(w46.flows.open_start == 3);
  CHECK(w46.flows.new_cases == 2);
  CHECK(w46.flows.closed() == 0);
  CHECK(w46.flows.open_end == 5);
  CHECK(rep.trend.back().flows == rep.total.flows);

  CHECK(invariant_violations(rep).empty());
}

TEST_CASE_TEMPLATE("the invariants hold for every body and every week of the fixture", B,
                   BACKENDS) {
  B backend;
  auto s = backend.open();
  test::write_fixture(*s);
  for (IsoWeek w{2026, 20}; w <= IsoWeek{2026, 50}; w = add_weeks(w, 1)) {
    CAPTURE(format_iso_week(w));
    const auto rep = fixture_report(*s, w);
    const auto bad = invariant_violations(rep);
    for (const auto& line : bad) MESSAGE(line);
    CHECK(bad.empty());
  }
}

TEST_CASE("a scope keeps only the owners it names, moves across its edge are transfers") {
  store::MemoryStore s;
  test::write_fixture(s);
  const auto street = fixture_report(s, k_w47, ReportScope{Level::street, {}});
  // a.committee and b.committee only: C6 open at start then failed; C7 there at start and
  // transferred out; C4 escalated in from a community body (outside the scope: a transfer).
  CHECK(street.total.flows == flows(2, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1));
  CHECK(invariant_violations(street).empty());

  const auto one = fixture_report(s, k_w47, ReportScope{std::nullopt, {"a1"}});
  CHECK(one.total.flows == flows(2, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2));
  REQUIRE(one.bodies.size() == 1);
  CHECK(one.oldest.size() == 2);
}

TEST_CASE("a report without a graph keeps body ids and puts every owner under 'unknown'") {
  store::MemoryStore s;
  test::write_fixture(s);
  auto input = load_input(s);
  REQUIRE(input.has_value());
  const auto rep = compute_weekly(*input, nullptr, ReportQuery{k_w47, {}, {}});
  REQUIRE(rep.levels.size() == 1);
  CHECK(rep.levels[0].key == "unknown");
  CHECK(rep.levels[0].flows.open_end == 5);
  CHECK(find(rep.bodies, "a1").name == "a1");
  CHECK(invariant_violations(rep).empty());
}

TEST_CASE("a broken identity is reported, naming the row") {
  store::MemoryStore s;
  test::write_fixture(s);
  auto rep = fixture_report(s, k_w47);
  for (auto& r : rep.bodies) {
    if (r.key == "a1") ++r.flows.new_cases;
  }
  const auto bad = invariant_violations(rep);
  REQUIRE_FALSE(bad.empty());
  CHECK(bad[0].find("body a1: open_end 2 != open_start 2 + new 2") != std::string::npos);
}

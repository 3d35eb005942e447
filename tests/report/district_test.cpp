// The report as a district sends it (issue 17 part 5): a hand-made week whose every number below
// is worked out by hand. Week 2026-W47 is Mon 11-16 – Sun 11-22 on the mini graph; all cases
// walk_in.
//   K1  a.committee labour      11-16 09:00  32 people, 400,000 yuan, high, due 12-01: open
//   K2  a.committee other       11-17 09:00   2 people, 2,000,000 yuan: resolved 11-18 10:00
//   K3  a.committee other       11-17 10:00   3 people, urgent: withdrawn 11-19
//   K4  a.committee neighbour   11-18 09:00   2 people, 5,000 yuan: failed 11-20
//   K5  a.committee neighbour   11-18 14:00   2 people: withdrawn 11-20
//   K6  a.committee neighbour   11-19 09:00   2 people: resolved 11-21
//   K7  a.committee neighbour   10-01, due 10-31: open, overdue
//   K8  a.committee neighbour   10-02, due 11-02: open, overdue
//   K9  a.committee neighbour   11-20, 2 people, due 12-20: open
//   K10 a.committee neighbour   11-21, 2 people, due 12-21: open
//   K11 a1 neighbour            10-05, due 11-05: open, overdue
//   K12 a1 neighbour            11-02, due 11-19: open, overdue from 11-20 on
// W47: open_start 4 (K7 K8 K11 K12); new 8 (K1–K6, K9, K10); resolved 2 (K2 K6), failed 1 (K4),
// withdrawn 2 (K3 K5); open_end 7; overdue 4 (K7 K8 K11 K12). W46 ended with 4 open, 3 overdue
// (K12 not yet), nothing new or closed. a.committee: 5 open, 2 overdue (40%); a1: 2 open, 2
// overdue (100%) but under the minimum caseload of 5.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "report/render.hpp"
#include "report/report_fixture.hpp"
#include "report/weekly.hpp"
#include "support/text_edit.hpp"

using namespace tiaojie;
using tiaojie::test::contains_text;
using namespace tiaojie::report;

namespace {

const IsoWeek k_district_week{2026, 47};

std::int64_t add(store::Store& s, const std::string& ext, const char* when, const std::string& body,
                 const std::string& category, const char* due,
                 std::optional<std::int64_t> parties = 2, std::optional<double> amount = {},
                 Priority priority = Priority::normal) {
  Dispute d;
  d.external_id = ext;
  d.channel = "walk_in";
  d.received_at = test::at(when);
  d.description = "工地拖欠工资纠纷";
  d.parties = parties;
  d.amount_claimed = amount;
  d.claimant = Party{"李四", "13900000000", "440105198001011234"};
  Classification c;
  c.category = category;
  c.priority = priority;
  c.rules_version = "r1";
  Assignment a;
  a.lead = BodyId{body};
  a.graph_version = "g1";
  std::vector<lifecycle::Event> events{
      test::ev(lifecycle::Submitted{"walk_in", ext, test::at(when), std::nullopt}, when),
      test::ev(lifecycle::Classified{c, due ? parse_date(due) : std::nullopt}, when),
      test::ev(lifecycle::Assigned{a}, when, body)};
  std::vector<store::Change> batch{store::NewCase{d, dispute_to_json_text(d), std::move(events)}};
  auto r = s.commit(batch);
  if (!r || !(*r)[0]) throw std::runtime_error("fixture: new case refused");
  return (*r)[0]->case_id.value;
}

void write_district_week(store::Store& s) {
  using namespace lifecycle;
  const std::string ac = "a.committee";
  add(s, "K1", "2026-11-16T09:00:00+08:00", ac, "labour", "2026-12-01", 32, 400000, Priority::high);
  const auto k2 = add(s, "K2", "2026-11-17T09:00:00+08:00", ac, "other", "2026-12-17", 2, 2000000);
  test::more(s, k2,
             {test::ev(Accepted{}, "2026-11-18T10:00:00+08:00", ac),
              test::ev(MediationStarted{}, "2026-11-18T10:00:00+08:00", ac),
              test::ev(Resolved{"和解", false}, "2026-11-18T10:00:00+08:00", ac)});
  const auto k3 =
      add(s, "K3", "2026-11-17T10:00:00+08:00", ac, "other", "2026-12-17", 3, {}, Priority::urgent);
  test::more(s, k3, {test::ev(Withdrawn{"撤回"}, "2026-11-19T10:00:00+08:00", ac)});
  const auto k4 = add(s, "K4", "2026-11-18T09:00:00+08:00", ac, "neighbour", "2026-12-18", 2, 5000);
  test::more(s, k4,
             {test::ev(Accepted{}, "2026-11-19T10:00:00+08:00", ac),
              test::ev(Failed{NextRoute::litigation, "分歧大"}, "2026-11-20T10:00:00+08:00", ac)});
  const auto k5 = add(s, "K5", "2026-11-18T14:00:00+08:00", ac, "neighbour", "2026-12-18");
  test::more(s, k5, {test::ev(Withdrawn{"撤回"}, "2026-11-20T11:00:00+08:00", ac)});
  const auto k6 = add(s, "K6", "2026-11-19T09:00:00+08:00", ac, "neighbour", "2026-12-19");
  test::more(s, k6,
             {test::ev(Accepted{}, "2026-11-20T10:00:00+08:00", ac),
              test::ev(MediationStarted{}, "2026-11-20T10:00:00+08:00", ac),
              test::ev(Resolved{"和解", false}, "2026-11-21T10:00:00+08:00", ac)});
  add(s, "K7", "2026-10-01T09:00:00+08:00", ac, "neighbour", "2026-10-31");
  add(s, "K8", "2026-10-02T09:00:00+08:00", ac, "neighbour", "2026-11-02");
  add(s, "K9", "2026-11-20T09:00:00+08:00", ac, "neighbour", "2026-12-20");
  add(s, "K10", "2026-11-21T09:00:00+08:00", ac, "neighbour", "2026-12-21");
  add(s, "K11", "2026-10-05T09:00:00+08:00", "a1", "neighbour", "2026-11-05");
  add(s, "K12", "2026-11-02T09:00:00+08:00", "a1", "neighbour", "2026-11-19");
}

ReportOptions district_options() {
  ReportOptions o;
  o.district = "海珠区";
  o.issuer = "海珠区司法局";
  return o;
}

Result<WeeklyReport> report_of(store::Store& s, IsoWeek week, const char* now,
                               ReportScope scope = {}, ReportOptions options = district_options()) {
  static const auto graph = test::mini_graph();
  ReportQuery q{week, std::move(scope), test::at(now), test::at(now), std::move(options)};
  return weekly_report(s, graph.get(), q);
}

const UnitRow* find_unit(const std::vector<UnitRow>& rows, const std::string& key) {
  for (const auto& r : rows) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the success rate leaves withdrawn cases out of its denominator") {
  store::MemoryStore s;
  write_district_week(s);
  const auto rep = report_of(s, k_district_week, "2026-11-30T09:00:00+08:00");
  REQUIRE(rep.has_value());
  const auto& f = rep->total.flows;
  CHECK(f.resolved == 2);
  CHECK(f.failed == 1);
  CHECK(f.withdrawn == 2);
  // 2 / (2 + 1), not 2 / 5.
  REQUIRE(rep->total.resolution_rate().has_value());
  CHECK(*rep->total.resolution_rate() == doctest::Approx(2.0 / 3.0));
  const auto md = render_markdown(*rep, Lang::zh);
  CHECK(contains_text(md, "调解成功率 67%"));
  CHECK(contains_text(
      md, "调解成功率=调解成功÷（调解成功+调解不成）；撤回的案件未经调解终结，不计入分母。"));
}

TEST_CASE("the overdue ranking needs the minimum caseload and shows the counts") {
  store::MemoryStore s;
  write_district_week(s);
  const auto rep = report_of(s, k_district_week, "2026-11-30T09:00:00+08:00");
  REQUIRE(rep.has_value());
  // a1 is at 2/2 = 100% but has 2 open cases, under the default minimum of 5.
  REQUIRE(rep->worst_overdue.size() == 1);
  CHECK(rep->worst_overdue[0].key == "a.committee");
  const auto md = render_markdown(*rep, Lang::zh);
  CHECK(contains_text(md, "1. 甲街道人民调解委员会 (a.committee) — 超期 2 / 在办 5，超期率 40%\n"));
  CHECK(contains_text(md, "仅列期末在办不少于5件的单位"));

  auto options = district_options();
  options.overdue_min_open = 2;
  const auto low = report_of(s, k_district_week, "2026-11-30T09:00:00+08:00", {}, options);
  REQUIRE(low.has_value());
  REQUIRE(low->worst_overdue.size() == 2);
  CHECK(low->worst_overdue[0].key == "a1");
}

TEST_CASE("the title names the district, the office, the issue and the period in Chinese") {
  store::MemoryStore s;
  write_district_week(s);
  const auto rep =
      report_of(s, k_district_week, "2026-11-30T09:00:00+08:00", {ReportScope{{}, {"a1"}, {}}});
  REQUIRE(rep.has_value());
  const auto md = render_markdown(*rep, Lang::zh);
  CHECK(
      md.rfind(
          "# 海珠区矛盾纠纷调解周报\n\n第47期 · 海珠区司法局 · 2026年第47周（11月16日—11月22日）\n",
          0) == 0);
  CHECK(contains_text(md, "范围: 一社区人民调解委员会 ·"));  // the body's name, not its id
  CHECK_FALSE(contains_text(md, "截至"));
  auto options = district_options();
  options.first_issue = IsoWeek{2026, 40};
  const auto counted = report_of(s, k_district_week, "2026-11-30T09:00:00+08:00", {}, options);
  REQUIRE(counted.has_value());
  CHECK(contains_text(render_markdown(*counted, Lang::zh), "\n第8期 · 海珠区司法局"));
  // A week across the new year writes the dates of the other year with it.
  const auto w01 = report_of(s, {2026, 1}, "2026-11-30T09:00:00+08:00");
  REQUIRE(w01.has_value());
  CHECK(contains_text(render_markdown(*w01, Lang::zh), "2026年第1周（2025年12月29日—1月4日）"));
}

TEST_CASE("the headline shows each figure's change against last week, in JSON too") {
  store::MemoryStore s;
  write_district_week(s);
  const auto rep = report_of(s, k_district_week, "2026-11-30T09:00:00+08:00");
  REQUIRE(rep.has_value());
  const auto md = render_markdown(*rep, Lang::zh);
  CHECK(contains_text(md, "期末在办 7（↑3）"));
  CHECK(contains_text(md, "新收 8（↑8）"));
  CHECK(contains_text(md, "办结 5（↑5）"));
  CHECK(contains_text(md, "超期(调解时限) 4（↑1）"));
  CHECK(contains_text(md, "督办函 0（持平）"));
  CHECK(contains_text(md, "调解成功率 67%（–）"));  // nothing was mediated to an end in W46
  const auto json = boost::json::parse(render_json(*rep, Lang::zh));
  const auto& headline = json.at("headline").as_array();
  REQUIRE(headline.size() == 7);
  CHECK(headline[0].at("key").as_string() == "open_end");
  CHECK(headline[0].at("value").as_int64() == 7);
  CHECK(headline[0].at("previous").as_int64() == 4);
  CHECK(headline[0].at("change").as_int64() == 3);
  CHECK(headline[3].at("change").as_int64() == 1);
  CHECK(headline[6].at("previous").is_null());
  CHECK(json.at("schema").as_string() == "tiaojie.report.weekly/2");
  CHECK(json.at("issue").as_int64() == 47);
  CHECK(json.at("period").as_string() == "2026年第47周（11月16日—11月22日）");
}

TEST_CASE("rows with nothing are folded away, and the report says how many") {
  store::MemoryStore s;
  write_district_week(s);
  const auto rep = report_of(s, k_district_week, "2026-11-30T09:00:00+08:00");
  REQUIRE(rep.has_value());
  // The mini graph has 13 bodies; a.committee and a1 had cases.
  REQUIRE(rep->bodies.size() == 2);
  CHECK(rep->quiet_bodies == 11);
  CHECK(rep->streets.size() == 1);  // 甲街道; 乙 had nothing
  CHECK(rep->quiet_streets == 1);
  CHECK(find_unit(rep->levels, "district") == nullptr);
  CHECK(find_unit(rep->levels, "street") != nullptr);
  const auto md = render_markdown(*rep, Lang::zh);
  CHECK(contains_text(md, "另有11个单位本周无案件，未列出。"));
  CHECK(contains_text(md, "另有1个街道本周无案件，未列出。"));
  CHECK(contains_text(md, "| **合计** | 4 | 8 | 0 |"));
  CHECK(invariant_violations(*rep).empty());
}

TEST_CASE("a future week is refused, the current one is cut at the moment it is made") {
  store::MemoryStore s;
  write_district_week(s);
  const auto future = report_of(s, {2026, 48}, "2026-11-18T12:00:00+08:00");
  REQUIRE_FALSE(future.has_value());
  CHECK(future.error().code == ErrorCode::invalid_input);
  CHECK(contains_text(future.error().message, "2026-W48 has not begun"));

  // Wednesday noon: K1–K4 received, K2 resolved; K12 (due 11-19) not overdue yet.
  const auto partial = report_of(s, k_district_week, "2026-11-18T12:00:00+08:00");
  REQUIRE(partial.has_value());
  REQUIRE(partial->as_of.has_value());
  CHECK(partial->total.flows.new_cases == 4);
  CHECK(partial->total.flows.closed() == 1);
  CHECK(partial->total.flows.open_end == 7);
  CHECK(partial->total.backlog.overdue_mediation == 3);
  CHECK(invariant_violations(*partial).empty());
  const auto md = render_markdown(*partial, Lang::zh);
  CHECK(contains_text(md, "2026年第47周（11月16日—11月22日） · 截至11月18日 12:00\n"));
  CHECK(contains_text(md, "> 本周尚未结束，数据截至11月18日 12:00。"));
  const auto json = boost::json::parse(render_json(*partial, Lang::zh));
  CHECK(json.at("as_of").as_string() == "2026-11-18T12:00:00+08:00");

  // A week that is over is not marked.
  const auto full = report_of(s, k_district_week, "2026-11-23T00:00:00+08:00");
  REQUIRE(full.has_value());
  CHECK_FALSE(full->as_of.has_value());
  CHECK(full->total.backlog.overdue_mediation == 4);
}

TEST_CASE("an empty week says so") {
  store::MemoryStore s;
  write_district_week(s);
  const auto empty = report_of(s, {2026, 38}, "2026-11-30T09:00:00+08:00");
  REQUIRE(empty.has_value());
  CHECK(contains_text(render_markdown(*empty, Lang::zh), "> 本周无新收纠纷，亦无在办、办结案件。"));
  // W46: cases open, none received.
  const auto quiet = report_of(s, {2026, 46}, "2026-11-30T09:00:00+08:00");
  REQUIRE(quiet.has_value());
  CHECK(contains_text(render_markdown(*quiet, Lang::zh), "> 本周无新收纠纷。"));
}

TEST_CASE("group and major disputes with their people and amounts, and the key disputes") {
  store::MemoryStore s;
  write_district_week(s);
  const auto rep = report_of(s, k_district_week, "2026-11-30T09:00:00+08:00");
  REQUIRE(rep.has_value());
  const auto& k = rep->key;
  REQUIRE(k.read);
  // People: 32 + 2 + 3 + 2 + 2 + 2 (K1–K6) + 2 + 2 (K9, K10); amounts 400,000 + 2,000,000 + 5,000.
  CHECK(k.all == InvolvedTotals{8, 47, 2405000});
  CHECK(k.group == InvolvedTotals{1, 32, 400000});  // K1
  CHECK(k.major == InvolvedTotals{2, 5, 2000000});  // K2 (amount), K3 (urgent)
  REQUIRE(k.list.size() == 3);
  CHECK(k.list[0].priority == Priority::urgent);  // K3 first, then K1 (high), then K2
  CHECK(k.list[1].group);
  CHECK(k.list[2].major);
  CHECK(k.list[1].street == "甲街道");
  const auto md = render_markdown(*rep, Lang::zh);
  CHECK(contains_text(md, "| 群体性纠纷（10人以上） | 1 | 32 | 40.0万元 |"));
  CHECK(contains_text(md, "| 重大纠纷（100.0万元以上或紧急） | 2 | 5 | 200.0万元 |"));
  CHECK(contains_text(
      md,
      " · 11月16日 · 甲街道 · 甲街道人民调解委员会 · 劳动争议 · 32人 · 40.0万元 · 高 · "
      "群体性、优先级\n"));
  for (auto format : {Format::markdown, Format::csv, Format::json, Format::html}) {
    const auto text = render(*rep, format, Lang::zh);
    for (const char* secret : {"李四", "13900000000", "440105198001011234", "拖欠工资"}) {
      CAPTURE(secret);
      CHECK_FALSE(contains_text(text, secret));
    }
  }
  const auto html = render_html(*rep, Lang::zh);
  CHECK(contains_text(html, "id=\"chart-categories\""));
  CHECK(contains_text(html, "<table class=\"keys\">"));
}

TEST_CASE("a street scope takes the whole street's bodies") {
  store::MemoryStore s;
  write_district_week(s);
  const auto jia =
      report_of(s, k_district_week, "2026-11-30T09:00:00+08:00", ReportScope{{}, {}, "甲街"});
  REQUIRE(jia.has_value());
  CHECK(jia->total.flows.open_end == 7);  // a.committee and a1 both lie in 甲
  CHECK(jia->quiet_bodies == 3);          // a.judicial, a.police, a2
  CHECK(jia->key.all.disputes == 8);
  const auto yi =
      report_of(s, k_district_week, "2026-11-30T09:00:00+08:00", ReportScope{{}, {}, "乙"});
  REQUIRE(yi.has_value());
  CHECK(yi->total.flows == Flows{});
  CHECK(yi->key.all.disputes == 0);
  CHECK(contains_text(render_markdown(*yi, Lang::zh), "范围: 乙 ·"));
  CHECK(same_street("江南中", "江南中街道"));
  CHECK(same_street("江南中街", "江南中街道"));
  CHECK_FALSE(same_street("江南", "江南中街道"));
}

TEST_CASE("CSV is one file per table, with Chinese heads, a 合计 row and the 超期预警 column") {
  store::MemoryStore s;
  write_district_week(s);
  const auto rep = report_of(s, k_district_week, "2026-11-30T09:00:00+08:00");
  REQUIRE(rep.has_value());
  const auto files = render_csv_files(*rep, Lang::zh);
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"summary", "levels", "streets", "bodies", "categories",
                                          "channels", "trend", "worst_overdue", "largest_growth",
                                          "oldest", "major", "key_disputes", "handling"});
  CHECK(csv_file_name(k_district_week, "categories") == "report-2026-W47-categories.csv");
  const auto text = [&](const std::string& name) {
    for (const auto& f : files) {
      if (f.name == name) return f.text;
    }
    return std::string();
  };
  for (const auto& f : files) {
    CAPTURE(f.name);
    CHECK(f.text.rfind("\xEF\xBB\xBF", 0) == 0);
  }
  const auto categories = text("categories");
  CHECK(categories.rfind("\xEF\xBB\xBF类别,代码,期初在办,新收,", 0) == 0);
  CHECK(contains_text(categories, ",调解成功率,回访数,满意率,超期预警\r\n"));
  CHECK(contains_text(categories, "\r\n合计,,4,8,0,0,0,0,0,0,2,1,2,7,4,0,0,"));
  CHECK(text("channels").rfind("\xEF\xBB\xBF渠道,", 0) == 0);
  // a1: 2 of 2 overdue, above the total's 4 of 7: flagged; a.committee (2 of 5) is not.
  const auto bodies = text("bodies");
  CHECK(contains_text(bodies, "\r\n一社区人民调解委员会,a1,"));
  CHECK(contains_text(bodies, ",100%,0,–,是\r\n") == false);  // the rate column is the success rate
  CHECK(contains_text(bodies,
                      ",–,0,–,是\r\n"));  // a1 closed nothing: no rate (nor feedback); flagged
  CHECK(contains_text(bodies, "甲街道人民调解委员会,a.committee,2,8,0,0,0,0,0,0,2,1,2,5,2,0,0,"));
  CHECK(contains_text(bodies, ",67%,0,–,否\r\n"));
  CHECK(contains_text(text("oldest"),
                      "案件编号,承办单位,代码,类别,在办天数,调解期限,暂定,超期预警\r\n"));
  CHECK(contains_text(text("key_disputes"), "\r\n3,2026-11-17,甲街道,"));
  CHECK(contains_text(text("summary"), "\r\n期末在办,7,4,+3\r\n"));
  CHECK(contains_text(text("summary"), "\r\n调解成功率,67%,–,\r\n"));
}

// The three-week fixture's hand-computed figures (three_weeks.md) as every format prints them:
// Markdown, HTML, JSON, each CSV file and the workbook read back from its XML. Week 25 in every
// format, June and the second quarter where their figures differ (the month's 62.5% satisfaction,
// its people and amounts, the quarter's changes). And no format names a party, a phone or ID
// number or the address.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "report/render.hpp"
#include "report/spreadsheet.hpp"
#include "report/three_weeks_fixture.hpp"
#include "report/writer.hpp"
#include "support/text_edit.hpp"

using namespace tiaojie;
using tiaojie::test::contains_text;
using tiaojie::test::k_june;
using tiaojie::test::k_q2;
using namespace tiaojie::report;
using test::three_weeks_report;

namespace {

const Period k_w25{IsoWeek{2026, 25}};

using Rows = std::vector<std::vector<std::string>>;

Rows table(const WeeklyReport& rep, const std::string& name) {
  for (const auto& f : render_csv_files(rep, Lang::zh)) {
    if (f.name == name) return test::csv_rows(f.text);
  }
  FAIL("no CSV file " << name);
  throw;
}

// The (row, column) of the cell in the row whose first field is `label`, under `header`.
std::pair<int, int> where(const Rows& rows, const std::string& label, const std::string& header) {
  REQUIRE_FALSE(rows.empty());
  const auto col = std::find(rows[0].begin(), rows[0].end(), header);
  REQUIRE_MESSAGE(col != rows[0].end(), header);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r][0] == label) return {static_cast<int>(r), static_cast<int>(col - rows[0].begin())};
  }
  FAIL("no row " << label);
  throw;
}

std::string cell(const Rows& rows, const std::string& label, const std::string& header) {
  const auto [r, c] = where(rows, label, header);
  return rows[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
}

// The row whose first field is `label`, joined by commas as the file has it.
std::string line(const Rows& rows, const std::string& label) {
  for (const auto& row : rows) {
    if (row[0] != label) continue;
    std::string out;
    for (const auto& f : row) out += (out.empty() ? "" : ",") + f;
    return out;
  }
  return "(no row " + label + ")";
}

}  // namespace

TEST_CASE("three weeks: week 25 in Markdown") {
  const auto md = render(three_weeks_report(k_w25), Format::markdown, Lang::zh);
  CHECK(contains_text(md, "第25期 · 海珠区司法局 · 2026年第25周（6月15日—6月21日）"));
  CHECK(
      contains_text(md,
                    "期末在办 11（↑2） · 新收 6（↑1） · 办结 4（↓2） · 超期(调解时限) 3（↑2） · "
                    "超期(热线答复) 0（持平） · 督办函 0（↓1） · 调解成功率 100%（↑20个百分点）"));
  CHECK(contains_text(md, "1. 一社区人民调解委员会 (a1) — 超期 3 / 在办 5，超期率 60%"));
  CHECK(contains_text(md, "3. 二社区人民调解委员会 (a2) — 0 → 1 (+1)"));
  CHECK(contains_text(
      md,
      "| 甲街道 ⚠ | 5 | 5 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 8 | 3 | 0 | 0 | 6 | 97 | "
      "4 | 2 | 1 | 1 | 100% | 1 | 0% |"));
  CHECK(contains_text(
      md,
      "| **合计** | 9 | 6 | 2 | 0 | 0 | 0 | 0 | 0 | 3 | 0 | 1 | 11 | 3 | 0 | 0 | 12 | 46 "
      "| 4 | 4 | 1 | 2 | 100% | 3 | 67% |"));
  CHECK(contains_text(md, "| 本周新收 | 6 | 0 | 0元 |"));
  CHECK(contains_text(md, "- #18 · 6月16日 · 甲街道 · 甲街道人民调解委员会 · 邻里纠纷"));
  CHECK(contains_text(md, "| 2026-W25 | 9 | 6 | 4 | 11 | 3 | 0 |"));
  CHECK(contains_text(md,
                      "| 5 | medical committee | 医疗纠纷 | 46 | 2026-06-05 |"));  // stopped: no ⚠
  CHECK(contains_text(md, "| 合计 | all | 0 | 0 | 1 | 7 | 0 |"));
  CHECK(contains_text(md, "| 合计 | 全部 | all | 3 | 6.3 | 9 | 10 | 4 | 3.2 | 2 | 7 | 3.1 |"));
  CHECK(contains_text(md, "| 单位 | 一社区人民调解委员会 | a1 | 2 | 4.5 | 0 | 9 | 0 |"));

  const auto june = render(three_weeks_report(k_june), Format::markdown, Lang::zh);
  CHECK(contains_text(
      june, "期末在办 12（↑7） · 新收 19（↑15） · 办结 12（↑12） · 超期(调解时限) 5（↑4）"));
  CHECK(contains_text(june, "1. 一社区人民调解委员会 (a1) — 超期 3 / 在办 6，超期率 50%"));
  CHECK(contains_text(june, "| 合计 | 全部 | all | 9 | 4.9 | 4 | 11 | 0 |"));
  CHECK(contains_text(june, "| 合计 | all | 1 | 1 | 1 | 36 | 1 |"));
  const auto q2 = render(three_weeks_report(k_q2), Format::markdown, Lang::zh);
  CHECK(contains_text(q2, "第2期 · 海珠区司法局 · 2026年第二季度（4月1日—6月30日）"));
  CHECK(contains_text(
      q2, "期末在办 12（↑11） · 新收 23（↑22） · 办结 12（↑12） · 超期(调解时限) 5（↑5）"));
}

TEST_CASE("three weeks: week 25 in HTML") {
  const auto html = render(three_weeks_report(k_w25), Format::html, Lang::zh);
  CHECK(contains_text(
      html,
      R"(<div class="kpi" data-key="open_end"><b>11</b><span>期末在办</span><i>较上周 ↑2</i>)"));
  CHECK(contains_text(html, R"(<div class="kpi bad" data-key="overdue_mediation"><b>3</b>)"));
  CHECK(contains_text(html, R"(<b>100%</b><span>调解成功率</span><i>较上周 ↑20个百分点</i>)"));
  CHECK(contains_text(html,
                      "<tr><td>一社区人民调解委员会</td><td>3</td><td>5</td><td>60%</td></tr>"));
  CHECK(contains_text(
      html, R"(<tr class="behind"><td title="甲街道">甲街道</td><td>5</td><td>5</td><td>2</td>)"));
  CHECK(contains_text(html,
                      "<tfoot><tr><td>合计</td><td>9</td><td>6</td><td>2</td><td>0</td><td>0</td>"
                      "<td>0</td><td>0</td><td>0</td><td>3</td><td>0</td><td>1</td><td>11</td>"
                      "<td>3</td><td>0</td><td>0</td><td>12</td><td>46</td><td>4</td><td>4</td>"
                      "<td>1</td><td>2</td><td>100%</td><td>3</td><td>67%</td></tr></tfoot>"));
  CHECK(contains_text(html, "<tr><td>本周新收</td><td>6</td><td>0</td><td>0元</td></tr>"));
  CHECK(contains_text(html, "<tr><td>18</td><td>6月16日</td><td>甲街道</td>"));
  CHECK(
      contains_text(html, "<tr><td>合计</td><td>all</td><td>0</td><td>0</td><td>1</td><td>7</td>"));
  CHECK(contains_text(html,
                      "<tr><td>合计</td><td>全部</td><td>all</td><td>3</td><td>6.3</td><td>9</td>"
                      "<td>10</td><td>4</td><td>3.2</td><td>2</td><td>7</td><td>3.1</td></tr>"));
  const auto june = render(three_weeks_report(k_june), Format::html, Lang::zh);
  CHECK(contains_text(june, "<tr><td>本月新收</td><td>19</td><td>34</td>"));
}

TEST_CASE("three weeks: week 25, June and the quarter in JSON") {
  const auto json = [](Period p) {
    return boost::json::parse(render(three_weeks_report(p), Format::json, Lang::zh)).as_object();
  };
  const auto w25 = json(k_w25);
  const auto& flows = w25.at("total").at("flows");
  CHECK(flows.at("new").as_int64() == 6);
  CHECK(flows.at("repeats").as_int64() == 2);
  CHECK(flows.at("withdrawn").as_int64() == 1);
  CHECK(flows.at("open_end").as_int64() == 11);
  CHECK(flows.at("feedback").at("total").as_int64() == 3);
  CHECK(w25.at("total").at("satisfaction_rate").as_double() == doctest::Approx(2.0 / 3));
  CHECK(w25.at("total").at("backlog").at("overdue_mediation").as_int64() == 3);
  const auto& headline = w25.at("headline").as_array();
  CHECK(headline[0].at("change_text").as_string() == "↑2");
  CHECK(headline[6].at("key").as_string() == "resolution_rate");
  CHECK(headline[6].at("previous").as_double() == doctest::Approx(0.8));
  CHECK(w25.at("worst_overdue").at(0).at("body").as_string() == "a1");
  CHECK(w25.at("worst_overdue").at(0).at("overdue").as_int64() == 3);
  CHECK(w25.at("worst_overdue_min_open").as_int64() == 5);
  CHECK(w25.at("handling").at("total").at("current").at("median").as_int64() == 9);
  CHECK(w25.at("clocks").at("total").at("suspended_days").as_int64() == 7);

  const auto june = json(k_june);
  CHECK(june.at("kind").as_string() == "month");
  CHECK(june.at("total").at("satisfaction_rate").as_double() == doctest::Approx(0.625));
  CHECK(june.at("total").at("flows").at("feedback").at("dissatisfied").as_int64() == 3);
  CHECK(june.at("total").at("resolution_rate").as_double() == doctest::Approx(0.9));
  CHECK(june.at("handling").at("total").at("current").at("mean").as_double() ==
        doctest::Approx(44.0 / 9));
  const auto& key = june.at("key_disputes");
  CHECK(key.at("all").at("parties").as_int64() == 34);
  CHECK(key.at("all").at("amount").as_double() == doctest::Approx(1'980'000));
  CHECK(key.at("group").at("parties").as_int64() == 32);
  CHECK(key.at("list").at(0).at("case_id").as_int64() == 9);
  CHECK(json(k_q2).at("headline").at(1).at("change").as_int64() == 22);
}

TEST_CASE("three weeks: week 25 in each CSV file") {
  const auto rep = three_weeks_report(k_w25);
  std::vector<std::string> names;
  for (const auto& f : render_csv_files(rep, Lang::zh)) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"summary", "levels", "streets", "bodies", "categories",
                                          "channels", "trend", "worst_overdue", "largest_growth",
                                          "oldest", "major", "key_disputes", "clocks", "handling"});
  const auto summary = table(rep, "summary");
  CHECK(line(summary, "期末在办") == "期末在办,11,9,+2");
  CHECK(line(summary, "办结") == "办结,4,6,-2");
  CHECK(line(summary, "超期(调解时限)") == "超期(调解时限),3,1,+2");
  CHECK(line(summary, "督办函") == "督办函,0,1,-1");
  CHECK(line(summary, "调解成功率") == "调解成功率,100%,80%,+20%");
  CHECK(cell(table(rep, "levels"), "社区级", "期末在办") == "7");
  CHECK(line(table(rep, "streets"), "甲街道") ==
        "甲街道,甲街道,5,5,2,0,0,0,0,0,2,0,0,8,3,0,0,6,97,4,2,1,1,100%,1,0%,是");
  const auto bodies = table(rep, "bodies");
  CHECK(line(bodies, "一社区人民调解委员会") ==
        "一社区人民调解委员会,a1,4,3,0,0,0,0,0,0,2,0,0,5,3,0,0,10,97,2,2,0,1,100%,1,0%,是");
  CHECK(line(bodies, "合计") == "合计,,9,6,2,0,0,0,0,0,3,0,1,11,3,0,0,12,46,4,4,1,2,100%,3,67%,是");
  CHECK(cell(table(rep, "categories"), "邻里纠纷", "期末在办") == "9");
  CHECK(cell(table(rep, "channels"), "12345热线", "新收") == "1");
  CHECK(line(table(rep, "trend"), "2026-W25") == "2026-W25,9,6,4,11,3,0");
  CHECK(line(table(rep, "worst_overdue"), "一社区人民调解委员会") ==
        "一社区人民调解委员会,a1,3,5,60%");
  CHECK(table(rep, "largest_growth").size() == 4);  // a header and three bodies
  const auto oldest = table(rep, "oldest");
  REQUIRE(oldest.size() == 11);
  CHECK(line(oldest, "5") == "5,medical committee,d.medical,医疗纠纷,46,2026-06-05,否,否");
  CHECK(line(table(rep, "major"), "本周新收") == "本周新收,6,0,0");
  CHECK(line(table(rep, "key_disputes"), "18") ==
        "18,2026-06-16,甲街道,甲街道人民调解委员会,a.committee,邻里纠纷,,,高,已分派,优先级");
  CHECK(line(table(rep, "clocks"), "合计") == "合计,all,0,0,1,7,0");
  CHECK(line(table(rep, "handling"), "合计") == "合计,全部,all,3,6.3,9,10,4,3.2,2,7,3.1");
}

TEST_CASE("three weeks: June's workbook read back from its XML") {
  const auto rep = three_weeks_report(k_june);
  test::TempDir dir;
  const auto path = write_xlsx(dir.file("june.xlsx"), rep, Lang::zh);
  REQUIRE(path.has_value());
  const auto sheets = test::read_workbook(path->string(), dir);
  const auto files = render_csv_files(rep, Lang::zh);
  CHECK(test::check_sheets_match_csv(sheets, files) > 100);
  CHECK(sheets[0].name == "本月概况");
  // Hand figures, found through the CSV's layout, stored as numbers.
  const auto number = [&](std::size_t sheet, const std::string& label, const std::string& header) {
    CAPTURE(label);
    CAPTURE(header);
    const auto at = where(test::csv_rows(files[sheet].text), label, header);
    const auto& [type, value] = sheets[sheet].cells.at(at);
    CHECK(type == 'n');
    return std::stod(value);
  };
  CHECK(number(0, "期末在办", "月份") == 12);  // the period's column
  CHECK(number(0, "新收", "较上月") == 15);
  CHECK(number(2, "甲街道", "重复信访") == 4);
  CHECK(number(3, "合计", "回访数") == 8);
  // 5 of 8 = 62.5%, printed 62% (half to even) and stored as that printed figure.
  CHECK(number(3, "合计", "满意率") == doctest::Approx(0.62));
  CHECK(number(3, "合计", "调解成功率") == doctest::Approx(0.9));
  CHECK(number(10, "本月新收", "涉及金额(元)") == 1'980'000);
  CHECK(number(11, "9", "涉及人数") == 32);
  CHECK(number(12, "合计", "本月中止天数") == 36);
  CHECK(number(13, "合计", "平均") == doctest::Approx(4.9));
}

TEST_CASE("three weeks: no format names a party, a phone or ID number or the address") {
  for (const Period p : {k_w25, k_june, k_q2}) {
    const auto rep = three_weeks_report(p);
    std::vector<std::string> texts{render(rep, Format::markdown, Lang::zh),
                                   render(rep, Format::html, Lang::zh),
                                   render(rep, Format::json, Lang::zh), render_csv(rep, Lang::zh)};
    for (const auto& text : texts) {
      CHECK_FALSE(contains_text(text, "李四"));
      CHECK_FALSE(contains_text(text, test::k_phone));
      CHECK_FALSE(contains_text(text, test::k_id_number));
      CHECK_FALSE(contains_text(text, "幸福路"));
    }
  }
}

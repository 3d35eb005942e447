#include "report/render.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "report/report_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::report;

namespace {

WeeklyReport ranked_fixture_report() {
  // A minimum caseload of 1, so that a1 (1 overdue of 2 open) is ranked.
  ReportOptions options;
  options.overdue_min_open = 1;
  return test::fixture_report(options);
}

}  // namespace

TEST_CASE("no format ever carries personal data or the dispute's text") {
  const auto rep = ranked_fixture_report();
  for (auto format : {Format::markdown, Format::csv, Format::json, Format::html}) {
    for (auto lang : {Lang::zh, Lang::en}) {
      const auto text = render(rep, format, lang);
      CAPTURE(extension(format));
      CHECK_FALSE(text.empty());
      for (const char* secret :
           {"张三", "13800000000", "440105199001011234", "邻里噪音", "赔偿五百元"}) {
        CHECK(text.find(secret) == std::string::npos);
      }
    }
  }
}

TEST_CASE("markdown leads with the week, the summary and the units that fall behind") {
  const auto md = render_markdown(ranked_fixture_report(), Lang::zh);
  CHECK(md.rfind("# 矛盾纠纷调解周报\n\n第47期 · 2026年第47周（11月16日—11月22日）\n", 0) == 0);
  CHECK(md.find("期末在办 5") != std::string::npos);
  CHECK(md.find("1. 一社区人民调解委员会 (a1) — 超期 1 / 在办 2，超期率 50%") != std::string::npos);
  CHECK(md.find("| 甲街道 ⚠ | 4 | 1 | 0 | 0 | 0 | 1 |") != std::string::npos);
  CHECK(md.find("| 2026-W46 | 3 | 2 | 0 | 5 |") != std::string::npos);
  const auto en = render_markdown(ranked_fixture_report(), Lang::en);
  CHECK(en.find("## By street") != std::string::npos);
}

TEST_CASE("the first screen is the markdown up to the table per street") {
  const auto rep = ranked_fixture_report();
  const auto first = render_markdown_first_screen(rep, Lang::zh);
  const auto md = render_markdown(rep, Lang::zh);
  CHECK(md.rfind(first, 0) == 0);
  CHECK(first.size() < md.size());
  CHECK(first.find("| 甲街道 ⚠ | 4 | 1 | 0 | 0 | 0 | 1 |") != std::string::npos);
  CHECK(first.find("1. 一社区人民调解委员会 (a1)") != std::string::npos);
  CHECK(first.find("## 分单位") == std::string::npos);
  CHECK(md.find("## 分单位") == first.size() + 1);
}

TEST_CASE("JSON follows the documented schema") {
  const auto rep = ranked_fixture_report();
  auto v = boost::json::parse(render_json(rep, Lang::zh));
  const auto& o = v.as_object();
  CHECK(o.at("schema").as_string() == "tiaojie.report.weekly/2");
  CHECK(o.at("week").as_string() == "2026-W47");
  CHECK(o.at("start").as_string() == "2026-11-16T00:00:00+08:00");
  const auto& total = o.at("total").as_object();
  CHECK(total.at("flows").as_object().at("open_end").as_int64() == 5);
  CHECK(total.at("flows").as_object().at("closed").as_int64() == 3);
  CHECK(total.at("backlog").as_object().at("ageing").as_object().at("d31_plus").as_int64() == 2);
  CHECK(total.at("backlog").as_object().at("median_age_days").as_int64() == 20);
  CHECK(o.at("trend").as_array().size() == 12);
  CHECK(o.at("oldest_open").as_array()[0].as_object().at("case_id").as_int64() == 9);
  CHECK(o.at("oldest_open").as_array()[0].as_object().at("age_days").as_int64() == 174);
  CHECK(o.at("worst_overdue").as_array()[0].as_object().at("body").as_string() == "a1");
  bool found = false;
  for (const auto& c : o.at("categories").as_array()) {
    if (c.as_object().at("key").as_string() == "labour") {
      CHECK(c.as_object().at("label").as_string() == "劳动争议");
      found = true;
    }
  }
  CHECK(found);
  CHECK(o.at("scope").as_object().at("level").is_null());
}

TEST_CASE("CSV opens in Excel: a BOM, CRLF lines, one file per table") {
  const auto files = render_csv_files(ranked_fixture_report(), Lang::zh);
  REQUIRE(files.size() == 13);
  const auto& streets = files[2];
  CHECK(streets.name == "streets");
  CHECK(streets.text.rfind("\xEF\xBB\xBF街道,代码,期初在办,新收,", 0) == 0);
  CHECK(streets.text.find("\r\n甲街道,甲街道,4,1,0,0,0,1,") != std::string::npos);
  CHECK(files[6].name == "trend");
  CHECK(files[6].text.find("\r\n2026-W46,3,2,0,5,") != std::string::npos);
  const auto all = render_csv(ranked_fixture_report(), Lang::zh);
  CHECK(all.rfind("\xEF\xBB\xBF# report-2026-W47-summary.csv\r\n", 0) == 0);
}

TEST_CASE("formats and languages parse from their command-line spellings") {
  CHECK(parse_format("md") == Format::markdown);
  CHECK(parse_format("markdown") == Format::markdown);
  CHECK(parse_format("html") == Format::html);
  CHECK_FALSE(parse_format("pdf").has_value());
  CHECK(parse_lang("en") == Lang::en);
  CHECK_FALSE(parse_lang("fr").has_value());
  CHECK(extension(Format::csv) == "csv");
}

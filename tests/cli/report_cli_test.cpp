// `tiaojie report weekly` as a district manager runs it on the shipped Haizhu graph and
// configuration: the title from [reports], a future week refused, the current week marked, the
// street scope, CSV as one file per table. "Now" is injected with the hidden --now.
#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "report/report_fixture.hpp"
#include "store/sqlite_store.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace fs = std::filesystem;

namespace {

// Two cases in 江南中 street (received in 2026-W48 and W49) and one in 赤岗.
fs::path write_store(const fs::path& dir) {
  const auto path = dir / "cases.sqlite";
  auto s = store::SqliteStore::open({.path = path.string()});
  REQUIRE(s.has_value());
  open_case(**s, "J1", "2026-11-24T09:00:00+08:00", "hz.street.jiangnanzhong.committee",
            "neighbour", "2026-12-24");
  open_case(**s, "J2", "2026-12-01T09:00:00+08:00", "hz.street.jiangnanzhong.committee",
            "neighbour", "2026-12-31");
  open_case(**s, "C1", "2026-11-25T09:00:00+08:00", "hz.street.chigang.committee", "neighbour",
            "2026-12-25");
  return path;
}

std::string weekly(const fs::path& store, const std::string& more) {
  return "report weekly --config '" + std::string(TIAOJIE_SOURCE_DIR) +
         "/config/tiaojie.toml' --store '" + store.string() + "' --now 2026-12-03T10:00:00+08:00 " +
         more;
}

}  // namespace

TEST_CASE("report weekly refuses a future week, marks the current one and scopes a street") {
  const auto dir = cli_fresh_dir("report-weekly");
  const auto store = write_store(dir);

  auto future = run_cli(weekly(store, "--week 2027-W01"), dir);
  CAPTURE(future.err);
  CHECK(future.status == 2);
  CHECK(contains(future.err, "2027-W01 has not begun"));

  auto current = run_cli(weekly(store, "--week 2026-W49"), dir);
  CAPTURE(current.err);
  CHECK(current.status == 0);
  CHECK(current.out.rfind("# 海珠区矛盾纠纷调解周报\n\n第49期 · 海珠区司法局 · "
                          "2026年第49周（11月30日—12月6日） · 截至12月3日 10:00\n",
                          0) == 0);
  CHECK(contains(current.out, "> 本周尚未结束，数据截至12月3日 10:00。"));

  // The last complete week by default; one street's bodies by its short name.
  auto street = run_cli(weekly(store, "--street 江南中"), dir);
  CAPTURE(street.err);
  CHECK(street.status == 0);
  CHECK(contains(street.out, "2026年第48周（11月23日—11月29日）\n"));
  CHECK(contains(street.out, "范围: 江南中 ·"));
  CHECK(contains(street.out, "新收 1（↑1）"));  // J1; C1 lies in 赤岗
  auto unknown = run_cli(weekly(store, "--street 无此街"), dir);
  CHECK(unknown.status == 2);
  CHECK(contains(unknown.err, "--street: no street '无此街'"));
  fs::remove_all(dir);
}

TEST_CASE("report weekly --format csv writes one file per table into the folder -o names") {
  const auto dir = cli_fresh_dir("report-csv");
  const auto store = write_store(dir);
  auto r = run_cli(weekly(store, "--week 2026-W48 --format csv -o out"), dir);
  CAPTURE(r.err);
  CHECK(r.status == 0);
  for (const char* table :
       {"summary", "levels", "streets", "bodies", "categories", "channels", "trend",
        "worst_overdue", "largest_growth", "oldest", "major", "key_disputes"}) {
    const auto file = dir / "out" / ("report-2026-W48-" + std::string(table) + ".csv");
    CAPTURE(file);
    CHECK(fs::exists(file));
    CHECK(contains(r.out, file.filename().string()));
  }
  CHECK(fs::exists(dir / "out" / "report-2026-W48-handling.csv"));
  CHECK(fs::exists(dir / "out" / "report-2026-W48.xlsx"));  // the same tables as a workbook
  const auto streets = slurp((dir / "out" / "report-2026-W48-streets.csv").string());
  CHECK(streets.rfind("\xEF\xBB\xBF街道,代码,", 0) == 0);
  CHECK(contains(streets, "\r\n合计,,0,2,"));
  fs::remove_all(dir);
}

TEST_CASE("report monthly and quarterly: the titles, a future period refused, the current marked") {
  const auto dir = cli_fresh_dir("report-monthly");
  const auto store = write_store(dir);
  const auto with = [&](const char* cmd, const std::string& more) {
    auto args = weekly(store, more);
    return run_cli(std::string(cmd) + args.substr(std::string("report weekly").size()), dir);
  };
  auto nov = with("report monthly", "--month 2026-11");
  CAPTURE(nov.err);
  CHECK(nov.status == 0);
  CHECK(contains(nov.out, "海珠区矛盾纠纷调解月报"));
  CHECK(contains(nov.out, "第11期 · 海珠区司法局 · 2026年11月（11月1日—11月30日）"));
  CHECK(contains(nov.out, "本月概况"));
  CHECK(contains(nov.out, "新收 2（↑2）"));  // J1 and C1; none in October
  auto dec = with("report monthly", "--month 2026-12");
  CHECK(dec.status == 0);
  CHECK(contains(dec.out, "截至12月3日 10:00"));
  CHECK(contains(dec.out, "本月尚未结束"));
  auto future = with("report monthly", "--month 2027-01");
  CHECK(future.status == 2);
  CHECK(contains(future.err, "2027-01 has not begun"));
  auto q4 = with("report quarterly", "--quarter 2026-Q4");
  CHECK(q4.status == 0);
  CHECK(contains(q4.out, "海珠区矛盾纠纷调解季报"));
  CHECK(contains(q4.out, "2026年第四季度（10月1日—12月31日）"));
  CHECK(contains(q4.out, "本季度尚未结束"));
  auto q3 = with("report quarterly", "--quarter 2026-Q3");
  CHECK(q3.status == 0);
  CHECK(contains(q3.out, "本季度无新收纠纷"));  // an empty period gets its note
  auto xlsx = with("report quarterly", "--quarter 2026-Q4 --format xlsx -o q4.xlsx");
  CHECK(xlsx.status == 0);
  CHECK(fs::file_size(dir / "q4.xlsx") > 1000);
  auto bad = with("report monthly", "--month 2026-13");
  CHECK(bad.status == 2);
  fs::remove_all(dir);
}

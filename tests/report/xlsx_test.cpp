// The report's workbook (report/writer.hpp write_xlsx): opened as what it is, a zip of XML, by
// python3's zipfile (report/spreadsheet.hpp), and compared sheet by sheet, cell by cell with the
// CSV files written beside it: the sheets' names and order, every number stored as a number (not as
// text), the header row frozen.
#include <doctest/doctest.h>

#include "report/render.hpp"
#include "report/report_fixture.hpp"
#include "report/spreadsheet.hpp"
#include "report/writer.hpp"

using namespace tiaojie;
using namespace tiaojie::report;
using test::csv_rows;
using test::read_workbook;

TEST_CASE("the workbook holds every CSV table as a sheet, numbers as numbers, headers frozen") {
  test::MemoryBackend backend;
  auto s = backend.open();
  test::write_fixture(*s);
  static const auto graph = test::mini_graph();
  auto input = load_window(*s, report_window(IsoWeek{2026, 47}));
  REQUIRE(input.has_value());
  const auto rep = compute_weekly(*input, graph.get(),
                                  {IsoWeek{2026, 47}, {}, test::at("2026-11-23T08:00:00+08:00")});
  test::TempDir dir;
  const std::filesystem::path folder = dir.file("out");
  const Format csv[] = {Format::csv};
  auto written = write_week_files(folder, rep, Lang::zh, csv);
  REQUIRE(written.has_value());
  const auto xlsx = folder / "report-2026-W47.xlsx";
  REQUIRE(std::filesystem::exists(xlsx));

  const auto files = render_csv_files(rep, Lang::zh);
  const auto sheets = read_workbook(xlsx.string(), dir);
  REQUIRE(sheets.size() == files.size());
  CHECK(sheets[0].name == "本周概况");
  CHECK(sheets[1].name == "分层级");
  CHECK(sheets[2].name == "分街道");
  CHECK(sheets.back().name == "办理时长");
  const int numbers = test::check_sheets_match_csv(sheets, files);
  CHECK(numbers > 50);
  // A figure of the streets table: 甲's open cases at the end, a number cell.
  const auto streets = csv_rows(files[2].text);
  REQUIRE(streets.size() > 1);
  const auto open_end = std::find(streets[0].begin(), streets[0].end(), "期末在办");
  REQUIRE(open_end != streets[0].end());
  const int col = static_cast<int>(open_end - streets[0].begin());
  CHECK(sheets[2].cells.at({1, col}).first == 'n');
}

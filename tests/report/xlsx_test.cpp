// The report's workbook (report/writer.hpp write_xlsx): opened as what it is, a zip of XML, by
// python3's zipfile (a .ci/setup package), and compared sheet by sheet, cell by cell with the CSV
// files written beside it: the sheets' names and order, every number stored as a number (not as
// text), the header row frozen.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "report/render.hpp"
#include "report/report_fixture.hpp"
#include "report/writer.hpp"

using namespace tiaojie;
using namespace tiaojie::report;

namespace {

// Prints, for each sheet in workbook order: "sheet<TAB>name<TAB>frozen rows", then one line per
// cell: "cell<TAB>row<TAB>column<TAB>n|s<TAB>value" (n: a number cell, s: text).
constexpr const char* k_reader = R"py(
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
strings = [re.sub(r'<[^>]+>', '', si) for si in
           re.findall(r'<si>(.*?)</si>', z.read('xl/sharedStrings.xml').decode(), re.S)]
def unescape(t):
    return t.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"').replace('&amp;', '&')
names = re.findall(r'<sheet name="([^"]*)"', z.read('xl/workbook.xml').decode())
for i, name in enumerate(names, 1):
    xml = z.read('xl/worksheets/sheet%d.xml' % i).decode()
    pane = re.search(r'<pane [^>]*ySplit="(\d+)"[^>]*state="frozen"', xml)
    print('sheet\t%s\t%s' % (unescape(name), pane.group(1) if pane else 0))
    for ref, attrs, v in re.findall(r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v></c>', xml):
        col = 0
        letters = re.match(r'[A-Z]+', ref).group(0)
        for ch in letters: col = col * 26 + ord(ch) - 64
        row = int(ref[len(letters):])
        if 't="s"' in attrs:
            print('cell\t%d\t%d\ts\t%s' % (row - 1, col - 1, unescape(strings[int(v)])))
        else:
            print('cell\t%d\t%d\tn\t%s' % (row - 1, col - 1, v))
)py";

struct Sheet {
  std::string name;
  int frozen = 0;
  std::map<std::pair<int, int>, std::pair<char, std::string>> cells;
};

std::vector<Sheet> read_workbook(const std::string& xlsx, const test::TempDir& dir) {
  const auto script = dir.file("read.py"), out = dir.file("cells.txt");
  std::ofstream(script) << k_reader;
  const auto cmd = "python3 '" + script + "' '" + xlsx + "' > '" + out + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::ifstream in(out);
  std::vector<Sheet> sheets;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string part; std::getline(ss, part, '\t');) f.push_back(part);
    if (f.size() == 3 && f[0] == "sheet") {
      sheets.push_back({f[1], std::stoi(f[2]), {}});
    } else if (f.size() >= 4 && f[0] == "cell") {
      sheets.back().cells[{std::stoi(f[1]), std::stoi(f[2])}] = {f[3][0], f.size() > 4 ? f[4] : ""};
    }
  }
  return sheets;
}

// The CSV file's rows (our own quoting: RFC 4180).
std::vector<std::vector<std::string>> csv_rows(std::string text) {
  text.erase(0, 3);  // BOM
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted && c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
      field += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (!quoted && c == '\r') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;  // \n
    } else {
      field += c;
    }
  }
  rows.pop_back();  // after the last CRLF
  return rows;
}

}  // namespace

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
  int numbers = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    CAPTURE(files[i].name);
    CHECK(sheets[i].frozen == 1);
    const auto rows = csv_rows(files[i].text);
    std::size_t cells = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        const auto& want = rows[r][c];
        const auto it = sheets[i].cells.find({static_cast<int>(r), static_cast<int>(c)});
        if (want.empty()) {
          CHECK(it == sheets[i].cells.end());
          continue;
        }
        CAPTURE(want);
        REQUIRE(it != sheets[i].cells.end());
        ++cells;
        const auto& [type, value] = it->second;
        if (type == 's') {
          CHECK(value == want);
          continue;
        }
        ++numbers;
        CHECK(r > 0);  // headers stay text
        if (want.ends_with('%')) {
          CHECK(std::stod(value) * 100 == doctest::Approx(std::stod(want)));
        } else {
          CHECK(std::stod(value) == doctest::Approx(std::stod(want)));
        }
      }
    }
    CHECK(cells == sheets[i].cells.size());
  }
  CHECK(numbers > 50);
  // A figure of the streets table: 甲's open cases at the end, a number cell.
  const auto streets = csv_rows(files[2].text);
  REQUIRE(streets.size() > 1);
  const auto open_end = std::find(streets[0].begin(), streets[0].end(), "期末在办");
  REQUIRE(open_end != streets[0].end());
  const int col = static_cast<int>(open_end - streets[0].begin());
  CHECK(sheets[2].cells.at({1, col}).first == 'n');
}

// Reading a report's tables back as a spreadsheet program would: a CSV file's rows (RFC 4180, our
// own quoting, BOM and CRLF) and an .xlsx workbook's sheets and cells, the workbook opened as what
// it is, a zip of XML, by python3's zipfile (a .ci/setup package). Shared by the report tests that
// check figures in the CSV files and the workbook.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "report/render.hpp"
#include "store/store_fixture.hpp"

namespace tiaojie::test {

// Prints, for each sheet in workbook order: "sheet<TAB>name<TAB>frozen rows", then one line per
// cell: "cell<TAB>row<TAB>column<TAB>n|s<TAB>value" (n: a number cell, s: text).
constexpr const char* k_workbook_reader = R"py(
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

inline std::vector<Sheet> read_workbook(const std::string& xlsx, const TempDir& dir) {
  const auto script = dir.file("read.py"), out = dir.file("cells.txt");
  std::ofstream(script) << k_workbook_reader;
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
inline std::vector<std::vector<std::string>> csv_rows(std::string text) {
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

// Checks that the workbook's `sheets` hold the CSV `files` (render_csv_files), in order, cell by
// cell: the same text, a number cell where the CSV has a number (a percentage as its fraction),
// an empty CSV field as no cell, the header row text and frozen. Returns the number cells seen.
inline int check_sheets_match_csv(const std::vector<Sheet>& sheets,
                                  const std::vector<report::CsvFile>& files) {
  REQUIRE(sheets.size() == files.size());
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
  return numbers;
}

}  // namespace tiaojie::test

// write_xlsx (writer.hpp): the CSV tables as one Excel workbook, a sheet per table. Built from
// render_csv_files, so the workbook and the CSV files hold the same cells by construction and a
// column added to a table reaches both; what Excel needs beyond the text is added here: numbers
// as numbers (a percentage as a fraction formatted 0%), a bold header row frozen in place, and a
// sheet name in words (分街道, not "streets"). libxlsxwriter writes only to a file, so the
// workbook is written to a temporary name and renamed, as the other files are.
#include <fmt/format.h>
#include <xlsxwriter.h>

#include <charconv>
#include <set>

#include "report/internal/labels.hpp"
#include "report/writer.hpp"

namespace tiaojie::report {
namespace {

namespace fs = std::filesystem;
using Row = std::vector<std::string>;

// Parses our own CSV (render_csv_files: RFC 4180 quoting, CRLF, a BOM): rows of fields.
std::vector<Row> parse_csv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<Row> rows;
  Row row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      ++i;
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// A cell's number: "12", "-3", "+3" (a change against the previous period: an increase is a
// number as a decrease is), "4.5" (no leading zeros, so codes such as "007" stay text), or "83%"
// as 0.83. nullopt for anything else.
struct Number {
  double value = 0;
  bool percent = false;
  bool plus = false;  // written with its sign: shown so ("+0;-0;0")
};
std::optional<Number> number_of(std::string_view s) {
  Number n;
  if (s.ends_with('%')) {
    n.percent = true;
    s.remove_suffix(1);
  }
  if (s.starts_with('+') && s.size() > 1 && s[1] != '-') {
    n.plus = true;
    s.remove_prefix(1);  // from_chars reads no '+'
  }
  const std::string_view digits = s.starts_with('-') ? s.substr(1) : s;
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  if (digits.size() > 1 && digits[0] == '0' && digits[1] != '.') return std::nullopt;
  bool dot = false;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] == '.' && !dot && i > 0 && i + 1 < digits.size()) {
      dot = true;
    } else if (digits[i] < '0' || digits[i] > '9') {
      return std::nullopt;
    }
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n.value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  if (n.percent) n.value /= 100.0;
  return n;
}

// The sheet's name: the table's title in words, without the characters Excel refuses, at most
// 31 characters; the table's key when the title is taken or unknown.
std::string sheet_name(Lang lang, PeriodKind kind, const std::string& table,
                       std::set<std::string>& used) {
  std::string name = internal::ptext(lang, table, kind);
  for (auto& c : name) {
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = ' ';
  }
  std::size_t chars = 0, cut = name.size();
  for (std::size_t i = 0; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80 && ++chars > 31) {
      cut = i;
      break;
    }
  }
  name.resize(cut);
  if (name.empty() || !used.insert(name).second) {
    name = table.substr(0, 31);
    used.insert(name);
  }
  return name;
}

}  // namespace

std::string xlsx_file_name(Period period) {
  return fmt::format("report-{}.xlsx", format_period(period));
}

Result<fs::path> write_xlsx(const fs::path& path, const WeeklyReport& report, Lang lang) {
  const fs::path tmp = path.string() + ".tmp";
  lxw_workbook* book = workbook_new(tmp.c_str());
  if (!book) return std::unexpected(io_error("cannot create the workbook", tmp.string()));
  lxw_format* head = workbook_add_format(book);
  format_set_bold(head);
  lxw_format* percent = workbook_add_format(book);
  format_set_num_format(percent, "0%");
  // A change as the CSV has it (+3, -2, 0): the signed figures are whole counts or whole points.
  lxw_format* plus = workbook_add_format(book);
  format_set_num_format(plus, "+0;-0;0");
  lxw_format* plus_percent = workbook_add_format(book);
  format_set_num_format(plus_percent, "+0%;-0%;0%");
  std::set<std::string> used;
  for (const auto& file : render_csv_files(report, lang)) {
    const auto name = sheet_name(lang, report.period.kind, file.name, used);
    lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
    if (!sheet) {
      workbook_close(book);
      return std::unexpected(io_error(fmt::format("cannot add the sheet {}", name), tmp.string()));
    }
    const auto rows = parse_csv(file.text);
    std::size_t widest = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        const auto& cell = rows[r][c];
        const auto row = static_cast<lxw_row_t>(r);
        const auto col = static_cast<lxw_col_t>(c);
        const auto n = r == 0 ? std::nullopt : number_of(cell);
        if (n) {
          lxw_format* shown =
              n->plus ? (n->percent ? plus_percent : plus) : (n->percent ? percent : nullptr);
          worksheet_write_number(sheet, row, col, n->value, shown);
        } else if (!cell.empty()) {
          worksheet_write_string(sheet, row, col, cell.c_str(), r == 0 ? head : nullptr);
        }
      }
      widest = std::max(widest, rows[r].size());
    }
    if (widest > 0) worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(widest - 1), 14, nullptr);
    worksheet_freeze_panes(sheet, 1, 0);  // the header row stays in view
  }
  if (const lxw_error e = workbook_close(book); e != LXW_NO_ERROR)
    return std::unexpected(io_error(lxw_strerror(e), tmp.string()));
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return std::unexpected(io_error(ec.message(), path.string()));
  return path;
}

}  // namespace tiaojie::report

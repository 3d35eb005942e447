// The reports page: the weekly, monthly and quarterly reports the daemon has written, for the
// district's managers (docs/workbench.md "Reports").
#include "daemon/http/html.hpp"
#include "daemon/http/page_frame.hpp"
#include "daemon/http/pages.hpp"

namespace tiaojie::daemon::http {
namespace {

std::string_view kind_label(std::string_view period) {
  if (period.find('W') != std::string_view::npos) return "周报";
  if (period.find('Q') != std::string_view::npos) return "季报";
  return "月报";
}

}  // namespace

std::string reports_page(const Viewer& viewer, const std::vector<ReportEntry>& reports) {
  Html h;
  open_page(h, "报表", &viewer);
  if (reports.empty()) {
    h << "<p>尚无报表。报表由守护进程按 [reports] 的安排生成（docs/reports.md）。</p>";
  } else {
    h << "<table class=\"reports\"><thead><tr><th>期间</th><th>类型</th><th>文件</th></tr></thead>"
         "<tbody>";
    for (const auto& r : reports) {
      h << "<tr><td><a href=\"/report?period=";
      h.text(r.period) << "\">";
      h.text(r.period) << "</a></td><td>";
      h.text(kind_label(r.period)) << "</td><td>";
      if (r.workbook) {
        h << "<a href=\"/report/file?name=report-";
        h.text(r.period) << ".xlsx\">Excel</a>";
      }
      h << "</td></tr>";
    }
    h << "</tbody></table>";
  }
  close_page(h);
  return std::move(h).str();
}

}  // namespace tiaojie::daemon::http

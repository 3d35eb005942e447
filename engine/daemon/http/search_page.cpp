// The search page: cases by date range, category, status, street and text (docs/workbench.md
// "Pages"), open and closed alike.
#include <fmt/format.h>

#include "daemon/http/html.hpp"
#include "daemon/http/page_frame.hpp"
#include "daemon/http/pages.hpp"
#include "daemon/log.hpp"
#include "model/utf8.hpp"

namespace tiaojie::daemon::http {
namespace {

// The first `n` code points of valid UTF-8 `text`, with "…" when cut.
std::string first_chars(std::string_view text, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t count = 0; at < text.size() && count < n; ++count) {
    const auto b = static_cast<unsigned char>(text[at]);
    at += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  }
  if (at >= text.size()) return std::string(text);
  return std::string(text.substr(0, at)) + "…";
}

void select_option(Html& h, std::string_view value, std::string_view label, bool selected) {
  h << "<option value=\"";
  h.text(value) << "\"";
  if (selected) h << " selected";
  h << ">";
  h.text(label) << "</option>";
}

void search_form(Html& h, const command::Search& q, const Names& names) {
  h << "<form method=\"get\" action=\"/search\" class=\"filters\"><label>登记日期 <input "
       "type=\"date\" name=\"from\" required value=\"";
  h.text(format_date(q.from)) << "\"></label><label>至 <input type=\"date\" name=\"to\" required "
                                 "value=\"";
  h.text(format_date(q.to)) << "\"></label><label>类别 <select name=\"category\">";
  select_option(h, "", "全部", q.category.empty());
  if (names.rules) {
    for (const auto& c : names.rules->categories())
      select_option(h, c.id, c.label_zh.empty() ? c.id : c.label_zh, c.id == q.category);
  }
  h << "</select></label><label>状态 <select name=\"status\">";
  select_option(h, "", "全部", !q.status);
  for (auto s : lifecycle::status_names()) {
    const auto status = *lifecycle::parse_status(s);
    select_option(h, s, status_label(status), q.status == status);
  }
  h << "</select></label><label>街道 <select name=\"street\">";
  select_option(h, "", "全部", q.street.empty());
  if (names.graph) {
    for (auto street : names.graph->street_names())
      select_option(h, street, street, street == q.street);
  }
  h << "</select></label><label>描述含 <input name=\"text\" value=\"";
  h.text(q.text) << "\"></label><button type=\"submit\">查询</button></form>";
}

}  // namespace

std::string search_page(const Viewer& viewer, const command::Search& query, const SearchView* view,
                        const Names& names) {
  Html h;
  open_page(h, "查询", &viewer);
  search_form(h, query, names);
  if (view) {
    h << "<p class=\"count\">";
    h.text(view->total > view->hits.size()
               ? fmt::format("共 {} 件，列出前 {} 件", view->total, view->hits.size())
               : fmt::format("共 {} 件", view->total))
        << "</p>";
    if (!view->hits.empty()) {
      h << "<table class=\"search\"><thead><tr><th>案件</th><th>登记时间</th><th>渠道</th>"
           "<th>类别</th><th>状态</th><th>承办机构</th><th>纠纷描述</th></tr></thead><tbody>";
      for (const auto& hit : view->hits) {
        h << "<tr><td><a href=\"/case?id=";
        h.number(hit.case_id) << "\">";
        h.number(hit.case_id) << "</a></td><td>";
        h.text(local_time(hit.received_at)) << "</td><td>";
        h.text(hit.channel) << "</td><td>";
        h.text(hit.category.empty() ? std::string_view("—") : names.category(hit.category))
            << "</td><td>";
        h.text(status_label(hit.status)) << "</td><td>";
        h.text(hit.body.empty() ? std::string_view("—") : names.body(hit.body)) << "</td><td>";
        h.text(first_chars(mask_personal_data(hit.description), 40)) << "</td></tr>";
      }
      h << "</tbody></table>";
    }
  }
  close_page(h);
  return std::move(h).str();
}

}  // namespace tiaojie::daemon::http

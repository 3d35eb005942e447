// The queue page: a body's (or a street's, or the district's) open cases, soonest due first, with
// both clocks and the overdue and provisional marks (docs/workbench.md "The queue").
#include <fmt/format.h>

#include "daemon/http/form.hpp"
#include "daemon/http/html.hpp"
#include "daemon/http/page_frame.hpp"
#include "daemon/http/pages.hpp"

namespace tiaojie::daemon::http {
namespace {

using Show = command::Queue::Show;

std::string_view show_value(Show show) {
  switch (show) {
    case Show::all:
      return "all";
    case Show::waiting:
      return "waiting";
    case Show::in_progress:
      return "in_progress";
    case Show::overdue:
      return "overdue";
  }
  return "all";
}

void filter_form(Html& h, const command::Queue& query, const Names& names) {
  h << "<form method=\"get\" action=\"/queue\" class=\"filters\"><label>类别 <select "
       "name=\"category\"><option value=\"\">全部</option>";
  if (names.rules) {
    for (const auto& c : names.rules->categories()) {
      h << "<option value=\"";
      h.text(c.id) << "\"";
      if (c.id == query.category) h << " selected";
      h << ">";
      h.text(c.label_zh.empty() ? c.id : c.label_zh) << "</option>";
    }
  }
  h << "</select></label><label>状态 <select name=\"show\">";
  constexpr std::pair<Show, const char*> k_shows[] = {{Show::all, "全部在办"},
                                                      {Show::waiting, "待受理"},
                                                      {Show::in_progress, "办理中"},
                                                      {Show::overdue, "已逾期"}};
  for (const auto& [show, label] : k_shows) {
    h << "<option value=\"";
    h.text(show_value(show)) << "\"";
    if (show == query.show) h << " selected";
    h << ">";
    h.text(label) << "</option>";
  }
  h << "</select></label>";
  if (!query.body.empty()) {
    h << "<input type=\"hidden\" name=\"body\" value=\"";
    h.text(query.body) << "\">";
  }
  if (!query.street.empty()) {
    h << "<input type=\"hidden\" name=\"street\" value=\"";
    h.text(query.street) << "\">";
  }
  h << "<button type=\"submit\">筛选</button></form>";
}

// The same query at another offset.
std::string page_link(const command::Queue& query, std::size_t offset) {
  std::string link = "/queue?show=" + std::string(show_value(query.show));
  auto add = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) link += fmt::format("&{}={}", key, url_encode(value));
  };
  add("category", query.category);
  add("body", query.body);
  add("street", query.street);
  link += fmt::format("&offset={}", offset);
  return link;
}

void due_cell(Html& h, const QueueItem& item) {
  h << "<td>";
  if (!item.due) {
    h << "—</td>";
    return;
  }
  h.text(format_date(*item.due));
  if (item.overdue) h << " <span class=\"overdue\">逾期</span>";
  if (item.due_provisional_year != 0) {
    h << " <span class=\"provisional\" title=\"";
    h.text(fmt::format("{} 年的节假日安排尚未载入，期限按暂定日历计算", item.due_provisional_year))
        << "\">暂定</span>";
  }
  h << "</td>";
}

}  // namespace

std::string queue_page(const Viewer& viewer, const command::Queue& query, const QueueView& view,
                       const Names& names) {
  Html h;
  std::string title = "案件队列";
  if (!query.body.empty()) {
    title += " · " + std::string(names.body(query.body));
  } else if (!query.street.empty()) {
    title += " · " + query.street;
  } else if (!viewer.reach_label.empty()) {
    title += " · " + viewer.reach_label;
  }
  open_page(h, title, &viewer);
  filter_form(h, query, names);
  h << "<p class=\"count\">";
  h.text(fmt::format("截至 {}：共 {} 件", format_date(view.as_of), view.total));
  if (view.total > 0) {
    h.text(fmt::format("，显示第 {}–{} 件", query.offset + 1, query.offset + view.items.size()));
  }
  h << "</p>";
  if (view.items.empty()) {
    h << "<p>没有符合条件的在办案件。</p>";
  } else {
    h << "<table class=\"queue\"><thead><tr><th>案件</th><th>类别</th><th>承办机构</th>"
         "<th>状态</th><th>法定期限</th><th>渠道答复期限</th></tr></thead><tbody>";
    for (const auto& item : view.items) {
      h << "<tr";
      if (item.overdue || item.reply_overdue) h << " class=\"late\"";
      h << "><td><a href=\"/case?id=";
      h.number(item.case_id) << "\">";
      h.number(item.case_id) << "</a></td><td>";
      h.text(names.category(item.category)) << "</td><td>";
      h.text(names.body(item.body));
      if (item.level) {
        h << " <small>";
        h.text(label_zh(*item.level)) << "</small>";
      }
      h << "</td><td>";
      h.text(status_label(item.status)) << "</td>";
      due_cell(h, item);
      h << "<td>";
      if (item.reply_due) {
        h.text(local_time(*item.reply_due));
        if (item.reply_overdue) h << " <span class=\"overdue\">逾期</span>";
      } else {
        h << "—";
      }
      h << "</td></tr>";
    }
    h << "</tbody></table>";
  }
  h << "<div class=\"pager\">";
  if (query.offset > 0) {
    const auto previous = query.offset > query.limit ? query.offset - query.limit : 0;
    h << "<a href=\"";
    h.text(page_link(query, previous)) << "\">上一页</a>";
  }
  if (query.offset + view.items.size() < view.total) {
    h << "<a href=\"";
    h.text(page_link(query, query.offset + view.items.size())) << "\">下一页</a>";
  }
  h << "</div>";
  close_page(h);
  return std::move(h).str();
}

}  // namespace tiaojie::daemon::http

// What every page shares: labels, the frame, the stylesheet, the sign-in and message pages.
#include <fmt/format.h>

#include <array>

#include "daemon/http/html.hpp"
#include "daemon/http/page_frame.hpp"
#include "daemon/http/pages.hpp"

namespace tiaojie::daemon::http {

std::string_view Names::body(std::string_view id) const {
  if (graph) {
    if (auto b = graph->find(id)) return graph->body(*b).name;
  }
  return id;
}

std::string_view Names::category(std::string_view id) const {
  if (rules) {
    if (const auto* c = rules->find_category(id); c && !c->label_zh.empty()) return c->label_zh;
  }
  return id;
}

std::string_view status_label(lifecycle::Status status) {
  using lifecycle::Status;
  switch (status) {
    case Status::received:
      return "已登记";
    case Status::assigned:
      return "待受理";
    case Status::accepted:
      return "已受理";
    case Status::in_mediation:
      return "调解中";
    case Status::resolved:
      return "调解成功";
    case Status::failed:
      return "调解不成";
    case Status::withdrawn:
      return "已撤回";
    case Status::closed:
      return "已结案";
  }
  return "";
}

std::string_view event_label(lifecycle::EventKind kind) {
  // In the order of lifecycle::EventKind.
  static constexpr std::array<std::string_view, 22> k_labels = {
      "登记",     "分类",     "分派",     "受理",     "开始调解", "调解成功",
      "调解不成", "撤回",     "移交",     "上报升级", "临期提醒", "逾期",
      "督办",     "结案",     "重新办理", "答复临期", "答复逾期", "期限变更",
      "中止计时", "恢复计时", "延长期限", "回访"};
  const auto i = static_cast<std::size_t>(kind);
  return i < k_labels.size() ? k_labels[i] : lifecycle::to_string(kind);
}

std::string local_time(Timestamp t) {
  // format_timestamp: "2026-11-24T10:00:00+08:00".
  auto iso = format_timestamp(t);
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

void open_page(Html& h, std::string_view title, const Viewer* viewer) {
  h << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<link rel=\"stylesheet\" href=\"/static/workbench.css\"><title>";
  h.text(title) << " · 调解工作台</title></head><body><header><a class=\"home\" href=\"/queue\">"
                   "调解工作台</a>";
  if (viewer) {
    h << "<nav><a href=\"/queue\">案件队列</a><a href=\"/dashboard\">积案看板</a>"
         "<a href=\"/search\">查询</a>"
         "<a href=\"/reports\">报表</a><a href=\"/versions\">规则与机构图</a></nav>"
         "<span class=\"who\">";
    h.text(viewer->display_name) << " · ";
    h.text(viewer->role_label);
    if (!viewer->reach_label.empty()) h << " · ";
    h.text(viewer->reach_label) << "</span>";
    post_form_open(h, "/logout", *viewer, "logout");
    h << "<button type=\"submit\">退出</button></form>";
  }
  h << "</header><main><h1>";
  h.text(title) << "</h1>";
}

void close_page(Html& h) { h << "</main></body></html>\n"; }

void post_form_open(Html& h, std::string_view action, const Viewer& viewer,
                    std::string_view css_class) {
  h << "<form method=\"post\" action=\"";
  h.text(action) << "\" class=\"";
  h.text(css_class) << "\"><input type=\"hidden\" name=\"csrf\" value=\"";
  h.text(viewer.csrf_token) << "\">";
}

std::string login_page(std::string_view error, std::string_view name) {
  Html h;
  open_page(h, "登录", nullptr);
  if (!error.empty()) {
    h << "<p class=\"error\" role=\"alert\">";
    h.text(error) << "</p>";
  }
  // No CSRF token before a session exists: SameSite=Strict cookies and the login rate limit
  // guard the form (docs/workbench.md "Accounts and logins").
  h << "<form method=\"post\" action=\"/login\" class=\"login\"><label>账号 <input name=\"name\" "
       "autocomplete=\"username\" required value=\"";
  h.text(name) << "\"></label><label>密码 <input name=\"password\" type=\"password\" "
                  "autocomplete=\"current-password\" required></label>"
                  "<button type=\"submit\">登录</button></form>";
  close_page(h);
  return std::move(h).str();
}

std::string message_page(const Viewer* viewer, std::string_view title, std::string_view message) {
  Html h;
  open_page(h, title, viewer);
  h << "<p class=\"message\">";
  h.text(message) << "</p><p><a href=\"/queue\">返回案件队列</a></p>";
  close_page(h);
  return std::move(h).str();
}

std::string_view workbench_css() {
  // Plain CSS, no web fonts or images: quick on an old office PC.
  return R"(body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;color:#222;background:#f6f6f4}
header{display:flex;gap:1.5em;align-items:center;background:#8b1a1a;color:#fff;padding:.5em 1em}
header a{color:#fff;text-decoration:none}header nav{display:flex;gap:1em}header .who{margin-left:auto}
header form{margin:0}main{padding:1em 1.5em;max-width:80em}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}.overdue{color:#b00;font-weight:bold}.provisional{color:#a60}.error{color:#b00;font-weight:bold}
.notice{background:#eef6ee;border:1px solid #9c9;padding:.5em}.filters{display:flex;gap:1em;flex-wrap:wrap;margin-bottom:1em}
section{background:#fff;border:1px solid #ddd;padding:.5em 1em;margin-bottom:1em}dl{display:grid;grid-template-columns:10em 1fr;gap:.2em 1em}
dt{color:#555}.actions form{display:inline-block;border:1px solid #ddd;padding:.5em;margin:.3em;vertical-align:top;background:#fafafa}
.actions label{display:block;margin:.2em 0}.login{display:flex;flex-direction:column;gap:.5em;max-width:20em}
.pager{margin-top:.5em;display:flex;gap:1em}
)";
}

}  // namespace tiaojie::daemon::http

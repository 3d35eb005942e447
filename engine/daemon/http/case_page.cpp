// The case page: everything about one case on one page, and its next steps' forms
// (docs/workbench.md "The case page").
#include <fmt/format.h>

#include "daemon/http/html.hpp"
#include "daemon/http/page_frame.hpp"
#include "daemon/http/pages.hpp"
#include "daemon/log.hpp"
#include "lifecycle/case_state.hpp"
#include "model/dispute_json.hpp"
#include "support/overloaded.hpp"

namespace tiaojie::daemon::http {
namespace {

using lifecycle::EventKind;

void row(Html& h, Markup term, std::string_view value) {
  h << "<dt>" << term << "</dt><dd>";
  h.text(value) << "</dd>";
}

std::string rule_of(const RuleRef& ref) {
  if (ref.empty()) return "默认值";
  return fmt::format("{}#{}（{}:{}）", ref.table(), ref.rule_id(), ref.file(), ref.line());
}

void summary(Html& h, const lifecycle::CaseState& s, const Names& names) {
  h << "<section class=\"summary\"><h2>基本情况</h2><dl>";
  row(h, "状态", status_label(s.status));
  row(h, "渠道", s.channel);
  row(h, "渠道编号", s.external_id);
  row(h, "登记时间", local_time(s.received_at));
  row(h, "承办机构", s.body.value.empty() ? "—" : names.body(s.body.value));
  h << "<dt>法定期限</dt><dd>";
  if (s.due) {
    h.text(format_date(*s.due));
    if (s.due_provisional_year != 0) {
      h << " <span class=\"provisional\">";
      h.text(fmt::format("暂定（{} 年节假日安排未载入）", s.due_provisional_year)) << "</span>";
    }
    if (s.suspended_since) {
      h << " <span class=\"provisional\">";
      h.text(fmt::format("自 {} 起中止计时", format_date(*s.suspended_since))) << "</span>";
    }
  } else {
    h << "—";
  }
  h << "</dd>";
  row(h, "渠道答复期限", s.reply_due ? local_time(*s.reply_due) : "—");
  row(h, "移交/升级/督办",
      fmt::format("{} / {} / {}", s.transfers, s.escalations, s.supervision_notices));
  h << "</dl></section>";
}

void party(Html& h, Markup term, const std::optional<Party>& p, bool personal_data) {
  if (!p) return;
  std::string text = p->name;
  for (const auto& number : {p->phone, p->id_number}) {
    if (number.empty()) continue;
    text += "，";
    text += personal_data ? number : mask_personal_data(number);
  }
  row(h, term, text);
}

void dispute_section(Html& h, const std::optional<store::StoredDispute>& stored,
                     bool personal_data) {
  h << "<section class=\"dispute\"><h2>纠纷情况</h2>";
  if (!stored) {
    h << "<p>未找到登记的纠纷内容。</p></section>";
    return;
  }
  if (stored->damaged) {
    h << "<p class=\"error\">此纠纷的存储内容校验失败，请联系运维人员（store verify）。</p>";
  }
  auto d = parse_dispute(stored->json);
  if (!d) {
    h << "<p class=\"error\">";
    h.text("纠纷内容无法读取：" + d.error().to_string()) << "</p></section>";
    return;
  }
  h << "<dl>";
  // The description is the public's own words: it is escaped like every value, and numbers in it
  // are masked for those who may not see personal data.
  row(h, "纠纷描述", personal_data ? d->description : mask_personal_data(d->description));
  if (d->parties) row(h, "涉及人数", std::to_string(*d->parties));
  if (d->amount_claimed) row(h, "涉及金额", fmt::format("{:.2f} 元", *d->amount_claimed));
  if (d->injuries) row(h, "人身伤害", "有");
  std::string place;
  for (const auto* part : {&d->street, &d->community, &d->address}) {
    if (!*part) continue;
    if (!place.empty()) place += " ";
    place += **part;
  }
  if (!place.empty()) row(h, "事发地点", personal_data ? place : mask_personal_data(place));
  if (d->location_review) row(h, "地址待核", *d->location_review);
  party(h, "申请人", d->claimant, personal_data);
  party(h, "被申请人", d->respondent, personal_data);
  h << "</dl>";
  if (!personal_data)
    h << "<p class=\"note\">电话和身份证号已隐去部分数字：仅承办机构人员可见全文。</p>";
  h << "</section>";
}

void decision_section(Html& h, const lifecycle::CaseState& s, const Names& names) {
  if (!s.classification) return;
  const auto& c = *s.classification;
  h << "<section class=\"decision\"><h2>分类决定</h2><table><thead><tr><th>项目</th><th>结果</th>"
       "<th>依据规则</th></tr></thead><tbody>";
  auto line = [&](Markup item, std::string_view value, const RuleRef& ref) {
    h << "<tr><td>" << item << "</td><td>";
    h.text(value) << "</td><td>";
    h.text(rule_of(ref)) << "</td></tr>";
  };
  line("类别", names.category(c.category), c.category_rule);
  line("优先级", to_string(c.priority), c.priority_rule);
  line("调解方式", label_zh(c.mode), c.mode_rule);
  line("层级", label_zh(c.level), c.level_rule);
  line("期限", fmt::format("{} {}", c.deadline.days, to_string(c.deadline.count)), c.deadline_rule);
  h << "</tbody></table><p><small>";
  h.text("规则版本 " + c.rules_version) << "</small></p></section>";
}

void path_section(Html& h, const lifecycle::CaseState& s, const Names& names) {
  if (!s.assignment) return;
  const auto& a = *s.assignment;
  h << "<section class=\"path\"><h2>分派路径</h2>";
  if (!a.location.empty()) {
    h << "<p>";
    h.text("管辖地：" + a.location) << "</p>";
  }
  if (a.needs_review) {
    h << "<p class=\"error\">";
    h.text("需人工核定：" + a.review_reason) << "</p>";
  }
  h << "<ol>";
  for (const auto& step : a.path) {
    h << "<li>";
    h.text(names.body(step.body.value)) << "：";
    h.text(step.verdict) << "</li>";
  }
  h << "</ol></section>";
}

std::string detail_of(const lifecycle::Event& e, const Names& names) {
  using namespace lifecycle;
  return std::visit(
      Overloaded{
          [&](const Transferred& t) {
            return fmt::format("移交至 {}；{}", names.body(t.target.value), t.reason);
          },
          [&](const Escalated& t) {
            return fmt::format("升级至 {}；{}", names.body(t.target.value), t.reason);
          },
          [](const Resolved& r) { return r.agreement; },
          [](const Failed& f) { return fmt::format("{}；{}", to_string(f.next_route), f.reason); },
          [](const Withdrawn& w) { return w.reason; },
          [](const Closed& c) { return c.note; },
          [](const Suspended& s) { return s.reason; },
          [](const Extended& x) { return fmt::format("{}（{}）", x.reason, x.units); },
          [](const FeedbackGiven& f) { return std::string(chinese_label(f.rating)); },
          [](const auto&) { return std::string(); },
      },
      e.data);
}

void timeline_section(Html& h, const store::CaseRecord& record, const Names& names) {
  h << "<section class=\"timeline\"><h2>办理时间线</h2><table><thead><tr><th>时间</th>"
       "<th>事项</th><th>机构</th><th>操作人</th><th>说明</th></tr></thead><tbody>";
  for (const auto& stored : record.events) {
    const auto& e = stored.event;
    h << "<tr><td>";
    h.text(local_time(e.at)) << "</td><td>";
    h.text(event_label(e.kind())) << "</td><td>";
    h.text(e.body.value.empty() ? "" : names.body(e.body.value)) << "</td><td>";
    h.text(e.actor) << "</td><td>";
    h.text(mask_personal_data(detail_of(e, names))) << "</td></tr>";
  }
  h << "</tbody></table></section>";
}

void links_section(Html& h, const lifecycle::CaseState& s) {
  if (s.repeat_of.empty() && !s.feedback) return;
  h << "<section class=\"links\"><h2>重复信访与回访</h2>";
  if (!s.repeat_of.empty()) {
    h << "<p>重复前案：";
    for (const auto& link : s.repeat_of) {
      h << "<a href=\"/case?id=";
      h.number(link.earlier.value) << "\">";
      h.number(link.earlier.value) << "</a> ";
    }
    h << "</p>";
  }
  if (s.feedback) {
    h << "<p>";
    h.text(fmt::format("回访（{}）：{}", s.feedback->channel, chinese_label(s.feedback->rating)))
        << "</p>";
  }
  h << "</section>";
}

// One action's form: the case id, the operation, its fields.
void action_form(Html& h, const Viewer& viewer, std::int64_t case_id, Markup op, Markup label,
                 Markup fields) {
  post_form_open(h, "/case/action", viewer, "action");
  h << "<input type=\"hidden\" name=\"case\" value=\"";
  h.number(case_id) << "\"><input type=\"hidden\" name=\"op\" value=\"" << op << "\">" << fields
                    << "<button type=\"submit\">" << label << "</button></form>";
}

void transfer_form(Html& h, const Viewer& viewer, const lifecycle::CaseState& s,
                   const Names& names) {
  if (!names.graph) return;
  post_form_open(h, "/case/action", viewer, "action");
  h << "<input type=\"hidden\" name=\"case\" value=\"";
  h.number(s.id.value) << "\"><input type=\"hidden\" name=\"op\" value=\"transfer\">"
                          "<label>移交至 <select name=\"body\" required><option value=\"\">"
                          "请选择</option>";
  const auto& g = *names.graph;
  for (std::size_t i = 0; i < g.body_count(); ++i) {
    const auto& b = g.body(static_cast<graph::BodyIndex>(i));
    if (b.id == s.body) continue;
    h << "<option value=\"";
    h.text(b.id.value) << "\">";
    h.text(b.name) << "</option>";
  }
  h << "</select></label><label>理由 <input name=\"reason\"></label>"
       "<button type=\"submit\">移交</button></form>";
}

void actions_section(Html& h, const Viewer& viewer, const lifecycle::CaseState& s,
                     const Names& names) {
  if (!viewer.may_act) return;
  auto legal = [&](EventKind kind) { return lifecycle::is_legal(s.status, kind); };
  Html forms;
  if (legal(EventKind::accepted)) action_form(forms, viewer, s.id.value, "accept", "受理", "");
  if (legal(EventKind::mediation_started))
    action_form(forms, viewer, s.id.value, "start_mediation", "开始调解", "");
  if (lifecycle::is_open(s.status)) {
    if (s.suspended_since) {
      action_form(forms, viewer, s.id.value, "resume", "恢复计时", "");
    } else {
      action_form(forms, viewer, s.id.value, "suspend", "中止计时",
                  "<label>理由（如鉴定） <input name=\"reason\" required></label>");
    }
    action_form(forms, viewer, s.id.value, "extend", "延长期限",
                "<label>天数 <input name=\"days\" type=\"number\" min=\"1\" max=\"3650\" "
                "required></label><label>理由 <input name=\"reason\" required></label>");
  }
  if (legal(EventKind::transferred)) transfer_form(forms, viewer, s, names);
  if (legal(EventKind::resolved) || legal(EventKind::failed)) {
    action_form(forms, viewer, s.id.value, "resolve", "办结",
                "<label>结果 <select name=\"outcome\" required><option value=\"\">请选择</option>"
                "<option value=\"resolved\">调解成功</option><option value=\"failed\">调解不成"
                "</option></select></label><label>协议摘要 <input name=\"agreement\"></label>"
                "<label><input type=\"checkbox\" name=\"judicial_confirmation\"> 申请司法确认"
                "</label><label>不成时的去向 <select name=\"next_route\"><option value=\"\">"
                "—</option><option value=\"arbitration\">仲裁</option><option "
                "value=\"litigation\">诉讼</option><option value=\"administrative\">行政处理"
                "</option></select></label><label>不成原因 <input name=\"reason\"></label>");
  }
  if (legal(EventKind::withdrawn))
    action_form(forms, viewer, s.id.value, "withdraw", "撤回",
                "<label>理由 <input name=\"reason\"></label>");
  if (legal(EventKind::closed))
    action_form(forms, viewer, s.id.value, "close", "结案",
                "<label>备注 <input name=\"note\"></label>");
  if (forms.view().empty()) return;
  h << "<section class=\"actions\"><h2>办理</h2>";
  h << "<div>" << forms << "</div></section>";
}

}  // namespace

std::string case_page(const Viewer& viewer, const CaseView& view, const Names& names,
                      bool personal_data, std::string_view message) {
  const auto& s = view.record.state;
  Html h;
  open_page(h, fmt::format("案件 {}", s.id.value), &viewer);
  if (!message.empty()) {
    h << "<p class=\"notice\" role=\"status\">";
    h.text(message) << "</p>";
  }
  summary(h, s, names);
  actions_section(h, viewer, s, names);
  dispute_section(h, view.dispute, personal_data);
  decision_section(h, s, names);
  path_section(h, s, names);
  timeline_section(h, view.record, names);
  links_section(h, s);
  close_page(h);
  return std::move(h).str();
}

}  // namespace tiaojie::daemon::http

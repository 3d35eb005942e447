#include "report/internal/labels.hpp"

#include <fmt/format.h>

#include <map>

namespace tiaojie::report::internal {
namespace {

struct Label {
  std::string_view zh, en;
};

const std::map<std::string_view, Label>& texts() {
  static const std::map<std::string_view, Label> k{
      {"title", {"矛盾纠纷调解周报", "Weekly mediation report"}},
      {"head_levels", {"层级", "Level"}},
      {"head_streets", {"街道", "Street"}},
      {"head_bodies", {"单位", "Body"}},
      {"head_categories", {"类别", "Category"}},
      {"head_channels", {"渠道", "Channel"}},
      {"head_summary", {"范围", "Scope"}},
      {"code", {"代码", "Id"}},
      {"total_row", {"合计", "Total"}},
      {"flag_behind", {"超期预警", "Overdue warning"}},
      {"yes", {"是", "yes"}},
      {"no", {"否", "no"}},
      {"change", {"较上周", "vs last week"}},
      {"previous", {"上周", "Last week"}},
      {"clock_suspended", {"本周中止", "Suspended"}},
      {"clock_resumed", {"本周恢复", "Resumed"}},
      {"clock_at_end", {"期末仍中止", "Suspended at end"}},
      {"clock_days", {"本周中止天数", "Days suspended"}},
      {"clock_extended", {"本周延长", "Extensions"}},
      {"same", {"持平", "same"}},
      {"points", {"个百分点", " pt"}},
      {"overdue_count", {"超期", "Overdue"}},
      {"open_count", {"在办", "Open"}},
      {"worst_overdue_rule",
       {"仅列期末在办不少于{}件的单位；超期率=超期(调解时限)÷期末在办。",
        "Only bodies with at least {} open cases; ratio = overdue ÷ open."}},
      {"quiet_bodies",
       {"另有{}个单位本周无案件，未列出。", "{} more bodies had no cases and are not listed."}},
      {"quiet_streets",
       {"另有{}个街道本周无案件，未列出。", "{} more streets had no cases and are not listed."}},
      {"empty_week", {"本周无新收纠纷。", "No disputes were received this week."}},
      {"empty_all",
       {"本周无新收纠纷，亦无在办、办结案件。", "Nothing was received, open or closed this week."}},
      {"partial", {"本周尚未结束，数据截至{}。", "The week is not over: figures as of {}."}},
      {"as_of", {"截至", "as of"}},
      {"issue", {"第{}期", "Issue {}"}},
      {"major", {"群体性及重大纠纷", "Group and major disputes"}},
      {"key_disputes", {"重点纠纷", "Key disputes"}},
      {"kind", {"项目", "Item"}},
      {"disputes", {"件数", "Disputes"}},
      {"people", {"涉及人数", "People"}},
      {"amount", {"涉及金额", "Amount"}},
      {"new_all", {"本周新收", "Received this week"}},
      {"group_row", {"群体性纠纷（{}人以上）", "Group disputes ({}+ people)"}},
      {"major_row", {"重大纠纷（{}以上或紧急）", "Major disputes ({}+ or urgent)"}},
      {"key_rule",
       {"入选规则：优先级为高或紧急、群体性或重大纠纷；不含当事人姓名、电话、证件号码。",
        "Selected: priority high or urgent, group or major; no names, phones or ID numbers."}},
      {"not_listed", {"另有{}件未列出。", "{} more not listed."}},
      {"received", {"收案日期", "Received"}},
      {"priority", {"优先级", "Priority"}},
      {"status", {"状态", "Status"}},
      {"reason", {"入选原因", "Why"}},
      {"reason_group", {"群体性", "group"}},
      {"reason_major", {"重大", "major"}},
      {"reason_priority", {"优先级", "priority"}},
      {"not_read", {"（未读取纠纷明细）", "(disputes not read)"}},
      {"chart_categories", {"各类别期末在办与本周新收", "Open and new cases by category"}},
      {"week_col", {"周次", "Week"}},
      {"week", {"周次", "Week"}},
      {"generated", {"生成时间", "Generated"}},
      {"scope", {"范围", "Scope"}},
      {"summary", {"本周概况", "This week"}},
      {"levels", {"分层级", "By level"}},
      {"streets", {"分街道", "By street"}},
      {"bodies", {"分单位", "By body"}},
      {"categories", {"分类别", "By category"}},
      {"channels", {"分来源渠道", "By channel"}},
      {"trend", {"十二周趋势", "Twelve-week trend"}},
      {"worst_overdue", {"超期率最高的单位", "Worst overdue ratio"}},
      {"largest_growth", {"积压增长最多的单位", "Largest backlog growth"}},
      {"oldest", {"在办时间最长的案件", "Oldest open cases"}},
      {"clocks", {"期限中止与延长", "Suspended deadlines"}},  // xlsx sheet names
      {"handling", {"办理时长", "Handling time"}},
      {"notes", {"口径说明", "How the numbers are made"}},
      {"note_closed",
       {"办结=调解成功+调解不成+撤回：本周离开在办状态的案件；其后的结案归档不再计数。",
        "Closed = resolved + failed + withdrawn: cases that left the open states this week."}},
      {"note_rate",
       {"调解成功率=调解成功÷（调解成功+调解不成）；撤回的案件未经调解终结，不计入分母。",
        "Resolution rate = resolved ÷ (resolved + failed); withdrawn cases are not in the "
        "denominator."}},
      {"note_new",
       {"新收按纠纷的收到时间（received_at）计入所在周，不论登记日期。",
        "New = disputes received this week (received_at), whatever day they were registered."}},
      {"note_overdue",
       {"超期(调解时限)：期末仍在办且调解期限已过；由期限与状态计算，不依赖超期提醒事件。",
        "Overdue (mediation): open at the end with its deadline passed, computed from deadlines "
        "and state."}},
      {"note_hotline",
       {"超期(热线答复)：期末仍在办且12345工单办理时限已过。",
        "Overdue (hotline): open at the end with the work order's reply deadline passed."}},
      {"note_change",
       {"较上周：与上一周同一口径数字之差；↑增加，↓减少，持平不变。",
        "vs last week: the difference from the same figure of the week before."}},
      {"note_behind",
       {"超期预警：该行超期率不低于全区（本范围）超期率。",
        "Overdue warning: the row's overdue ratio is at or above the total's."}},
      {"note_provisional",
       {"{}"
        "件在办案件的调解期限为暂定：跨入尚无工作日历的年份，暂按周一至周五计算，日历发布后重新计算"
        "。",
        "{} open cases have a provisional deadline (a year with no calendar file yet)."}},
      {"unit", {"单位", "Unit"}},
      {"open_start", {"期初在办", "Open at start"}},
      {"new_cases", {"新收", "New"}},
      {"reopened", {"重新办理", "Reopened"}},
      {"transferred_in", {"移入", "Transferred in"}},
      {"transferred_out", {"移出", "Transferred out"}},
      {"escalated_in", {"升级移入", "Escalated in"}},
      {"escalated_out", {"升级移出", "Escalated out"}},
      {"resolved", {"调解成功", "Resolved"}},
      {"failed", {"调解不成", "Failed"}},
      {"withdrawn", {"撤回", "Withdrawn"}},
      {"closed", {"办结", "Closed"}},
      {"open_end", {"期末在办", "Open at end"}},
      {"overdue_mediation", {"超期(调解时限)", "Overdue (mediation)"}},
      {"overdue_hotline", {"超期(热线答复)", "Overdue (hotline)"}},
      {"supervision_notices", {"督办函", "Supervision notices"}},
      {"median_age", {"在办天数中位数", "Median age (days)"}},
      {"p90_age", {"在办天数P90", "P90 age (days)"}},
      {"age_0_7", {"0–7天", "0–7 d"}},
      {"age_8_15", {"8–15天", "8–15 d"}},
      {"age_16_30", {"16–30天", "16–30 d"}},
      {"age_over_30", {">30天", ">30 d"}},
      {"resolution_rate", {"调解成功率", "Resolution rate"}},
      {"repeats", {"重复信访", "Repeats"}},
      {"feedback", {"回访数", "Feedback"}},
      {"satisfaction_rate", {"满意率", "Satisfaction"}},
      {"note_repeats",
       {"重复信访：本周新收案件中，与此前案件为同一当事人（电话或身份证号相同）或同一地址同一类别纠"
        "纷"
        "（时间窗内）的件数，计入新收所在单位。",
        "Repeats: new cases of the week linked to earlier ones (same party's phone or ID number, "
        "or "
        "same category at the same address within the window), counted where they are new."}},
      {"note_satisfaction",
       {"满意率＝（满意＋基本满意）÷本周全部回访评价；回访数即样本量，计入最后承办单位。",
        "Satisfaction = (satisfied + basically satisfied) / all ratings recorded in the week; the "
        "feedback count is the sample, counted at the body that last held the case."}},
      {"overdue_ratio", {"超期率", "Overdue ratio"}},
      {"growth", {"环比增长", "Growth"}},
      {"previous_open_end", {"上周期末在办", "Open end last week"}},
      {"case_id", {"案件编号", "Case"}},
      {"body", {"承办单位", "Body"}},
      {"category", {"类别", "Category"}},
      {"age_days", {"在办天数", "Age (days)"}},
      {"provisional", {"暂定", "provisional"}},
      {"due", {"调解期限", "Due"}},
      {"street", {"街道", "Street"}},
      {"level", {"层级", "Level"}},
      {"none", {"无", "none"}},
      {"chart_trend", {"十二周在办与超期趋势", "Open and overdue cases, twelve weeks"}},
      {"chart_streets", {"各街道期末在办(红色为超期)", "Open cases by street (red: overdue)"}},
      {"chart_ageing", {"各街道在办案件账龄", "Ageing of open cases by street"}},
      {"behind", {"落后街道", "Streets falling behind"}},
      {"all", {"全部", "all"}},
  };
  return k;
}

const std::map<std::string_view, Label>& ids() {
  static const std::map<std::string_view, Label> k{
      // levels
      {"community", {"社区级", "community"}},
      {"street", {"街道级", "street"}},
      {"district", {"区级", "district"}},
      {"unassigned", {"未分派", "unassigned"}},
      {"unknown", {"未知单位", "unknown body"}},
      // categories (domain.md)
      {"family", {"婚姻家庭", "marriage and family"}},
      {"neighbour", {"邻里纠纷", "neighbour"}},
      {"housing", {"房屋宅基地", "housing and homestead"}},
      {"contract", {"合同纠纷", "contract"}},
      {"business", {"生产经营", "production and business"}},
      {"damages", {"损害赔偿", "damages"}},
      {"labour", {"劳动争议", "labour"}},
      {"medical", {"医疗纠纷", "medical"}},
      {"traffic", {"道路交通事故", "road traffic accident"}},
      {"land_demolition", {"征地拆迁", "land acquisition and demolition"}},
      {"environment", {"环境污染", "environmental pollution"}},
      {"property_mgmt", {"物业纠纷", "property management"}},
      {"consumer", {"消费纠纷", "consumer"}},
      {"public_security", {"治安纠纷", "public security"}},
      {"other", {"其他", "other"}},
      // channels
      {"hotline_12345", {"12345热线", "12345 hotline"}},
      {"walk_in", {"来访", "walk-in"}},
      {"online", {"网上申请", "online"}},
      {"police_referral", {"公安移送", "police referral"}},
      {"court_referral", {"法院委派", "court referral"}},
      {"petition", {"信访", "petition"}},
      {"media", {"媒体线索", "media"}},
      // priorities
      {"priority.low", {"低", "low"}},
      {"priority.normal", {"一般", "normal"}},
      {"priority.high", {"高", "high"}},
      {"priority.urgent", {"紧急", "urgent"}},
      // statuses
      {"status.received", {"已登记", "received"}},
      {"status.assigned", {"已分派", "assigned"}},
      {"status.accepted", {"已受理", "accepted"}},
      {"status.in_mediation", {"调解中", "in mediation"}},
      {"status.resolved", {"调解成功", "resolved"}},
      {"status.failed", {"调解不成", "failed"}},
      {"status.withdrawn", {"已撤回", "withdrawn"}},
      {"status.closed", {"已结案", "closed"}},
  };
  return k;
}

std::string id_label(Lang lang, std::string_view id) {
  auto it = ids().find(id);
  if (it == ids().end()) return std::string(id);
  return std::string(lang == Lang::zh ? it->second.zh : it->second.en);
}

std::string num(std::int64_t v) { return std::to_string(v); }
std::string opt(std::optional<std::int64_t> v) { return v ? std::to_string(*v) : "–"; }

}  // namespace

std::string_view text(Lang lang, std::string_view key) {
  auto it = texts().find(key);
  if (it == texts().end()) return key;
  return lang == Lang::zh ? it->second.zh : it->second.en;
}

std::string level_label(Lang lang, std::string_view id) { return id_label(lang, id); }
std::string category_label(Lang lang, std::string_view id) { return id_label(lang, id); }
std::string channel_label(Lang lang, std::string_view id) { return id_label(lang, id); }

const std::vector<Column>& unit_columns() {
  static const std::vector<Column> k{
      {"open_start", [](const UnitRow& r) { return num(r.flows.open_start); }},
      {"new_cases", [](const UnitRow& r) { return num(r.flows.new_cases); }},
      {"repeats", [](const UnitRow& r) { return num(r.flows.repeats); }},
      {"reopened", [](const UnitRow& r) { return num(r.flows.reopened); }},
      {"transferred_in", [](const UnitRow& r) { return num(r.flows.transferred_in); }},
      {"transferred_out", [](const UnitRow& r) { return num(r.flows.transferred_out); }},
      {"escalated_in", [](const UnitRow& r) { return num(r.flows.escalated_in); }},
      {"escalated_out", [](const UnitRow& r) { return num(r.flows.escalated_out); }},
      {"resolved", [](const UnitRow& r) { return num(r.flows.resolved); }},
      {"failed", [](const UnitRow& r) { return num(r.flows.failed); }},
      {"withdrawn", [](const UnitRow& r) { return num(r.flows.withdrawn); }},
      {"open_end", [](const UnitRow& r) { return num(r.flows.open_end); }},
      {"overdue_mediation", [](const UnitRow& r) { return num(r.backlog.overdue_mediation); }},
      {"overdue_hotline", [](const UnitRow& r) { return num(r.backlog.overdue_hotline); }},
      {"supervision_notices", [](const UnitRow& r) { return num(r.flows.supervision_notices); }},
      {"median_age", [](const UnitRow& r) { return opt(r.backlog.median_age_days); }},
      {"p90_age", [](const UnitRow& r) { return opt(r.backlog.p90_age_days); }},
      {"age_0_7", [](const UnitRow& r) { return num(r.backlog.ageing[0]); }},
      {"age_8_15", [](const UnitRow& r) { return num(r.backlog.ageing[1]); }},
      {"age_16_30", [](const UnitRow& r) { return num(r.backlog.ageing[2]); }},
      {"age_over_30", [](const UnitRow& r) { return num(r.backlog.ageing[3]); }},
      {"resolution_rate", [](const UnitRow& r) { return percent(r.resolution_rate()); }},
      {"feedback", [](const UnitRow& r) { return num(r.flows.feedback()); }},
      {"satisfaction_rate", [](const UnitRow& r) { return percent(r.satisfaction_rate()); }},
  };
  return k;
}

std::string percent(std::optional<double> value) {
  if (!value) return "–";
  return fmt::format("{:.0f}%", *value * 100.0);
}

std::string display_name(Lang lang, std::string_view table, const UnitRow& row) {
  if (table == "levels") return level_label(lang, row.key);
  if (table == "categories") return category_label(lang, row.key);
  if (table == "channels") return channel_label(lang, row.key);
  if (table == "streets" && lang == Lang::en) {
    if (row.key == "区级") return "district level";
    if (row.key == "未分派") return "unassigned";
    if (row.key == "未知") return "unknown";
  }
  if (table == "bodies" && row.key.empty()) return std::string(text(lang, "unassigned"));
  return row.name;
}

std::string week_dates(IsoWeek week) {
  const auto monday = week_monday(week);
  const CivilDate sunday{std::chrono::sys_days{monday} + std::chrono::days{6}};
  return fmt::format("{} – {}", format_date(monday), format_date(sunday));
}

}  // namespace tiaojie::report::internal

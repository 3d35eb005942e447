// render_html (render.hpp): one self-contained page (no script, no external file) a manager reads
// on screen or on paper. The first screen answers "which streets fall behind": the summary, then
// the streets sorted by overdue ratio with their overdue share in red.
#include <fmt/format.h>

#include <algorithm>

#include "report/internal/charts.hpp"
#include "report/internal/clock_table.hpp"
#include "report/internal/labels.hpp"
#include "report/render.hpp"

namespace tiaojie::report {
namespace {

using internal::escape;
using internal::text;

constexpr const char* k_style = R"css(
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid #1f4e79;padding-bottom:3px}
.meta{color:#555;font-size:13px;margin:0 0 14px}
.kpis{display:flex;gap:10px;flex-wrap:wrap;margin:10px 0}
.kpi{border:1px solid #ccd;border-radius:6px;padding:8px 14px;min-width:110px}
.kpi b{display:block;font-size:22px}.kpi span{font-size:12px;color:#555}.kpi.bad b{color:#c0392b}
.grid{display:flex;gap:18px;flex-wrap:wrap}.grid>figure{margin:0}
figcaption{font-size:13px;font-weight:bold;margin:4px 0}
table{border-collapse:collapse;font-size:12px;margin:4px 0}
th,td{border:1px solid #ccd;padding:2px 6px;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}th{background:#eef2f7}
tr.behind td{background:#fdecea}
ul.notes{font-size:12px;color:#555}
@media print{body{margin:8mm;max-width:none}h2{break-after:avoid}figure,table{break-inside:avoid}}
@page{size:A4 landscape}
)css";

void kpi(std::string& out, std::string_view label, const std::string& value, bool bad = false) {
  out += fmt::format("<div class=\"kpi{}\"><b>{}</b><span>{}</span></div>", bad ? " bad" : "",
                     value, escape(label));
}

void table(std::string& out, Lang lang, std::string_view key, const std::vector<UnitRow>& rows,
           double behind_ratio) {
  out += fmt::format("<h2>{}</h2>\n", escape(text(lang, key)));
  if (rows.empty()) {
    out += fmt::format("<p>{}</p>\n", escape(text(lang, "none")));
    return;
  }
  out += fmt::format("<table class=\"units\" data-table=\"{}\"><thead><tr><th>{}</th>", key,
                     escape(text(lang, "unit")));
  for (const auto& c : internal::unit_columns())
    out += fmt::format("<th>{}</th>", escape(text(lang, c.key)));
  out += "</tr></thead><tbody>\n";
  for (const auto& r : rows) {
    const bool behind = r.backlog.overdue_mediation > 0 && r.overdue_ratio() >= behind_ratio;
    out += fmt::format("<tr{}><td>{}</td>", behind ? " class=\"behind\"" : "",
                       escape(internal::display_name(lang, key, r)));
    for (const auto& c : internal::unit_columns()) out += fmt::format("<td>{}</td>", c.value(r));
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

// Suspended and extended deadlines (clocks.hpp): left out when the week had none.
void clocks_html(std::string& out, const internal::ClockTable& t) {
  if (t.rows.empty()) return;
  out += fmt::format("<h2>{}</h2>\n<table class=\"clocks\"><thead><tr>", escape(t.title));
  for (const auto& h : t.head) out += fmt::format("<th>{}</th>", escape(h));
  out += "</tr></thead><tbody>\n";
  for (const auto& r : t.rows) {
    out += "<tr>";
    for (const auto& c : r) out += fmt::format("<td>{}</td>", escape(c));
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

}  // namespace

std::string render_html(const WeeklyReport& rep, Lang lang) {
  std::string out;
  const auto& t = rep.total;
  const auto title = fmt::format("{} {}", text(lang, "title"), format_iso_week(rep.week));
  out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<title>{}</title><style>{}</style></head><body>\n",
      lang == Lang::zh ? "zh-CN" : "en", escape(title), k_style);
  out += fmt::format(
      "<header><h1>{}</h1><p class=\"meta\">{} · {}: {} · {}: {}</p></header>\n", escape(title),
      internal::week_dates(rep.week), escape(text(lang, "scope")),
      escape(internal::scope_text(lang, rep.scope).empty() ? std::string(text(lang, "all"))
                                                           : internal::scope_text(lang, rep.scope)),
      escape(text(lang, "generated")), format_timestamp(rep.generated_at));

  out += "<section class=\"kpis\">";
  kpi(out, text(lang, "open_end"), std::to_string(t.flows.open_end));
  kpi(out, text(lang, "new_cases"), std::to_string(t.flows.new_cases));
  kpi(out, text(lang, "closed"), std::to_string(t.flows.closed()));
  kpi(out, text(lang, "overdue_mediation"), std::to_string(t.backlog.overdue_mediation),
      t.backlog.overdue_mediation > 0);
  kpi(out, text(lang, "overdue_hotline"), std::to_string(t.backlog.overdue_hotline),
      t.backlog.overdue_hotline > 0);
  kpi(out, text(lang, "supervision_notices"), std::to_string(t.flows.supervision_notices));
  kpi(out, text(lang, "resolution_rate"), internal::percent(t.resolution_rate()));
  out += "</section>\n";

  // Streets that carry open cases, worst overdue ratio first: the chart a manager reads first.
  std::vector<UnitRow> streets;
  for (const auto& s : rep.streets) {
    if (s.flows.open_end > 0) streets.push_back(s);
  }
  std::stable_sort(streets.begin(), streets.end(), [](const UnitRow& a, const UnitRow& b) {
    if (a.overdue_ratio() != b.overdue_ratio()) return a.overdue_ratio() > b.overdue_ratio();
    return a.flows.open_end > b.flows.open_end;
  });
  for (auto& s : streets) s.name = internal::display_name(lang, "streets", s);

  out += fmt::format("<h2>{}</h2>\n<div class=\"grid\">", escape(text(lang, "behind")));
  out += fmt::format("<figure><figcaption>{}</figcaption>{}</figure>",
                     escape(text(lang, "chart_streets")), internal::streets_chart(streets, lang));
  out += fmt::format("<figure><figcaption>{}</figcaption>{}</figure>",
                     escape(text(lang, "chart_trend")), internal::trend_chart(rep.trend, lang));
  out += fmt::format("<figure><figcaption>{}</figcaption>{}</figure>",
                     escape(text(lang, "chart_ageing")), internal::ageing_chart(streets, lang));
  out += "</div>\n";

  // Rankings.
  out += fmt::format(
      "<h2>{}</h2>\n<table "
      "class=\"ranking\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></"
      "thead><tbody>\n",
      escape(text(lang, "worst_overdue")), escape(text(lang, "unit")),
      escape(text(lang, "overdue_mediation")), escape(text(lang, "open_end")),
      escape(text(lang, "overdue_ratio")));
  for (const auto& r : rep.worst_overdue) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(r.name),
                       r.backlog.overdue_mediation, r.flows.open_end,
                       internal::percent(r.overdue_ratio()));
  }
  out += "</tbody></table>\n";
  out += fmt::format(
      "<h2>{}</h2>\n<table "
      "class=\"ranking\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></"
      "thead><tbody>\n",
      escape(text(lang, "largest_growth")), escape(text(lang, "unit")),
      escape(text(lang, "previous_open_end")), escape(text(lang, "open_end")),
      escape(text(lang, "growth")));
  for (const auto& r : rep.largest_growth) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>+{}</td></tr>\n", escape(r.name),
                       r.previous_open_end, r.flows.open_end, r.growth());
  }
  out += "</tbody></table>\n";

  const double behind = t.overdue_ratio() > 0 ? t.overdue_ratio() : 1.0;
  table(out, lang, "levels", rep.levels, behind);
  table(out, lang, "streets", rep.streets, behind);
  table(out, lang, "bodies", rep.bodies, behind);
  table(out, lang, "categories", rep.categories, behind);
  table(out, lang, "channels", rep.channels, behind);

  out += fmt::format(
      "<h2>{}</h2>\n<table "
      "class=\"oldest\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></"
      "thead><tbody>\n",
      escape(text(lang, "oldest")), escape(text(lang, "case_id")), escape(text(lang, "body")),
      escape(text(lang, "category")), escape(text(lang, "age_days")), escape(text(lang, "due")));
  for (const auto& c : rep.oldest) {
    out += fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
                       c.overdue ? " class=\"behind\"" : "", c.case_id, escape(c.body_name),
                       escape(internal::category_label(lang, c.category)), c.age_days,
                       c.due ? format_date(*c.due) : "–",
                       c.due_provisional ? fmt::format(" ({})", escape(text(lang, "provisional")))
                                         : std::string());
  }
  out += "</tbody></table>\n";
  clocks_html(out, internal::clock_table(rep.clocks, lang));
  out += fmt::format("<h2>{}</h2>\n<ul class=\"notes\">", escape(text(lang, "notes")));
  for (const auto& n : rep.notes) out += fmt::format("<li>{}</li>", escape(n));
  out += "</ul>\n</body></html>\n";
  return out;
}

}  // namespace tiaojie::report

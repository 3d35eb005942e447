// render_html (render.hpp): one self-contained page (no script, no external file) a manager reads
// on screen or on paper. The first screen answers "which streets fall behind": the summary with
// its change against last week, then the streets sorted by overdue ratio with their overdue share
// in red. Every table fits the printable width of A4 landscape (277 mm = 1047 CSS px with 10 mm
// margins): fixed layout, the name column a fixed share, headers that wrap.
#include <fmt/format.h>

#include <algorithm>

#include "report/internal/charts.hpp"
#include "report/internal/clock_table.hpp"
#include "report/internal/handling_table.hpp"
#include "report/internal/labels.hpp"
#include "report/render.hpp"

namespace tiaojie::report {
namespace {

using internal::escape_html;
using internal::text;

constexpr const char* k_style = R"css(
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1047px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:2px solid #1f4e79;padding-bottom:3px}
.meta{color:#555;font-size:13px;margin:0 0 6px}.note{background:#fff6dd;border-left:4px solid #e0a800;padding:4px 10px;font-size:13px}
.kpis{display:flex;gap:8px;flex-wrap:wrap;margin:10px 0}
.kpi{border:1px solid #ccd;border-radius:6px;padding:6px 12px;min-width:100px}
.kpi b{display:block;font-size:22px}.kpi span{font-size:12px;color:#555}.kpi i{display:block;font-size:11px;font-style:normal;color:#555}.kpi.bad b{color:#c0392b}
.grid{display:flex;gap:16px;flex-wrap:wrap}.grid>figure{margin:0;max-width:100%}svg.chart{max-width:100%;height:auto}
figcaption{font-size:13px;font-weight:bold;margin:4px 0}
table{border-collapse:collapse;font-size:12px;margin:4px 0}
th,td{border:1px solid #ccd;padding:2px 4px;text-align:right}
th{background:#eef2f7;font-weight:normal}
th:first-child,td:first-child{text-align:left}
table.units,table.keys{width:100%;table-layout:fixed;font-size:10px}
table.units th,table.keys th{white-space:normal;word-break:break-all;vertical-align:bottom}
table.units td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.units col.name{width:13%}table.keys td{overflow-wrap:anywhere}
tfoot td{font-weight:bold;background:#f4f6f9}
tr.behind td{background:#fdecea}
.quiet,.rule{font-size:12px;color:#555;margin:4px 0}
ul.notes{font-size:12px;color:#555}
@page{size:A4 landscape;margin:10mm}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,tr{break-inside:avoid}}
)css";

void kpi(std::string& out, Lang lang, PeriodKind kind, const internal::Figure& f) {
  const bool bad = f.bad_when_up && f.value && *f.value > 0;
  out += fmt::format(
      "<div class=\"kpi{}\" data-key=\"{}\"><b>{}</b><span>{}</span><i>{} {}</i></div>",
      bad ? " bad" : "", f.key, internal::figure_value(f), escape_html(text(lang, f.key)),
      escape_html(internal::ptext(lang, "change", kind)),
      escape_html(internal::change_text(lang, f)));
}

void quiet(std::string& out, const std::string& line) {
  if (!line.empty()) out += fmt::format("<p class=\"quiet\">{}</p>\n", escape_html(line));
}

void html_table(std::string& out, Lang lang, std::string_view key, const std::vector<UnitRow>& rows,
                const UnitRow& total, const std::string& quiet_line = {}) {
  out += fmt::format("<h2>{}</h2>\n", escape_html(text(lang, key)));
  if (rows.empty()) {
    out += fmt::format("<p>{}</p>\n", escape_html(text(lang, "none")));
    quiet(out, quiet_line);
    return;
  }
  out +=
      fmt::format("<table class=\"units\" data-table=\"{}\"><colgroup><col class=\"name\">", key);
  for (std::size_t i = 0; i < internal::unit_columns().size(); ++i) out += "<col>";
  out += fmt::format("</colgroup><thead><tr><th>{}</th>", escape_html(internal::head(lang, key)));
  for (const auto& c : internal::unit_columns())
    out += fmt::format("<th>{}</th>", escape_html(text(lang, c.key)));
  out += "</tr></thead><tbody>\n";
  for (const auto& r : rows) {
    const auto name = internal::display_name(lang, key, r);
    out += fmt::format("<tr{}><td title=\"{}\">{}</td>",
                       internal::behind(r, total) ? " class=\"behind\"" : "", escape_html(name),
                       escape_html(name));
    for (const auto& c : internal::unit_columns()) out += fmt::format("<td>{}</td>", c.value(r));
    out += "</tr>\n";
  }
  out += fmt::format("</tbody><tfoot><tr><td>{}</td>", escape_html(text(lang, "total_row")));
  for (const auto& c : internal::unit_columns()) out += fmt::format("<td>{}</td>", c.value(total));
  out += "</tr></tfoot></table>\n";
  quiet(out, quiet_line);
}

void key_section(std::string& out, Lang lang, const WeeklyReport& rep) {
  const auto& k = rep.key;
  out += fmt::format("<h2>{}</h2>\n", escape_html(text(lang, "major")));
  if (!k.read) {
    out += fmt::format("<p>{}</p>\n", escape_html(text(lang, "not_read")));
    return;
  }
  out += fmt::format(
      "<table class=\"major\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
      "<tbody>\n",
      escape_html(text(lang, "kind")), escape_html(text(lang, "disputes")),
      escape_html(text(lang, "people")), escape_html(text(lang, "amount")));
  const auto line = [&](const std::string& label, const InvolvedTotals& t) {
    out +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape_html(label),
                    t.disputes, t.parties, escape_html(internal::amount_text(lang, t.amount)));
  };
  line(std::string(internal::ptext(lang, "new_all", rep.period.kind)), k.all);
  line(internal::textf(lang, "group_row", rep.options.group_parties_min), k.group);
  line(
      internal::textf(lang, "major_row", internal::amount_text(lang, rep.options.major_amount_min)),
      k.major);
  out += "</tbody></table>\n";

  out += fmt::format("<h2>{}</h2>\n<p class=\"rule\">{}</p>\n",
                     escape_html(text(lang, "key_disputes")), escape_html(text(lang, "key_rule")));
  if (k.list.empty()) {
    out += fmt::format("<p>{}</p>\n", escape_html(text(lang, "none")));
    return;
  }
  out += "<table class=\"keys\"><thead><tr>";
  for (const char* h : {"case_id", "received", "street", "body", "category", "people", "amount",
                        "priority", "status", "reason"})
    out += fmt::format("<th>{}</th>", escape_html(text(lang, h)));
  out += "</tr></thead><tbody>\n";
  for (const auto& d : k.list) {
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
        d.case_id, escape_html(internal::day_text(lang, shanghai_date(d.received_at))),
        escape_html(d.street.empty() ? "–" : d.street),
        escape_html(d.body_name.empty() ? "–" : d.body_name),
        escape_html(internal::category_label(lang, d.category)),
        d.parties ? std::to_string(*d.parties) : "–",
        escape_html(internal::amount_text(lang, d.amount)),
        escape_html(internal::priority_label(lang, d.priority)),
        escape_html(internal::status_label(lang, d.status)),
        escape_html(internal::key_reason(lang, d)));
  }
  out += "</tbody></table>\n";
  if (k.not_listed > 0) quiet(out, internal::textf(lang, "not_listed", k.not_listed));
}

void rankings(std::string& out, Lang lang, const WeeklyReport& rep) {
  out += fmt::format(
      "<h2>{}</h2>\n<p class=\"rule\">{}</p>\n<table class=\"ranking\"><thead><tr><th>{}</th>"
      "<th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
      escape_html(text(lang, "worst_overdue")),
      escape_html(internal::textf(lang, "worst_overdue_rule", rep.options.overdue_min_open)),
      escape_html(text(lang, "head_bodies")), escape_html(text(lang, "overdue_count")),
      escape_html(text(lang, "open_count")), escape_html(text(lang, "overdue_ratio")));
  for (const auto& r : rep.worst_overdue) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       escape_html(r.name), r.backlog.overdue_mediation, r.flows.open_end,
                       internal::percent(r.overdue_ratio()));
  }
  if (rep.worst_overdue.empty())
    out += fmt::format("<tr><td colspan=\"4\">{}</td></tr>\n", escape_html(text(lang, "none")));
  out += "</tbody></table>\n";
  out += fmt::format(
      "<h2>{}</h2>\n<table class=\"ranking\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th></tr></thead><tbody>\n",
      escape_html(text(lang, "largest_growth")), escape_html(text(lang, "head_bodies")),
      escape_html(internal::ptext(lang, "previous_open_end", rep.period.kind)),
      escape_html(text(lang, "open_end")), escape_html(text(lang, "growth")));
  for (const auto& r : rep.largest_growth) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>+{}</td></tr>\n",
                       escape_html(r.name), r.previous_open_end, r.flows.open_end, r.growth());
  }
  if (rep.largest_growth.empty())
    out += fmt::format("<tr><td colspan=\"4\">{}</td></tr>\n", escape_html(text(lang, "none")));
  out += "</tbody></table>\n";
}

// Suspended and extended deadlines (clocks.hpp): left out when the week had none.
void clocks_html(std::string& out, const internal::ClockTable& t, std::string_view css = "clocks") {
  if (t.rows.empty()) return;
  out += fmt::format("<h2>{}</h2>\n<table class=\"{}\"><thead><tr>", escape_html(t.title), css);
  for (const auto& h : t.head) out += fmt::format("<th>{}</th>", escape_html(h));
  out += "</tr></thead><tbody>\n";
  for (const auto& r : t.rows) {
    out += "<tr>";
    for (const auto& c : r) out += fmt::format("<td>{}</td>", escape_html(c));
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

}  // namespace

std::string render_html(const WeeklyReport& rep, Lang lang) {
  std::string out;
  const auto title = internal::title(lang, rep);
  out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<title>{} {}</title><style>{}</style></head><body>\n",
      lang == Lang::zh ? "zh-CN" : "en", escape_html(title), format_period(rep.period), k_style);
  out += fmt::format(
      "<header><h1>{}</h1><p class=\"meta\">{}</p><p class=\"meta\">{}: {} · {}: {}</p></header>\n",
      escape_html(title), escape_html(internal::issue_line(lang, rep)),
      escape_html(text(lang, "scope")), escape_html(internal::scope_text(lang, rep)),
      escape_html(text(lang, "generated")), format_timestamp(rep.generated_at));
  for (const auto& note : internal::period_notes(lang, rep))
    out += fmt::format("<p class=\"note\">{}</p>\n", escape_html(note));

  out += "<section class=\"kpis\">";
  for (const auto& f : internal::headline_figures(rep)) kpi(out, lang, rep.period.kind, f);
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
  std::vector<UnitRow> categories = rep.categories;
  for (auto& c : categories) c.name = internal::display_name(lang, "categories", c);

  out += fmt::format("<h2>{}</h2>\n<div class=\"grid\">", escape_html(text(lang, "behind")));
  out +=
      fmt::format("<figure><figcaption>{}</figcaption>{}</figure>",
                  escape_html(text(lang, "chart_streets")), internal::streets_chart(streets, lang));
  out += fmt::format("<figure><figcaption>{}</figcaption>{}</figure>",
                     escape_html(internal::ptext(lang, "chart_trend", rep.period.kind)),
                     internal::trend_chart(rep.trend, lang));
  out +=
      fmt::format("<figure><figcaption>{}</figcaption>{}</figure>",
                  escape_html(text(lang, "chart_ageing")), internal::ageing_chart(streets, lang));
  out += fmt::format("<figure><figcaption>{}</figcaption>{}</figure>",
                     escape_html(internal::ptext(lang, "chart_categories", rep.period.kind)),
                     internal::categories_chart(categories, lang));
  out += "</div>\n";

  rankings(out, lang, rep);
  key_section(out, lang, rep);

  html_table(out, lang, "levels", rep.levels, rep.total);
  html_table(out, lang, "streets", rep.streets, rep.total,
             rep.quiet_streets
                 ? internal::ptextf(lang, "quiet_streets", rep.period.kind, rep.quiet_streets)
                 : "");
  html_table(out, lang, "bodies", rep.bodies, rep.total,
             rep.quiet_bodies
                 ? internal::ptextf(lang, "quiet_bodies", rep.period.kind, rep.quiet_bodies)
                 : "");
  html_table(out, lang, "categories", rep.categories, rep.total);
  html_table(out, lang, "channels", rep.channels, rep.total);

  out += fmt::format(
      "<h2>{}</h2>\n<table class=\"oldest\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th></tr></thead><tbody>\n",
      escape_html(text(lang, "oldest")), escape_html(text(lang, "case_id")),
      escape_html(text(lang, "body")), escape_html(text(lang, "category")),
      escape_html(text(lang, "age_days")), escape_html(text(lang, "due")));
  for (const auto& c : rep.oldest) {
    out +=
        fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
                    c.overdue ? " class=\"behind\"" : "", c.case_id, escape_html(c.body_name),
                    escape_html(internal::category_label(lang, c.category)), c.age_days,
                    c.due ? format_date(*c.due) : "–",
                    c.due_provisional ? fmt::format(" ({})", escape_html(text(lang, "provisional")))
                                      : std::string());
  }
  out += "</tbody></table>\n";
  clocks_html(out, internal::clock_table(rep.clocks, lang, rep.period.kind));
  clocks_html(out, internal::handling_table(rep.handling, lang, rep.period.kind), "handling");
  out += fmt::format("<h2>{}</h2>\n<ul class=\"notes\">", escape_html(text(lang, "notes")));
  for (const auto& n : internal::definitions(lang, rep))
    out += fmt::format("<li>{}</li>", escape_html(n));
  out += "</ul>\n</body></html>\n";
  return out;
}

}  // namespace tiaojie::report

// The report's sentences that every format shares (labels.hpp): its title and issue line, the
// period written out, the scope, the headline with its change, the 口径说明.
#include <fmt/format.h>

#include <cmath>

#include "report/internal/handling_table.hpp"
#include "report/internal/labels.hpp"

namespace tiaojie::report::internal {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

const char* const k_months_en_short[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// The day's text, with its year when it is not `year`.
std::string day_in_year(Lang lang, CivilDate date, int year) {
  const auto text = day_text(lang, date);
  if (static_cast<int>(date.year()) == year) return text;
  return lang == Lang::zh ? fmt::format("{}年{}", static_cast<int>(date.year()), text)
                          : fmt::format("{} {}", text, static_cast<int>(date.year()));
}

}  // namespace

std::string day_text(Lang lang, CivilDate date) {
  const unsigned m = static_cast<unsigned>(date.month()), d = static_cast<unsigned>(date.day());
  return lang == Lang::zh ? fmt::format("{}月{}日", m, d)
                          : fmt::format("{} {}", d, k_months_en_short[m - 1]);
}

std::string moment_text(Lang lang, Timestamp t) {
  const auto date = shanghai_date(t);
  const auto since = t - shanghai_midnight(date);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(since).count();
  return fmt::format("{} {:02}:{:02}", day_text(lang, date), minutes / 60, minutes % 60);
}

std::string week_text(Lang lang, IsoWeek week) {
  const auto monday = week_monday(week);
  const CivilDate sunday{sys_days{monday} + days{6}};
  if (lang == Lang::zh) {
    return fmt::format("{}年第{}周（{}—{}）", week.year, week.week,
                       day_in_year(lang, monday, week.year), day_in_year(lang, sunday, week.year));
  }
  return fmt::format("{} week {} ({} – {})", week.year, week.week,
                     day_in_year(lang, monday, week.year), day_in_year(lang, sunday, week.year));
}

std::string title(Lang lang, const WeeklyReport& report) {
  const auto& district = report.options.district;
  const auto kind = report.period.kind;
  if (district.empty()) return ptext(lang, "title", kind);
  return lang == Lang::zh ? district + ptext(lang, "title", kind)
                          : fmt::format("{}: {}", district, ptext(lang, "title", kind));
}

std::string issue_line(Lang lang, const WeeklyReport& report) {
  std::vector<std::string> parts;
  if (auto n = issue_number(report.options, report.period))
    parts.push_back(textf(lang, "issue", *n));
  if (!report.options.issuer.empty()) parts.push_back(report.options.issuer);
  parts.push_back(period_text(lang, report.period));
  if (report.as_of) {
    parts.push_back(fmt::format("{}{}{}", text(lang, "as_of"), lang == Lang::zh ? "" : " ",
                                moment_text(lang, *report.as_of)));
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

std::string scope_text(Lang lang, const WeeklyReport& report) {
  std::vector<std::string> parts;
  if (!report.scope.street.empty()) parts.push_back(report.scope.street);
  if (report.scope.level) parts.push_back(level_label(lang, to_string(*report.scope.level)));
  for (const auto& name : report.scope_names) parts.push_back(name);
  if (parts.empty()) return std::string(text(lang, "all"));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : lang == Lang::zh ? "、" : ", ") + p;
  return out;
}

std::vector<std::string> period_notes(Lang lang, const WeeklyReport& report) {
  std::vector<std::string> out;
  const auto kind = report.period.kind;
  if (report.as_of) out.push_back(ptextf(lang, "partial", kind, moment_text(lang, *report.as_of)));
  const auto& f = report.total.flows;
  if (f.new_cases == 0) {
    const bool nothing = f.open_start == 0 && f.open_end == 0 && f.closed() == 0;
    out.emplace_back(ptext(lang, nothing ? "empty_all" : "empty_week", kind));
  }
  return out;
}

std::vector<std::string> definitions(Lang lang, const WeeklyReport& report) {
  std::vector<std::string> out;
  for (const char* key : {"note_new", "note_closed", "note_rate", "note_overdue", "note_hotline",
                          "note_change", "note_behind", "note_repeats", "note_satisfaction"}) {
    out.emplace_back(ptext(lang, key, report.period.kind));
  }
  out.push_back(textf(lang, "worst_overdue_rule", report.options.overdue_min_open));
  if (report.provisional_open > 0)
    out.push_back(textf(lang, "note_provisional", report.provisional_open));
  for (auto& note : handling_notes(report.handling, lang)) out.push_back(std::move(note));
  out.insert(out.end(), report.notes.begin(), report.notes.end());
  return out;
}

std::vector<Figure> headline_figures(const WeeklyReport& report) {
  const auto& t = report.total;
  const TrendPoint* prev =
      report.trend.size() >= 2 ? &report.trend[report.trend.size() - 2] : nullptr;
  const auto n = [](std::int64_t v) { return std::optional<double>(static_cast<double>(v)); };
  const auto p = [&](auto get) { return prev ? n(get(*prev)) : std::nullopt; };
  UnitRow before;
  if (prev) before.flows = prev->flows;
  return {
      {"open_end", n(t.flows.open_end), p([](const TrendPoint& x) { return x.flows.open_end; })},
      {"new_cases", n(t.flows.new_cases), p([](const TrendPoint& x) { return x.flows.new_cases; })},
      {"closed", n(t.flows.closed()), p([](const TrendPoint& x) { return x.flows.closed(); })},
      {"overdue_mediation", n(t.backlog.overdue_mediation),
       p([](const TrendPoint& x) { return x.overdue_mediation; }), false, true},
      {"overdue_hotline", n(t.backlog.overdue_hotline),
       p([](const TrendPoint& x) { return x.overdue_hotline; }), false, true},
      {"supervision_notices", n(t.flows.supervision_notices),
       p([](const TrendPoint& x) { return x.flows.supervision_notices; })},
      {"resolution_rate", t.resolution_rate(), prev ? before.resolution_rate() : std::nullopt,
       true},
  };
}

std::string figure_value(const Figure& f) {
  if (f.rate) return percent(f.value);
  return f.value ? fmt::format("{}", static_cast<std::int64_t>(*f.value)) : "–";
}

std::optional<double> change_value(const Figure& f) {
  if (!f.value || !f.previous) return std::nullopt;
  return *f.value - *f.previous;
}

std::string change_text(Lang lang, const Figure& f) {
  const auto change = change_value(f);
  if (!change) return "–";
  const double amount = f.rate ? std::round(*change * 100.0) : *change;
  if (amount == 0) return std::string(text(lang, "same"));
  const auto magnitude = static_cast<std::int64_t>(std::abs(amount));
  return fmt::format("{}{}{}", amount > 0 ? "↑" : "↓", magnitude,
                     f.rate ? text(lang, "points") : "");
}

bool behind(const UnitRow& row, const UnitRow& total) {
  const double ratio = total.overdue_ratio() > 0 ? total.overdue_ratio() : 1.0;
  return row.backlog.overdue_mediation > 0 && row.overdue_ratio() >= ratio;
}

std::string_view head(Lang lang, std::string_view table) {
  if (table == "levels") return text(lang, "head_levels");
  if (table == "streets") return text(lang, "head_streets");
  if (table == "categories") return text(lang, "head_categories");
  if (table == "channels") return text(lang, "head_channels");
  if (table == "summary") return text(lang, "head_summary");
  return text(lang, "head_bodies");
}

std::string amount_text(Lang lang, std::optional<double> yuan) {
  if (!yuan) return "–";
  if (lang == Lang::en) return fmt::format("{:.0f} yuan", *yuan);
  if (*yuan >= 10000) return fmt::format("{:.1f}万元", *yuan / 10000.0);
  return fmt::format("{:.0f}元", *yuan);
}

std::string priority_label(Lang lang, Priority p) {
  return category_label(lang, fmt::format("priority.{}", to_string(p)));
}

std::string status_label(Lang lang, lifecycle::Status s) {
  return category_label(lang, fmt::format("status.{}", lifecycle::to_string(s)));
}

std::string key_reason(Lang lang, const KeyDispute& d) {
  std::string out;
  const auto add = [&](std::string_view key) {
    out += (out.empty() ? "" : lang == Lang::zh ? "、" : ", ") + std::string(text(lang, key));
  };
  if (d.group) add("reason_group");
  if (d.major) add("reason_major");
  if (d.priority >= Priority::high && !d.major) add("reason_priority");
  return out;
}

}  // namespace tiaojie::report::internal

// Labels of the report's columns and of the domain's ids, in Chinese and English. One table, so
// that every format says the same thing in the same words.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/render.hpp"

namespace tiaojie::report::internal {

// The label of a fixed text by its key ("open_start", "title", …); the key itself if unknown.
[[nodiscard]] std::string_view text(Lang lang, std::string_view key);

// text() with its "{}" placeholders filled in.
template <typename... Args>
[[nodiscard]] std::string textf(Lang lang, std::string_view key, const Args&... args) {
  return fmt::format(fmt::runtime(text(lang, key)), args...);
}

// text() for a report of `kind`: the week's wording with the period's words ("本周概况" →
// "本月概况", "较上周" → "较上季度", "Twelve-week trend" → "Twelve-month trend"); the same as
// text() for a week. One substitution, so a label added for the weekly report reads right in the
// monthly and quarterly ones too (period_words.cpp).
[[nodiscard]] std::string ptext(Lang lang, std::string_view key, PeriodKind kind);
template <typename... Args>
[[nodiscard]] std::string ptextf(Lang lang, std::string_view key, PeriodKind kind,
                                 const Args&... args) {
  return fmt::format(fmt::runtime(ptext(lang, key, kind)), args...);
}
// "2026年11月（11月1日—11月30日）", "2026年第四季度（10月1日—12月31日）"; a week as period_text.
[[nodiscard]] std::string period_text(Lang lang, Period period);

// A level, category or channel id in words ("street" → "街道级"); the id itself if unknown.
[[nodiscard]] std::string level_label(Lang lang, std::string_view id);
[[nodiscard]] std::string category_label(Lang lang, std::string_view id);
[[nodiscard]] std::string channel_label(Lang lang, std::string_view id);

// One table column: its key in the label table and how to read it from a row.
struct Column {
  std::string_view key;
  std::string (*value)(const UnitRow&);
};
// The unit tables' columns, in order (the row's name comes first and is not listed).
[[nodiscard]] const std::vector<Column>& unit_columns();

// "0.83" style ratio as a percentage "83%"; "–" when absent.
[[nodiscard]] std::string percent(std::optional<double> value);
// A row's display name: the body's name, or the label of a level/category/channel id.
[[nodiscard]] std::string display_name(Lang lang, std::string_view table, const UnitRow& row);
// "2026-11-16 – 2026-11-22": the week's Monday and Sunday.
[[nodiscard]] std::string week_dates(IsoWeek week);
// The scope in words (level, street, the bodies' names), "全部" when it covers everything.
[[nodiscard]] std::string scope_text(Lang lang, const WeeklyReport& report);

// The report's title: "海珠区矛盾纠纷调解周报" (the district from the options, if any).
[[nodiscard]] std::string title(Lang lang, const WeeklyReport& report);
// "2026年第48周（11月23日—11月29日）"; a date outside the ISO year carries its own year
// ("2026年第1周（2025年12月29日—1月4日）").
[[nodiscard]] std::string week_text(Lang lang, IsoWeek week);
// The line under the title: "第48期 · 海珠区司法局 · 2026年第48周（…） · 截至11月25日 10:00".
[[nodiscard]] std::string issue_line(Lang lang, const WeeklyReport& report);
// "11月25日 10:00" (Asia/Shanghai).
[[nodiscard]] std::string moment_text(Lang lang, Timestamp t);
// The notes a partial or an empty week gets next to its summary; none for a full week with cases.
[[nodiscard]] std::vector<std::string> period_notes(Lang lang, const WeeklyReport& report);
// The 口径说明: the definitions, the provisional-deadline count, then report.notes.
[[nodiscard]] std::vector<std::string> definitions(Lang lang, const WeeklyReport& report);

// A headline figure and the same figure the week before (trend's last but one week). Rates are
// fractions; value or previous is absent when the rate is undefined.
struct Figure {
  std::string_view key;
  std::optional<double> value, previous;
  bool rate = false;
  bool bad_when_up = false;  // overdue figures: shown in red when not zero
};
[[nodiscard]] std::vector<Figure> headline_figures(const WeeklyReport& report);
// "83%" or "12"; "–" when absent.
[[nodiscard]] std::string figure_value(const Figure& f);
// "↑3", "↓2", "持平"; rates in percentage points ("↑5个百分点"); "–" when either is absent.
[[nodiscard]] std::string change_text(Lang lang, const Figure& f);
// The change as a number (rates in fractions), absent when either side is.
[[nodiscard]] std::optional<double> change_value(const Figure& f);

// The 超期预警 flag of a row: overdue, at or above the total's overdue ratio.
[[nodiscard]] bool behind(const UnitRow& row, const UnitRow& total);
// The first column's head of a unit table ("levels" → 层级, "categories" → 类别, …).
[[nodiscard]] std::string_view head(Lang lang, std::string_view table);
// "40.0万元" / "3000元" (zh), "400,000 yuan" style (en); "–" when absent.
[[nodiscard]] std::string amount_text(Lang lang, std::optional<double> yuan);
[[nodiscard]] std::string priority_label(Lang lang, Priority p);
[[nodiscard]] std::string status_label(Lang lang, lifecycle::Status s);
// "11月24日" / "24 Nov".
[[nodiscard]] std::string day_text(Lang lang, CivilDate date);
// Why a key dispute was listed: "群体性、重大".
[[nodiscard]] std::string key_reason(Lang lang, const KeyDispute& d);

}  // namespace tiaojie::report::internal

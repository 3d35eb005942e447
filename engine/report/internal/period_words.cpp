// ptext and period_text (labels.hpp): the monthly and quarterly reports say what the weekly one
// says, with the period's words. The label table is written for a week; the words that name the
// period are replaced here, longest first, so that every label (and any added later) follows.
#include <fmt/format.h>

#include <array>
#include <utility>

#include "report/internal/labels.hpp"

namespace tiaojie::report::internal {
namespace {

using Words = std::array<std::pair<std::string_view, std::string_view>, 12>;

// Week wording → month wording, then → quarter wording; longest first (so that 上一周 is taken
// before 周). Only whole words that name the period.
constexpr Words k_month_zh{{{"十二周", "十二个月"},
                            {"上一周", "上一月"},
                            {"所在周", "所在月"},
                            {"本周", "本月"},
                            {"上周", "上月"},
                            {"周报", "月报"},
                            {"周次", "月份"},
                            {"", ""},
                            {"", ""},
                            {"", ""},
                            {"", ""},
                            {"", ""}}};
constexpr Words k_quarter_zh{{{"十二周", "四个季度"},
                              {"上一周", "上一季度"},
                              {"所在周", "所在季度"},
                              {"本周", "本季度"},
                              {"上周", "上季度"},
                              {"周报", "季报"},
                              {"周次", "季度"},
                              {"", ""},
                              {"", ""},
                              {"", ""},
                              {"", ""},
                              {"", ""}}};
constexpr Words k_month_en{{{"Twelve-week", "Twelve-month"},
                            {"twelve weeks", "twelve months"},
                            {"Weekly", "Monthly"},
                            {"this week", "this month"},
                            {"This week", "This month"},
                            {"last week", "last month"},
                            {"Last week", "Last month"},
                            {"the week", "the month"},
                            {"The week", "The month"},
                            {"that week", "that month"},
                            {"Week", "Month"},
                            {"week", "month"}}};
constexpr Words k_quarter_en{{{"Twelve-week", "Four-quarter"},
                              {"twelve weeks", "four quarters"},
                              {"Weekly", "Quarterly"},
                              {"this week", "this quarter"},
                              {"This week", "This quarter"},
                              {"last week", "last quarter"},
                              {"Last week", "Last quarter"},
                              {"the week", "the quarter"},
                              {"The week", "The quarter"},
                              {"that week", "that quarter"},
                              {"Week", "Quarter"},
                              {"week", "quarter"}}};

std::string substitute(std::string_view text, const Words& words) {
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    for (const auto& [from, to] : words) {
      if (!from.empty() && text.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

const char* const k_quarters_zh[] = {"一", "二", "三", "四"};
const char* const k_months_en[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

}  // namespace

std::string ptext(Lang lang, std::string_view key, PeriodKind kind) {
  const auto week = text(lang, key);
  if (kind == PeriodKind::week) return std::string(week);
  const bool zh = lang == Lang::zh;
  if (kind == PeriodKind::month) return substitute(week, zh ? k_month_zh : k_month_en);
  return substitute(week, zh ? k_quarter_zh : k_quarter_en);
}

std::string period_text(Lang lang, Period period) {
  if (period.kind == PeriodKind::week) return week_text(lang, period.iso_week());
  const auto first = period_first_day(period), last = period_last_day(period);
  if (lang == Lang::zh) {
    const auto name =
        period.kind == PeriodKind::month
            ? fmt::format("{}年{}月", period.year, period.number)
            : fmt::format("{}年第{}季度", period.year, k_quarters_zh[period.number - 1]);
    return fmt::format("{}（{}—{}）", name, day_text(lang, first), day_text(lang, last));
  }
  const auto name = period.kind == PeriodKind::month
                        ? fmt::format("{} {}", k_months_en[period.number - 1], period.year)
                        : fmt::format("Q{} {}", period.number, period.year);
  return fmt::format("{} ({} – {})", name, day_text(lang, first), day_text(lang, last));
}

}  // namespace tiaojie::report::internal

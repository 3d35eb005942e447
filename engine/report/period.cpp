#include "report/period.hpp"

#include <fmt/format.h>

#include <charconv>

namespace tiaojie::report {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr unsigned months_of(PeriodKind k) { return k == PeriodKind::quarter ? 3 : 1; }

// Months since year 0 of the period's first month (months and quarters only).
int month_index(Period p) {
  return p.year * 12 + static_cast<int>((p.number - 1) * months_of(p.kind));
}

Period from_month_index(PeriodKind kind, int index) {
  const int year = index / 12;
  const auto month = static_cast<unsigned>(index % 12);
  return Period{kind, year, month / months_of(kind) + 1};
}

Result<Period> bad(std::string_view text, std::string_view example) {
  return std::unexpected(
      invalid_input(fmt::format("'{}' is not a period such as {}", text, example), "period"));
}

bool read_int(std::string_view text, int& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && p == text.data() + text.size();
}

}  // namespace

CivilDate period_first_day(Period p) {
  if (p.kind == PeriodKind::week) return week_monday(p.iso_week());
  const int m = month_index(p);
  return CivilDate{std::chrono::year{m / 12}, std::chrono::month{static_cast<unsigned>(m % 12 + 1)},
                   std::chrono::day{1}};
}

Timestamp period_start(Period p) { return shanghai_midnight(period_first_day(p)); }
Timestamp period_end(Period p) { return period_start(add_periods(p, 1)); }

CivilDate period_last_day(Period p) {
  return CivilDate{sys_days{period_first_day(add_periods(p, 1))} - days{1}};
}

Period add_periods(Period p, int n) {
  if (p.kind == PeriodKind::week) return add_weeks(p.iso_week(), n);
  return from_month_index(p.kind, month_index(p) + n * static_cast<int>(months_of(p.kind)));
}

Period period_of(PeriodKind kind, CivilDate date) {
  if (kind == PeriodKind::week) return iso_week_of(date);
  const int index =
      static_cast<int>(date.year()) * 12 + static_cast<int>(unsigned{date.month()}) - 1;
  return from_month_index(kind, index);
}

Period last_complete_period(PeriodKind kind, Timestamp now) {
  return add_periods(period_of(kind, shanghai_date(now)), -1);
}

int trend_length(PeriodKind kind) { return kind == PeriodKind::quarter ? 4 : 12; }

std::string format_period(Period p) {
  switch (p.kind) {
    case PeriodKind::week:
      return format_iso_week(p.iso_week());
    case PeriodKind::month:
      return fmt::format("{}-{:02}", p.year, p.number);
    case PeriodKind::quarter:
      return fmt::format("{}-Q{}", p.year, p.number);
  }
  return {};
}

std::string_view to_string(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::week:
      return "week";
    case PeriodKind::month:
      return "month";
    case PeriodKind::quarter:
      return "quarter";
  }
  return "week";
}

Result<Period> parse_period(PeriodKind kind, std::string_view text) {
  if (kind == PeriodKind::week) {
    auto w = parse_iso_week(text);
    if (!w) return std::unexpected(w.error());
    return Period{*w};
  }
  int year = 0, n = 0;
  if (text.size() < 6 || !read_int(text.substr(0, 4), year) || year < 1971 || text[4] != '-')
    return bad(text, kind == PeriodKind::month ? "2026-11" : "2026-Q4");
  auto rest = text.substr(5);
  if (kind == PeriodKind::month) {
    if (rest.size() != 2 || !read_int(rest, n) || n < 1 || n > 12) return bad(text, "2026-11");
  } else {
    if (rest.size() != 2 || (rest[0] != 'Q' && rest[0] != 'q') || !read_int(rest.substr(1), n) ||
        n < 1 || n > 4)
      return bad(text, "2026-Q4");
  }
  return Period{kind, year, static_cast<unsigned>(n)};
}

Result<Period> parse_any_period(std::string_view text) {
  if (text.find_first_of("Ww") != std::string_view::npos)
    return parse_period(PeriodKind::week, text);
  if (text.find_first_of("Qq") != std::string_view::npos)
    return parse_period(PeriodKind::quarter, text);
  return parse_period(PeriodKind::month, text);
}

}  // namespace tiaojie::report

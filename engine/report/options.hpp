// How a district presents and selects what its weekly report shows: the header's district and
// issuing office, the issue number, the minimum caseload of the overdue ranking and the rules that
// pick group (群体性), major (重大) and key (重点) disputes. Read from the [reports] section of the
// configuration (daemon/config.hpp, docs/reports.md "Presentation"); the defaults make a report
// that names no district. Thread-safety: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "report/period.hpp"
#include "report/week.hpp"

namespace tiaojie::report {

struct ReportOptions {
  // The district in the title ("海珠区矛盾纠纷调解周报"). Default: "" (no district named).
  std::string district;
  // The issuing office printed under the title ("海珠区司法局"). Default: "".
  std::string issuer;
  // Issue numbers count weeks from this one (its issue is 第1期). Default: none, the issue number
  // is the ISO week number (2026-W48 is 第48期), so every week's number is known without a
  // register.
  std::optional<IsoWeek> first_issue;
  // A body enters 超期率最高的单位 only with at least this many open cases at the end of the
  // week: 1 overdue of 1 open is 100% but says little. Default: 5.
  std::int64_t overdue_min_open = 5;
  // A dispute with at least this many parties is a group dispute (群体性纠纷). Default: 10, the
  // shipped rules' threshold (rules/escalation.toml, escalation.group).
  std::int64_t group_parties_min = 10;
  // A dispute claiming at least this many yuan is major (重大纠纷), as is one of priority urgent.
  // Default: 1,000,000, the shipped rules' large amount (escalation.large_amount).
  double major_amount_min = 1'000'000;
  // A dispute of priority high or urgent, a group or a major one is a key dispute (重点纠纷) and
  // gets one line in the report; at most this many lines. Default: 30.
  std::int64_t key_disputes_max = 30;
};

// The issue number of `period`'s report (≥ 1), or nullopt for a period before
// options.first_issue. Without first_issue: the week, month or quarter number (2026-W48 第48期,
// 2026-11 第11期, 2026-Q4 第4期). With it, weeks count from it, months and quarters from the one
// holding its Monday.
[[nodiscard]] std::optional<std::int64_t> issue_number(const ReportOptions& options, Period period);

}  // namespace tiaojie::report

// The weekly backlog report (design.md §9, docs/reports.md): per level, street, body, category and
// channel, the week's flows and the backlog at its end; the twelve-week trend; the units that fall
// behind; the oldest open cases. Computed from a ReportInput (input.hpp), i.e. only from the store.
//
// Definitions (docs/reports.md has them in prose):
//  - A case is *open* while its status is received, assigned, accepted or in_mediation
//    (lifecycle::is_open); it is owned by its current lead body ("" while not yet routed).
//  - The week is [Monday 00:00, next Monday 00:00) Asia/Shanghai. open_start is the open cases
//    owned at the first instant (before that instant's events), open_end at the end instant.
//  - Inflows: new (submitted this week), reopened, transferred_in (moved here from another unit by
//    a transfer, escalation or first routing); outflows: closed = resolved + failed + withdrawn
//    (the case left the open states; the later 结案 filing is not a flow), transferred_out.
//    escalated_in/out count the transfers that were escalations (a subset of transferred_in/out).
//  - Invariant, checked by invariant_violations(): for every unit,
//      open_end = open_start + new + reopened + transferred_in − closed − transferred_out.
//  - Overdue at the end of the week: by the mediation clock, the deadline date has passed
//    (due < the Monday after the week) and the clock is not stopped (a suspended case is not
//    late: its due date moves by the stopped time when it runs again); by the hotline clock, the
//    dispute's reply_due has passed.
//    Both are computed from the deadlines and the state, not from due_soon/overdue events (the
//    lifecycle records those for the mediation clock only, and only when the daemon's timer ran).
//  - Age of an open case: whole days from received_at to the end of the week. Median and p90 are
//    nearest-rank. Ageing buckets: 0–7, 8–15, 16–30, > 30 days.
//  - resolution_rate (调解成功率) = resolved / (resolved + failed): a withdrawn case was not
//    mediated to an end, so it counts on neither side (absent when nothing was resolved or failed).
//  - repeats (重复信访): the new cases of the week that repeat earlier ones (Submitted::repeat_of),
//    counted where they are new; a subset of `new`.
//  - Feedback (回访): the satisfaction ratings recorded in the week, counted at the body that last
//    held the case (the one that resolved it). satisfaction_rate (满意率) = (满意 + 基本满意) /
//    all ratings recorded in the week (absent when there were none); the sample is that count.
//  - A week not over at `as_of` (the current week) is reported up to `as_of`: its end instant is
//    `as_of`, so its overdue cases and ages are those of that moment, not of the coming Sunday.
//  - Months and quarters (月报, 季报) are computed by the same code with "week" read as the period
//    (period.hpp): a month's figures are those of the weeks it holds, summed at its boundaries.
// Personal data never enters a report: cases appear by id, body and age only.
// Thread-safety: pure functions over values.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graph/body_graph.hpp"
#include "model/enums.hpp"
#include "report/clocks.hpp"
#include "report/handling.hpp"
#include "report/input.hpp"
#include "report/options.hpp"
#include "report/period.hpp"
#include "report/week.hpp"

namespace tiaojie::report {

inline constexpr int k_trend_weeks = 12;
inline constexpr int k_ranking_size = 10;

// The week's flows of one unit.
struct Flows {
  std::int64_t open_start = 0;
  std::int64_t new_cases = 0;
  std::int64_t reopened = 0;
  std::int64_t transferred_in = 0;
  std::int64_t transferred_out = 0;
  std::int64_t escalated_in = 0;
  std::int64_t escalated_out = 0;
  std::int64_t resolved = 0;
  std::int64_t failed = 0;
  std::int64_t withdrawn = 0;
  std::int64_t supervision_notices = 0;
  std::int64_t open_end = 0;
  std::int64_t repeats = 0;  // new cases that repeat earlier ones (重复信访): part of new_cases
  // Satisfaction ratings recorded (回访): 满意, 基本满意, 不满意.
  std::int64_t satisfied = 0;
  std::int64_t basically_satisfied = 0;
  std::int64_t dissatisfied = 0;
  [[nodiscard]] std::int64_t feedback() const {
    return satisfied + basically_satisfied + dissatisfied;
  }
  [[nodiscard]] std::int64_t closed() const { return resolved + failed + withdrawn; }
  friend bool operator==(const Flows&, const Flows&) = default;
};

// The backlog of one unit at the end of the week.
struct Backlog {
  std::int64_t overdue_mediation = 0;
  std::int64_t overdue_hotline = 0;
  std::optional<std::int64_t> median_age_days;  // absent when nothing is open
  std::optional<std::int64_t> p90_age_days;
  std::array<std::int64_t, 4> ageing{};  // 0–7, 8–15, 16–30, > 30 days
  friend bool operator==(const Backlog&, const Backlog&) = default;
};

// One row of a table: a level, street, body, category, channel, or the total.
struct UnitRow {
  std::string key;   // body id, level id, street name, category id, channel id; "all" for the total
  std::string name;  // the body's name from the graph; otherwise the key
  std::string level;   // body rows: the body's level ("community" …; "" when unknown)
  std::string street;  // body rows: the street (街道) of its jurisdiction; "" above street level
  Flows flows;
  Backlog backlog;
  std::int64_t previous_open_end = 0;  // open_end of the week before (for growth)
  // resolved / (resolved + failed); withdrawn cases are not in the denominator.
  [[nodiscard]] std::optional<double> resolution_rate() const;
  // (satisfied + basically_satisfied) / feedback(); absent when no rating was recorded.
  [[nodiscard]] std::optional<double> satisfaction_rate() const;
  // overdue_mediation / open_end; 0 when nothing is open.
  [[nodiscard]] double overdue_ratio() const;
  [[nodiscard]] std::int64_t growth() const { return flows.open_end - previous_open_end; }
};

struct TrendPoint {
  Period period;
  Flows flows;  // the total's flows that week
  std::int64_t overdue_mediation = 0;
  std::int64_t overdue_hotline = 0;
};

struct OldCase {
  std::int64_t case_id = 0;
  std::string body;
  std::string body_name;
  std::string category;
  std::int64_t age_days = 0;
  std::optional<CivilDate> due;
  bool due_provisional = false;  // `due` was counted across a year with no calendar file
  bool overdue = false;          // by the mediation clock
};

// Which cases the report covers. An open case is in scope when its owner passes every filter.
struct ReportScope {
  // A constructor rather than an aggregate, so that callers may name only the leading filters.
  ReportScope(std::optional<Level> level_ = {}, std::vector<std::string> bodies_ = {},
              std::string street_ = {})
      : level(level_), bodies(std::move(bodies_)), street(std::move(street_)) {}
  std::optional<Level> level;       // only bodies at this level
  std::vector<std::string> bodies;  // only these bodies (ids); empty: all
  // Only the bodies of this street (街道): "江南中", "江南中街" and "江南中街道" name the same one
  // (same_street). Empty: all.
  std::string street;
};

struct ReportQuery {
  // A constructor rather than an aggregate, so that callers may name only the leading fields.
  ReportQuery(Period period_ = {}, ReportScope scope_ = {}, Timestamp generated_at_ = {},
              std::optional<Timestamp> as_of_ = {}, ReportOptions options_ = {})
      : period(period_),
        scope(std::move(scope_)),
        generated_at(generated_at_),
        as_of(as_of_),
        options(std::move(options_)) {}
  Period period;  // a week, month or quarter (period.hpp); the trend is of the same kind
  ReportScope scope;
  Timestamp generated_at{};  // the CLI's or daemon's "now": printed, never used to compute
  // The moment the report is made for. When it falls inside the week, the week is reported up to
  // it (partial, marked 截至 <date>); weekly_report refuses a week that starts after it. Default:
  // none (the week is taken as over).
  std::optional<Timestamp> as_of;
  ReportOptions options;
  // The working-day calendar handling times are counted on (handling.hpp). Default: none,
  // Monday–Friday, and the handling table says it is provisional.
  std::shared_ptr<const lifecycle::WorkingCalendar> calendar;
};

// One group of disputes received in the week (all, group, major): how many, how many people and
// how much money they involve (parties and amounts the dispute did not state count as 0).
struct InvolvedTotals {
  std::int64_t disputes = 0;
  std::int64_t parties = 0;
  double amount = 0;  // yuan
  friend bool operator==(const InvolvedTotals&, const InvolvedTotals&) = default;
};

// A key dispute (重点纠纷) received in the week: one line, no personal data (no name, phone, ID
// number or description), only what the case id, its classification and its counts say.
struct KeyDispute {
  std::int64_t case_id = 0;
  Timestamp received_at{};
  std::string category;
  Priority priority = Priority::normal;
  std::optional<std::int64_t> parties;
  std::optional<double> amount;
  std::string body;       // current lead body ("" none)
  std::string body_name;  // its name from the graph, else the id
  std::string street;     // its street region, "" above street level
  lifecycle::Status status = lifecycle::Status::received;
  bool group = false;  // parties ≥ options.group_parties_min
  bool major = false;  // amount ≥ options.major_amount_min, or priority urgent
};

struct KeyDisputes {
  bool read = false;  // false: computed without the disputes (compute_weekly alone)
  InvolvedTotals all, group, major;
  std::vector<KeyDispute> list;  // by priority (urgent first), then received_at, then id
  std::int64_t not_listed = 0;   // key disputes beyond options.key_disputes_max
};

// The report of one period: a week (周报), a month (月报) or a quarter (季报), computed alike.
struct WeeklyReport {
  Period period;
  Timestamp start{};
  Timestamp end{};
  Timestamp generated_at{};
  // Set when the week was not over at the query's as_of: the report stops there (截至).
  std::optional<Timestamp> as_of;
  ReportOptions options;
  ReportScope scope;
  std::vector<std::string> scope_names;  // the scope's bodies by name, in scope.bodies' order
  std::string graph_version;             // "" without a graph
  std::int64_t store_seq = 0;
  UnitRow total;
  // Rows with nothing to report (every flow 0, nothing open) are left out of every table.
  std::vector<UnitRow> levels;      // community, street, district, then unassigned/unknown
  std::vector<UnitRow> streets;     // by street name order of the graph; "区级" last
  std::vector<UnitRow> bodies;      // by id; only bodies with something to report
  std::int64_t quiet_bodies = 0;    // bodies of the graph in scope left out: no case at all
  std::int64_t quiet_streets = 0;   // streets of the graph left out the same way
  std::vector<UnitRow> categories;  // by open_end descending, then id
  std::vector<UnitRow> channels;    // by open_end descending, then id
  std::vector<TrendPoint> trend;  // trend_length(kind) periods, oldest first, ending with `period`
  // Bodies with ≥ options.overdue_min_open open, by overdue ratio (> 0), worst first, ≤ 10.
  std::vector<UnitRow> worst_overdue;
  std::vector<UnitRow> largest_growth;  // bodies by open_end growth (> 0), largest first, ≤ 10
  std::vector<OldCase> oldest;          // open at the end, oldest first, ≤ 10
  std::int64_t provisional_open = 0;    // open at the end with a provisional deadline
  KeyDisputes key;                      // filled by add_key_disputes (weekly_report does)
  std::vector<std::string> notes;       // further notes (the daemon's), printed as given
  ClockSummary clocks;                  // suspended and extended deadline clocks (clocks.hpp)
  HandlingSummary handling;             // handling time in working days (handling.hpp)
};

// Whether `street` names the street region `region_name`: equal once a trailing 街道 or 街 is
// dropped from both ("江南中" names "江南中街道").
[[nodiscard]] bool same_street(std::string_view street, std::string_view region_name);

// Whether body `id` passes every filter of `scope` (its level and street from `graph`; without a
// graph a level or street filter passes nothing).
[[nodiscard]] bool body_in_scope(const graph::BodyGraph* graph, std::string_view id,
                                 const ReportScope& scope);

// Computes the report. `graph` (may be null) gives body names, levels and streets; without it
// bodies keep their ids and have no level or street.
[[nodiscard]] WeeklyReport compute_weekly(const ReportInput& input, const graph::BodyGraph* graph,
                                          const ReportQuery& query);

// The report of `query.period` from a store alone: the cases active in its report_window
// (load_window), computed, with its key disputes (add_key_disputes). What `tiaojie report weekly`
// and the demo print. Errors: invalid_input for a week that starts after query.as_of (a future
// week has no numbers, only misleading zeros and overdue cases); the store's.
[[nodiscard]] Result<WeeklyReport> weekly_report(store::Store& store, const graph::BodyGraph* graph,
                                                 const ReportQuery& query);

// Reads the disputes received in the report's week (up to its as_of) from the store and fills
// report.key: totals of people and amounts, group and major disputes, the key-dispute list.
// Only disputes whose current body is in the report's scope count. Errors: the store's.
[[nodiscard]] Result<void> add_key_disputes(WeeklyReport& report, store::Store& store,
                                            const graph::BodyGraph* graph);

// Every broken invariant of a report, one line each ("body X: open_end 5 != 3 + …"); empty
// when the report is consistent: the flow identity for every row and trend week, sums of bodies,
// levels, categories and channels equal to the total, ageing buckets summing to open_end.
[[nodiscard]] std::vector<std::string> invariant_violations(const WeeklyReport& report);

}  // namespace tiaojie::report

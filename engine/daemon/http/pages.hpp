// The workbench's pages (issue 18, docs/workbench.md "Pages"): server-rendered HTML in Chinese,
// usable without JavaScript (there is none: the Content-Security-Policy allows no script), built
// with html.hpp so that every value is escaped. Pure functions of the typed results
// (results.hpp) and the snapshots that name bodies and categories.
// Thread-safety: pure functions over values.
#pragma once

#include <string>
#include <string_view>

#include "daemon/commands.hpp"
#include "daemon/results.hpp"
#include "graph/body_graph.hpp"
#include "lifecycle/calendar.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::daemon::http {

// Who is looking, as the pages show it.
struct Viewer {
  std::string display_name;  // 张敏
  std::string role_label;    // 调解员, 街道工作人员, 区管理人员, 运维人员
  std::string reach_label;   // the body's or street's name; "" for the whole district
  std::string csrf_token;    // put into every form
  bool may_act = false;      // action forms on the case page
  bool operates = false;     // an operator: reload and dry-run forms on the versions page
};

// Names for ids: a body's name from the graph, a category's label from the rule set (either may be
// null: the id is shown).
struct Names {
  const graph::BodyGraph* graph = nullptr;
  const rules::RuleSet* rules = nullptr;
  [[nodiscard]] std::string_view body(std::string_view id) const;
  [[nodiscard]] std::string_view category(std::string_view id) const;
};

// Chinese labels of the lifecycle's values.
[[nodiscard]] std::string_view status_label(lifecycle::Status status);
[[nodiscard]] std::string_view event_label(lifecycle::EventKind kind);
// "2026-11-24 10:00" in Asia/Shanghai.
[[nodiscard]] std::string local_time(Timestamp t);

// The sign-in form; `error` shown above it when not empty, `name` kept in its field.
[[nodiscard]] std::string login_page(std::string_view error, std::string_view name);

// A queue: the filter form, then the page of cases `view` holds, soonest due first.
[[nodiscard]] std::string queue_page(const Viewer& viewer, const command::Queue& query,
                                     const QueueView& view, const Names& names);

// One case: the dispute (phone and ID numbers masked unless `personal_data`), the decision with
// its deciding rules, the assignment path, the timeline, repeats and feedback, and the next steps'
// forms when the viewer may act. `message` (after an action) is shown at the top when not empty.
[[nodiscard]] std::string case_page(const Viewer& viewer, const CaseView& view, const Names& names,
                                    bool personal_data, std::string_view message);

// The backlog dashboard: open, waiting, in-progress and overdue cases per level, per street and
// for the bodies with the most overdue, from `backlog` (its bodies already narrowed to the
// viewer's reach).
[[nodiscard]] std::string dashboard_page(const Viewer& viewer, const BacklogView& backlog,
                                         const Names& names);

// The search form with `query`'s values, and the hits when `view` is not null (descriptions cut to
// a line and masked: a list is no place for personal data).
[[nodiscard]] std::string search_page(const Viewer& viewer, const command::Search& query,
                                      const SearchView* view, const Names& names);

// The rule set, body graph and calendar now serving (read-only): versions, tables with their rule
// counts, bodies per level, the files they came from, the calendar's years.
// With the last dry-run reload's summary when `dry_run` is not null (no dispute's content: counts,
// versions and category shifts).
[[nodiscard]] std::string versions_page(const Viewer& viewer, const rules::RuleSet& rules,
                                        const graph::BodyGraph& graph,
                                        const lifecycle::WorkingCalendar& calendar,
                                        const DryRun* dry_run, const Names& names,
                                        std::string_view message = {});

// One report the daemon wrote ([reports], docs/reports.md): its period ("2026-W47", "2026-11",
// "2026-Q4") and the workbook beside it, if any.
struct ReportEntry {
  std::string period;
  bool workbook = false;
};

// The reports, newest first, each linking its HTML page and its workbook.
[[nodiscard]] std::string reports_page(const Viewer& viewer,
                                       const std::vector<ReportEntry>& reports);

// A page with one message (an error, "not found").
[[nodiscard]] std::string message_page(const Viewer* viewer, std::string_view title,
                                       std::string_view message);

// The stylesheet every page links (/static/workbench.css).
[[nodiscard]] std::string_view workbench_css();

}  // namespace tiaojie::daemon::http

#include "store/internal/case_query_sql.hpp"

#include <fmt/format.h>

#include "store/internal/sql_lists.hpp"

namespace tiaojie::store::internal {
namespace {

// The kind of the case's last suspended or resumed event (NULL: none): its deadline is suspended
// when that is `suspended` (lifecycle::apply: only Resumed ends a suspension). Read by index
// (events_case).
std::string last_clock_event_sql() {
  const std::string_view kinds[] = {lifecycle::to_string(lifecycle::EventKind::suspended),
                                    lifecycle::to_string(lifecycle::EventKind::resumed)};
  return fmt::format(
      "(SELECT e.kind FROM events e WHERE e.case_id = c.case_id AND e.kind IN {} "
      "ORDER BY e.seq DESC LIMIT 1)",
      sql_list(kinds));
}

// Whether the case's deadline is suspended, as an SQL boolean.
std::string suspended_sql() {
  const std::string_view suspended[] = {lifecycle::to_string(lifecycle::EventKind::suspended)};
  return fmt::format("(COALESCE({}, '') IN {})", last_clock_event_sql(), sql_list(suspended));
}

struct Where {
  SqlDialect dialect = SqlDialect::sqlite;
  std::string sql = {};  // " AND …" clauses
  std::vector<SqlParam> params = {};
  bool needs_dispute = false;  // joins `disputes` (the description)

  // The placeholder of the next parameter.
  std::string mark() {
    params.emplace_back();
    return dialect == SqlDialect::sqlite ? "?" : fmt::format("${}", params.size());
  }
  void in(std::string_view column, const std::vector<std::string>& values) {
    // An empty set matches nothing (IN () is not SQL).
    if (values.empty()) {
      sql += " AND FALSE";
      return;
    }
    std::string marks;
    for (const auto& v : values) {
      marks += (marks.empty() ? "" : ",") + mark();
      params.back() = v;
    }
    sql += fmt::format(" AND {} IN ({})", column, marks);
  }
  // `clause` with its one placeholder written as {}.
  void add(std::string_view clause, SqlParam value) {
    sql += " AND " + fmt::format(fmt::runtime(clause), mark());
    params.back() = std::move(value);
  }
};

Where where_of(const CaseQuery& q, SqlDialect dialect) {
  Where w{.dialect = dialect};
  if (q.filter_bodies) w.in("c.body", q.bodies);
  if (q.category) w.add("c.category = {}", *q.category);
  if (!q.statuses.empty()) {
    std::vector<std::string> names;
    for (auto s : q.statuses) names.emplace_back(lifecycle::to_string(s));
    w.in("c.status", names);
  }
  if (q.due_on_or_before) {
    // Open: the lifecycle's own list (lifecycle::is_open, internal/sql_lists.hpp).
    const auto names = open_status_names();
    w.in("c.status", std::vector<std::string>(names.begin(), names.end()));
    // Dates are stored as YYYY-MM-DD, whose byte order is the date order; "" is no deadline.
    w.add(dialect == SqlDialect::sqlite ? "c.due <> '' AND c.due <= {}"
                                        : "c.due <> '' AND c.due COLLATE \"C\" <= {}",
          format_date(*q.due_on_or_before));
    // A suspended deadline does not run, so it is not overdue (as the report counts it).
    w.sql += " AND NOT " + suspended_sql();
  }
  if (q.received_from) w.add("c.received_at >= {}", unix_seconds(*q.received_from));
  if (q.received_before) w.add("c.received_at < {}", unix_seconds(*q.received_before));
  if (!q.text.empty()) {
    w.needs_dispute = true;
    // A substring, not LIKE: % and _ in staff's text are text.
    w.add(dialect == SqlDialect::sqlite ? "instr(json_extract(d.json, '$.description'), {}) > 0"
                                        : "strpos(d.json::jsonb ->> 'description', {}) > 0",
          q.text);
  }
  return w;
}

}  // namespace

CaseListSql case_list_sql(const CaseQuery& query, SqlDialect dialect) {
  Where w = where_of(query, dialect);
  const std::string from =
      fmt::format("FROM cases c{} WHERE TRUE{}",
                  w.needs_dispute ? " JOIN disputes d ON d.case_id = c.case_id" : "", w.sql);
  CaseListSql out;
  out.count = "SELECT COUNT(*) " + from;
  out.rows =
      "SELECT c.case_id, c.status, c.body, c.category, c.priority, c.channel, c.external_id, "
      "c.received_at, c.due, " +
      suspended_sql() + " " + from + " ORDER BY c.case_id DESC LIMIT " + w.mark();
  w.params.pop_back();  // the limit's, bound by the caller
  out.params = std::move(w.params);
  return out;
}

std::string rule_versions_sql(SqlDialect dialect) {
  // One pass over the compact decisions table; a case's first event is its registration.
  const auto registered = [](std::string_view case_id) {
    return fmt::format("(SELECT e.at FROM events e WHERE e.case_id = {} ORDER BY e.seq LIMIT 1)",
                       case_id);
  };
  return fmt::format(
      "SELECT r.version, COALESCE(u.n, 0), {}, {}, u.first_case, u.last_case FROM rule_sets r "
      "LEFT JOIN (SELECT rules_version, COUNT(*) AS n, MIN(case_id) AS first_case, "
      "MAX(case_id) AS last_case FROM decisions WHERE rules_version IS NOT NULL "
      "GROUP BY rules_version) u ON u.rules_version = r.version "
      "ORDER BY u.first_case IS NULL, u.first_case, r.version{}",
      registered("u.first_case"), registered("u.last_case"),
      dialect == SqlDialect::sqlite ? "" : " COLLATE \"C\"");
}

Result<CaseListRow> case_list_row(std::int64_t case_id, std::string_view status, std::string body,
                                  std::string category, std::string priority, std::string channel,
                                  std::string external_id, std::int64_t received_at,
                                  std::string_view due, bool suspended) {
  CaseListRow r;
  r.id = lifecycle::CaseId{case_id};
  auto parsed = lifecycle::parse_status(status);
  if (!parsed) {
    return std::unexpected(
        internal_error(fmt::format("case {} has an unknown status '{}'", case_id, status)));
  }
  r.status = *parsed;
  r.body = std::move(body);
  r.category = std::move(category);
  r.priority = std::move(priority);
  r.channel = std::move(channel);
  r.external_id = std::move(external_id);
  r.received_at = from_unix_seconds(received_at);
  r.due = parse_date(due);
  r.suspended = suspended;
  return r;
}

}  // namespace tiaojie::store::internal

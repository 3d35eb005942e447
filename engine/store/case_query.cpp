// The SQL of `tiaojie case list` and `tiaojie rules versions` (store/case_query.hpp). Values are
// always bound as parameters; only the shape of the WHERE clause (which filters, how many
// placeholders) is composed.
#include "store/internal/case_query.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <variant>

#include "store/internal/sql_lists.hpp"

namespace tiaojie::store::internal {
namespace {

using Param = std::variant<std::string, std::int64_t>;

struct Where {
  std::string sql;  // " AND …" clauses
  std::vector<Param> params;
  bool needs_dispute = false;  // joins `disputes` (the description)

  void in(std::string_view column, const std::vector<std::string>& values) {
    std::string marks;
    for (const auto& v : values) {
      marks += marks.empty() ? "?" : ",?";
      params.emplace_back(v);
    }
    // An empty set matches nothing (IN () is not SQL).
    sql += marks.empty() ? " AND 0" : fmt::format(" AND {} IN ({})", column, marks);
  }
  void add(std::string clause, Param value) {
    sql += " AND " + clause;
    params.push_back(std::move(value));
  }
};

Where where_of(const CaseQuery& q) {
  Where w;
  if (q.filter_bodies) w.in("c.body", q.bodies);
  if (q.category) w.add("c.category = ?", *q.category);
  if (!q.statuses.empty()) {
    std::vector<std::string> names;
    for (auto s : q.statuses) names.emplace_back(lifecycle::to_string(s));
    w.in("c.status", names);
  }
  if (q.due_on_or_before) {
    // Open: the lifecycle's own list (lifecycle::is_open, internal/sql_lists.hpp).
    const auto names = internal::open_status_names();
    w.in("c.status", std::vector<std::string>(names.begin(), names.end()));
    // Dates are stored as YYYY-MM-DD, whose text order is the date order; "" is no deadline.
    w.add("c.due <> '' AND c.due <= ?", format_date(*q.due_on_or_before));
  }
  if (q.received_from)
    w.add("c.received_at >= ?", std::int64_t{q.received_from->time_since_epoch().count()});
  if (q.received_before)
    w.add("c.received_at < ?", std::int64_t{q.received_before->time_since_epoch().count()});
  if (!q.text.empty()) {
    w.needs_dispute = true;
    w.add("instr(json_extract(d.json, '$.description'), ?) > 0", q.text);
  }
  return w;
}

void bind_all(SQLite::Statement& s, const std::vector<Param>& params) {
  int i = 1;
  for (const auto& p : params) {
    if (const auto* text = std::get_if<std::string>(&p)) {
      s.bind(i++, *text);
    } else {
      s.bind(i++, static_cast<std::int64_t>(std::get<std::int64_t>(p)));
    }
  }
}

}  // namespace

Result<CaseList> list_cases(SQLite::Database& db, const CaseQuery& query) {
  const Where w = where_of(query);
  const std::string from =
      fmt::format("FROM cases c{} WHERE 1{}",
                  w.needs_dispute ? " JOIN disputes d ON d.case_id = c.case_id" : "", w.sql);
  CaseList out;
  {
    SQLite::Statement count(db, "SELECT COUNT(*) " + from);
    bind_all(count, w.params);
    if (count.executeStep()) out.matched = count.getColumn(0).getInt64();
  }
  SQLite::Statement rows(db,
                         "SELECT c.case_id, c.status, c.body, c.category, c.priority, c.channel, "
                         "c.external_id, c.received_at, c.due " +
                             from + " ORDER BY c.case_id DESC LIMIT ?");
  bind_all(rows, w.params);
  rows.bind(static_cast<int>(w.params.size()) + 1, static_cast<std::int64_t>(query.limit));
  while (rows.executeStep()) {
    CaseListRow r;
    r.id = lifecycle::CaseId{rows.getColumn(0).getInt64()};
    const std::string status = rows.getColumn(1).getString();
    auto parsed = lifecycle::parse_status(status);
    if (!parsed) {
      return std::unexpected(
          internal_error(fmt::format("case {} has an unknown status '{}'", r.id.value, status)));
    }
    r.status = *parsed;
    r.body = rows.getColumn(2).getString();
    r.category = rows.getColumn(3).getString();
    r.priority = rows.getColumn(4).getString();
    r.channel = rows.getColumn(5).getString();
    r.external_id = rows.getColumn(6).getString();
    r.received_at = Timestamp{std::chrono::seconds{rows.getColumn(7).getInt64()}};
    r.due = parse_date(rows.getColumn(8).getString());
    out.rows.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<RuleVersionUse>> rule_versions(SQLite::Database& db) {
  // One pass over the compact decisions table; the first event of the first and
  // last case is the case's registration (events_case index).
  SQLite::Statement q(db,
                      "SELECT r.version, COALESCE(u.n, 0), u.first, u.last FROM rule_sets r "
                      "LEFT JOIN (SELECT rules_version, COUNT(*) AS n, MIN(case_id) AS first, "
                      "MAX(case_id) AS last FROM decisions WHERE rules_version IS NOT NULL "
                      "GROUP BY rules_version) u ON u.rules_version = r.version "
                      "ORDER BY u.first IS NULL, u.first, r.version");
  SQLite::Statement registered(db, "SELECT at FROM events WHERE case_id = ? ORDER BY seq LIMIT 1");
  auto registered_at = [&](std::int64_t case_id) -> std::optional<Timestamp> {
    registered.reset();
    registered.bind(1, static_cast<std::int64_t>(case_id));
    if (!registered.executeStep()) return std::nullopt;
    return Timestamp{std::chrono::seconds{registered.getColumn(0).getInt64()}};
  };
  std::vector<RuleVersionUse> out;
  while (q.executeStep()) {
    RuleVersionUse u;
    u.version = q.getColumn(0).getString();
    u.decisions = q.getColumn(1).getInt64();
    if (!q.getColumn(2).isNull()) {
      u.first_used = registered_at(q.getColumn(2).getInt64());
      u.last_used = registered_at(q.getColumn(3).getInt64());
    }
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace tiaojie::store::internal

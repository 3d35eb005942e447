#include "store/internal/deferred_projections.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <map>
#include <set>

#include "store/internal/derive.hpp"
#include "store/internal/prepared.hpp"

namespace tiaojie::store::internal {

std::int64_t count_unprojected(SQLite::Database& db) {
  return db.execAndGet("SELECT COUNT(*) FROM unprojected").getInt64();
}

Result<Deriver> derive_unprojected(SQLite::Database& db) {
  Deriver derived;
  SQLite::Statement q(db, fmt::format("SELECT {} FROM events WHERE case_id IN "
                                      "(SELECT case_id FROM unprojected) ORDER BY seq",
                                      event_columns(db)));
  while (q.executeStep()) {
    auto event = read_event(q);
    if (!event) return std::unexpected(event.error());
    if (auto r = derived.add(*event); !r) return std::unexpected(r.error());
  }
  return derived;
}

Result<std::int64_t> write_unprojected(SQLite::Database& db, TableWriter& writer,
                                       ReportRows& reports) {
  auto folded = derive_unprojected(db);
  if (!folded) return std::unexpected(folded.error());
  const Deriver& derived = *folded;
  for (const auto& row : derived.repeat_keys()) {
    if (auto r = writer.insert_repeat_key(row.key, unix_seconds(row.received_at), row.case_id); !r)
      return std::unexpected(r.error());
  }
  for (const auto& [id, row] : derived.decisions()) {
    if (auto r = writer.insert_decision(id, row); !r) return std::unexpected(r.error());
  }
  for (const auto& [id, view] : derived.report_cases()) {
    if (auto r = writer.count("report_cases row"); !r) return std::unexpected(r.error());
    reports.write(id, view, encode_steps(view.steps));
  }
  for (const auto& [id, known] : derived.cases()) {
    if (auto r = writer.write_assignments(id, assignment_rows(known.state)); !r)
      return std::unexpected(r.error());
  }
  for (const auto& [body, open] : derived.load()) {
    if (auto r = writer.add_load(body, open); !r) return std::unexpected(r.error());
  }
  db.exec("DELETE FROM unprojected");
  return static_cast<std::int64_t>(derived.cases().size());
}

Result<std::int64_t> write_pending(SQLite::Database& db, TableWriter& writer, ReportRows& reports,
                                   std::span<const PendingCase> cases) {
  // The same tables in the same order as write_unprojected, so a fault plan fails the same writes.
  for (const auto& c : cases) {
    for (const auto& k : c.repeat_keys) {
      if (auto r = writer.insert_repeat_key(k, c.received_at, c.id); !r)
        return std::unexpected(r.error());
    }
  }
  for (const auto& c : cases) {
    if (auto r = writer.insert_decision(c.id, c.prepared->decision); !r)
      return std::unexpected(r.error());
  }
  for (const auto& c : cases) {
    if (auto r = writer.count("report_cases row"); !r) return std::unexpected(r.error());
    reports.write(c.id, c.prepared->view, c.prepared->steps);
  }
  std::map<BodyId, std::int64_t> load;
  for (const auto& c : cases) {
    if (auto r = writer.write_assignments(c.id, c.prepared->assignments); !r)
      return std::unexpected(r.error());
    if (c.load_body) ++load[*c.load_body];
  }
  for (const auto& [body, open] : load) {
    if (auto r = writer.add_load(body, open); !r) return std::unexpected(r.error());
  }
  db.exec("DELETE FROM unprojected");
  return static_cast<std::int64_t>(cases.size());
}

void expect_unprojected(SQLite::Database& db, const Deriver& derived, TableRows& expected) {
  SQLite::Statement q(db, "SELECT case_id FROM unprojected");
  std::set<CaseId> pending;
  while (q.executeStep()) pending.insert(CaseId{q.getColumn(0).getInt64()});
  if (pending.empty()) return;
  // The same keys expected_rows gave these cases' rows, from the same derived state.
  for (const auto& row : derived.repeat_keys()) {
    if (pending.contains(row.case_id)) expected["repeat_keys"].erase(repeat_key_key(row));
  }
  auto& load = expected["body_load"];
  for (const auto id : pending) {
    expected["report_cases"].erase(case_key(id));
    expected["decisions"].erase(case_key(id));
    auto known = derived.cases().find(id);
    if (known == derived.cases().end()) continue;
    for (const auto& [body, role] : assignment_rows(known->second.state))
      expected["assignments"].erase(assignment_key(id, body));
    if (auto body = load_body(known->second.state)) {
      auto it = load.find(load_key(*body));
      if (it == load.end()) continue;
      const auto left = std::stoll(it->second) - 1;
      if (left > 0) {
        it->second = std::to_string(left);
      } else {
        load.erase(it);
      }
    }
  }
}

}  // namespace tiaojie::store::internal

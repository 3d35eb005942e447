// Staff's look-ups in a store (`tiaojie case list`, `tiaojie rules versions`; Store::list_cases
// and Store::rule_versions): cases by the fields of the current-state table, and the stored
// rule-set versions with their use. Read-only, beside running daemons. Thread-safety: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lifecycle/case_state.hpp"
#include "model/time.hpp"

namespace tiaojie::store {

// Which cases to list; every field set narrows the list (AND). Every field has a default, so that a
// designated initializer names only the filters it sets.
struct CaseQuery {
  // Only cases whose current lead body is one of these. Applied when `filter_bodies` is set, so
  // that a street or level with no body matches nothing rather than everything.
  bool filter_bodies = false;
  std::vector<std::string> bodies = {};
  std::optional<std::string> category = {};      // the classification's category id
  std::vector<lifecycle::Status> statuses = {};  // any of these; empty: any status
  // Only open cases (lifecycle::is_open) whose deadline runs (not suspended) and falls on or before
  // this date: overdue cases when it is lifecycle::last_overdue_due(now), as the report counts.
  std::optional<CivilDate> due_on_or_before = {};
  std::optional<Timestamp> received_from = {};    // received_at >= this
  std::optional<Timestamp> received_before = {};  // received_at < this
  std::string text = {};                          // a substring of the dispute's description
  std::size_t limit = 50;                         // rows returned at most
};

// One listed case: the current-state table's row.
struct CaseListRow {
  lifecycle::CaseId id;
  lifecycle::Status status = lifecycle::Status::received;
  std::string body;      // current lead body; "" none
  std::string category;  // "" before classification
  std::string priority;
  std::string channel;
  std::string external_id;
  Timestamp received_at{};
  std::optional<CivilDate> due;
  bool suspended = false;  // the deadline is suspended (lifecycle::CaseState::suspended_since)
};

struct CaseList {
  std::vector<CaseListRow> rows;  // newest case first (highest id), at most the query's limit
  std::int64_t matched = 0;       // every case that matched, listed or not
};

// A stored rule-set version and the cases first decided under it (the `decisions` table).
struct RuleVersionUse {
  std::string version;
  std::int64_t decisions = 0;  // cases whose first classification used this version
  // When the first and the last of those cases were registered (their first event); absent when
  // no case used the version.
  std::optional<Timestamp> first_used;
  std::optional<Timestamp> last_used;
};

}  // namespace tiaojie::store

// The domain's closed sets as SQL lists, rendered from the lifecycle's own definitions, so that a
// query never spells a status or an event kind again beside lifecycle::is_open and
// lifecycle::apply (issue 20: each domain rule in one place).
//
// The text is plain SQL (single-quoted names, comma and space between them), usable by any SQL
// backend. Thread-safety: the functions return immutable strings built once.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lifecycle/event.hpp"

namespace tiaojie::store::internal {

// "('a', 'b', …)": the names in the order given, each single-quoted (a quote inside a name
// doubled). REQUIRES: `names` is not empty (SQL has no empty IN list).
[[nodiscard]] std::string sql_list(std::span<const std::string_view> names);

// The open statuses (lifecycle::is_open), in the order of lifecycle::Status.
[[nodiscard]] std::span<const std::string_view> open_status_names();

// sql_list(open_status_names()): "('received', 'assigned', 'accepted', 'in_mediation')" today.
// The SQLite schema's partial index cases_open was written (v1) with this very text; SQLite uses
// a partial index only for a query whose IN list is the same, so queries of open cases that want
// the index must use this. tests/store/sql_lists_test.cpp fails when the two part (a status added
// to the lifecycle needs a migration that recreates the index).
[[nodiscard]] const std::string& open_status_sql();

// Whether an event of this kind can change what Store::open_case_deadlines reports (the deadline
// fields of lifecycle::CaseState that lifecycle::apply sets: due and reply_due, the warnings sent
// for them, the counted period and its start, suspension and extensions). An exhaustive switch:
// a new EventKind does not compile (-Wswitch, warnings are errors) until it is decided here.
[[nodiscard]] bool bears_on_deadlines(lifecycle::EventKind kind);

// sql_list of the event kinds that bear_on_deadlines, in the order of lifecycle::EventKind.
[[nodiscard]] const std::string& deadline_event_kinds_sql();

}  // namespace tiaojie::store::internal

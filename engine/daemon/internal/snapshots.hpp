// The immutable snapshots the engine decides with, and how a (re)load builds them.
//
// A reload builds new snapshots from disk and validates them completely before anything is
// swapped: a rule folder or graph with any error is refused as a whole, with every error at its
// file:line:column, and the engine keeps serving with the snapshots it had.
// Thread-safety: build_snapshots and fingerprint read files only; call them from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "daemon/config.hpp"
#include "graph/body_graph.hpp"
#include "lifecycle/calendar.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::daemon::internal {

struct Snapshots {
  std::shared_ptr<const rules::RuleSet> rules;
  std::shared_ptr<const graph::BodyGraph> graph;
  std::shared_ptr<const lifecycle::WorkingCalendar> calendar;
};

// Either snapshots or every error that prevented them (each with `where` = file:line:col).
struct BuildResult {
  std::optional<Snapshots> snapshots;
  std::vector<Error> errors;
  std::vector<std::string> warnings;  // "file:line:col: warning: …", logged on success
};

[[nodiscard]] BuildResult build_snapshots(const DaemonConfig& config);

// A cheap summary of the watched files (names, sizes, modification times): when it changes, a
// reload is due. Never fails; unreadable paths simply contribute nothing.
[[nodiscard]] std::uint64_t fingerprint(const DaemonConfig& config);

}  // namespace tiaojie::daemon::internal

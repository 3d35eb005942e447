// The outcome of routing a classified dispute through the body graph (design.md §4, §6).
#pragma once

#include <compare>
#include <string>
#include <vector>

namespace tiaojie {

// A mediation body's stable id, e.g. "hz.street.fengyang.committee". Strong type so that a body id
// is never confused with a case id or a rule id.
struct BodyId {
  std::string value;
  friend auto operator<=>(const BodyId&, const BodyId&) = default;
  friend bool operator==(const BodyId&, const BodyId&) = default;
};

// One body the assignment looked at and what it concluded.
struct PathStep {
  BodyId body;
  std::string verdict;  // "chosen", "not competent for labour", "at capacity (40/40)", …
  friend bool operator==(const PathStep&, const PathStep&) = default;
};

struct Assignment {
  BodyId lead;                   // the body that leads the mediation
  std::vector<BodyId> partners;  // joint modes: the bodies that join it
  std::vector<PathStep> path;    // every body considered, in order, and why it was passed over
  bool needs_review = false;  // location unknown or nothing competent: sent to intake for a person
  std::string review_reason;  // why, when needs_review
  std::string graph_version;  // content hash of the body graph used
  // The jurisdiction the dispute was placed in ("海珠区/江南中街道/青凤社区"); "" when its
  // street and community matched nothing.
  std::string location;
  friend bool operator==(const Assignment&, const Assignment&) = default;
};

}  // namespace tiaojie

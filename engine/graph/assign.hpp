// Assignment (design.md §6): which body takes a classified dispute, and the path that led there.
//
// Rules, in order:
//   1. Place the dispute: BodyGraph::locate(street, community). No match → the intake body,
//      needs_review, never dropped. A dispute whose address resolution asked for review
//      (Dispute::location_review) goes to intake at once, its reason in review_reason.
//   2. Start at the bodies whose jurisdiction is the location's ancestor at the classification's
//      level (or the location itself when it is known only above that level, e.g. a street for a
//      community-level rule).
//   3. A body is a candidate when it is competent for the category, leads the mode, and has room
//      (open < capacity). A body passed over for competence or mode hands the case sideways to its
//      `refers_to` targets that are competent for the category: they join the same tier.
//   4. Among candidates the least loaded wins (open/capacity, compared exactly), then the smaller
//      id: deterministic for equal inputs.
//   5. No candidate: climb. The next tier is the `escalates_to` targets of this tier's bodies,
//      in order, each body considered once.
//   6. Nothing up the chain: the intake body, needs_review, with the reason.
//   7. Partners: the lead's `partners_with` bodies that join the classification's mode (the joint
//      modes: police–judicial, labour).
// The path lists every body considered, in order, with its verdict.
//
// Pure: no clock, no I/O, no shared state; allocates only small scratch lists and the result.
// Thread-safety: safe to call concurrently on one graph with any load views.
#pragma once

#include <cstdint>
#include <span>

#include "graph/body_graph.hpp"
#include "model/assignment.hpp"
#include "model/classification.hpp"
#include "model/dispute.hpp"

namespace tiaojie::graph {

// The open cases per body, as the caller (the daemon) counts them: open[b] for BodyIndex b of
// the same snapshot. A view, so a call costs nothing to set up; the daemon keeps one
// std::vector<std::uint32_t> of size body_count() per graph snapshot, increments the lead's entry
// on assignment, decrements it on close, and on reload rebuilds it by BodyId (BodyGraph::find).
// Bodies past the end of `open` count as empty.
struct LoadView {
  std::span<const std::uint32_t> open;
  [[nodiscard]] std::uint32_t open_cases(BodyIndex b) const {
    return b < open.size() ? open[b] : 0;
  }
};

// REQUIRES: graph.intake() is a body (every graph from load_graph has one).
// Returns the assignment; never fails: what cannot be routed goes to intake with needs_review.
[[nodiscard]] Assignment assign(const BodyGraph& graph, LoadView load, const Dispute& dispute,
                                const Classification& classification);

}  // namespace tiaojie::graph

// CLI helpers shared by `tiaojie graph …` and `tiaojie explain`: loading the body graph for a
// command and printing an assignment with its path. CLI edge only: prints, throws CliExit.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "graph/body_graph.hpp"
#include "model/assignment.hpp"

namespace tiaojie::cli {

// Loads the graph or prints its first error to stderr and throws CliExit{1}.
[[nodiscard]] std::shared_ptr<const graph::BodyGraph> load_graph_or_exit(const std::string& path);

// Appends "assignment: location / lead / partners / review / path: 1. body — verdict …" to `out`.
void append_assignment_text(std::string& out, const graph::BodyGraph& graph,
                            const Assignment& assignment);
// The same, printed on stdout.
void print_assignment(const graph::BodyGraph& graph, const Assignment& assignment);

// {"lead", "partners": […], "needs_review", "review_reason", "location", "graph_version",
//  "path": [{"body", "verdict"}…]}: the assignment for tools (explain --json, the daemon).
[[nodiscard]] boost::json::object assignment_json(const Assignment& assignment);

}  // namespace tiaojie::cli

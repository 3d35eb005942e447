// `tiaojie case show|list|accept|transfer|resolve|withdraw|close` (docs/operators.md "Cases"):
// staff's view of the store and their lifecycle operations, without writing JSON. show and list
// read the store file read-only (beside a running daemon); the operations go through the daemon.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "cli/data_paths.hpp"
#include "graph/body_graph.hpp"
#include "model/time.hpp"

namespace tiaojie::cli {

// What show and list share: the store, the graph for body names and streets, and "now".
struct CaseReadArgs {
  std::string store;
  std::string graph;
  std::string now;  // --now (RFC 3339): "as of" for overdue; tests inject it. Default: the clock
  bool json = false;
  std::shared_ptr<ConfigDefaults> defaults;
};

// Adds --store, --graph, --config, --json and --now to `cmd`.
void add_case_read_options(CLI::App* cmd, CaseReadArgs& args);

// --now, else the system clock. A bad --now is a usage error (exit 2).
[[nodiscard]] Timestamp case_now(const CaseReadArgs& args);

// The graph of --graph or the configuration; null when neither names one (`required`: then a
// usage error, exit 2). A graph that does not load is an error (exit 2).
[[nodiscard]] std::shared_ptr<const graph::BodyGraph> case_graph(CaseReadArgs& args, bool required);

// "青凤社区人民调解委员会 (hz.…)" or the id alone without a graph or for an unknown id; "—" for "".
[[nodiscard]] std::string body_text(const graph::BodyGraph* graph, const std::string& id);

void run_case_show(CaseReadArgs& args, std::int64_t case_id);

struct CaseListArgs {
  CaseReadArgs read;
  std::vector<std::string> bodies;
  std::string street, level, category, received_from, received_to, text;
  std::vector<std::string> statuses;
  bool overdue = false;
  std::size_t limit = 50;
};
void add_case_list_options(CLI::App* cmd, CaseListArgs& args);
void run_case_list(CaseListArgs& args);

// `case accept|transfer|resolve|withdraw|close` (case_ops.cpp).
void add_case_ops(CLI::App* case_cmd);

}  // namespace tiaojie::cli

// `tiaojie case …`: registration and what show and list share (case_commands.hpp).
#include "cli/case_commands.hpp"

#include <fmt/format.h>

#include <chrono>

#include "cli/commands.hpp"
#include "cli/graph_output.hpp"

namespace tiaojie::cli {

void add_case_read_options(CLI::App* cmd, CaseReadArgs& args) {
  add_store_option(
      cmd, args.store,
      "the store: a SQLite file or a postgresql:// URL " + ConfigDefaults::help_default("store"));
  cmd->add_option(
      "--graph", args.graph,
      "the body graph, for body names and streets " + ConfigDefaults::help_default("graph"));
  cmd->add_flag("--json", args.json, "one JSON object instead of text");
  // Also what tests inject, so that they do not depend on the date.
  cmd->add_option("--now", args.now,
                  "count overdue and days left as of this instant, RFC 3339, e.g. "
                  "2026-12-31T17:00:00+08:00 (default: the clock)");
  args.defaults = ConfigDefaults::add_option(cmd);
}

Timestamp case_now(const CaseReadArgs& args) {
  if (args.now.empty()) {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
  auto t = parse_timestamp(args.now);
  if (!t) {
    fmt::print(stderr, "tiaojie case: --now {}: expected an RFC 3339 time\n", args.now);
    throw CliExit{2};
  }
  return *t;
}

std::shared_ptr<const graph::BodyGraph> case_graph(CaseReadArgs& args, bool required) {
  std::optional<std::string> path;
  if (required) {
    path = args.defaults->graph(args.graph);
  } else {
    path = args.defaults->optional_path(args.graph, "graph");
  }
  if (!path) return nullptr;
  return load_graph_or_exit(*path);
}

std::string body_text(const graph::BodyGraph* graph, const std::string& id) {
  if (id.empty()) return "—";
  if (graph != nullptr) {
    if (auto b = graph->find(id)) return fmt::format("{} ({})", graph->body(*b).name, id);
  }
  return id;
}

void add_case_commands(CLI::App& app) {
  auto* case_cmd = app.add_subcommand(
      "case", "Staff's case commands: show and list from the store, lifecycle operations");
  case_cmd->require_subcommand(1);

  struct ShowArgs {
    CaseReadArgs read;
    std::int64_t id = 0;
  };
  auto show_args = std::make_shared<ShowArgs>();
  auto* show = case_cmd->add_subcommand(
      "show", "One case: state, decision and its rules, both clocks, the timeline of events");
  show->add_option("CASE", show_args->id, "case id")->required();
  add_case_read_options(show, show_args->read);
  show->footer("Exit status: 0 shown, 1 no such case, 2 usage error or unreadable store.");
  show->callback([show_args] { run_case_show(show_args->read, show_args->id); });

  auto list_args = std::make_shared<CaseListArgs>();
  auto* list = case_cmd->add_subcommand(
      "list", "Cases matching filters (body, street, level, category, status, overdue, …)");
  add_case_list_options(list, *list_args);
  list->footer(
      "Exit status: 0 listed (also when nothing matched), 2 usage error or unreadable store.\n"
      "Example:\n  tiaojie case list --overdue --street 江南中");
  list->callback([list_args] { run_case_list(*list_args); });

  add_case_ops(case_cmd);
}

}  // namespace tiaojie::cli

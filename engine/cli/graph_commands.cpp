// `tiaojie graph check|show|assign`: the body graph from the command line.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <deque>
#include <set>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "cli/graph_output.hpp"
#include "graph/assign.hpp"
#include "graph/load.hpp"
#include "graph/rule_outcomes.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::cli {
namespace {

std::string modes_text(graph::ModeSet set) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < mode_names().size(); ++i) {
    if (set & (1u << i)) names.push_back(mode_names()[i]);
  }
  return names.empty() ? "-" : fmt::format("{}", fmt::join(names, ", "));
}

std::string body_label(const graph::BodyGraph& g, graph::BodyIndex b) {
  return fmt::format("{} ({})", g.body(b).id.value, g.body(b).name);
}

// What the rule set's outcomes and categories ask of the graph.
std::vector<graph::RouteDemand> demands_of(const rules::RuleSet& rules) {
  std::vector<graph::RouteDemand> out;
  for (const auto& c : rules.categories()) {
    out.push_back({c.pos.to_string(), "category " + c.id, c.id, std::nullopt, std::nullopt});
  }
  for (const auto& table : rules.tables()) {
    for (const auto& rule : table.rules) {
      const auto& then = rule.then;
      if (!then.category && !then.level && !then.mode) continue;
      out.push_back(
          {rule.pos.to_string(), table.name + "." + rule.id, then.category, then.level, then.mode});
    }
  }
  return out;
}

void run_check(const std::string& path, const std::string& rules_dir) {
  auto checked = graph::check_graph(path);
  for (const auto& d : checked.diagnostics) fmt::print("{}\n", d.to_string());
  std::size_t kept = checked.diagnostics.size();
  std::size_t total = checked.error_count + checked.warning_count;
  if (total > kept) fmt::print("… and {} more\n", total - kept);
  std::size_t errors = checked.error_count, warnings = checked.warning_count;
  if (checked.graph && !rules_dir.empty()) {
    auto rules = rules::check_rule_set(rules_dir);
    if (!rules.rules) {
      fmt::print(stderr, "tiaojie: rule set {} has errors; run `tiaojie rules check`\n", rules_dir);
      throw CliExit{1};
    }
    for (const auto& d : graph::check_rule_outcomes(*checked.graph, demands_of(*rules.rules))) {
      fmt::print("{}\n", d.to_string());
      (d.severity == graph::Diagnostic::Severity::error ? errors : warnings)++;
    }
  }
  if (checked.graph) {
    fmt::print(
        "{}: graph {} version {}: {} bodies, {} regions, {} files: {} error{}, {} warning{}\n",
        path, checked.graph->name(), checked.graph->version(), checked.graph->body_count(),
        checked.graph->region_count(), checked.graph->files().size(), errors,
        errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  } else {
    fmt::print("{}: {} error{}, {} warning{}\n", path, errors, errors == 1 ? "" : "s", warnings,
               warnings == 1 ? "" : "s");
  }
  if (errors > 0) throw CliExit{1};
}

void run_show(const std::string& graph_path, const std::string& id) {
  auto g = load_graph_or_exit(graph_path);
  auto found = g->find(id);
  if (!found) {
    fmt::print(stderr, "tiaojie: no body '{}' in graph {}\n", id, g->name());
    throw CliExit{1};
  }
  graph::BodyIndex b = *found;
  const auto& body = g->body(b);
  fmt::print("{}  {}\n", body.id.value, body.name);
  fmt::print("  kind:          {}\n", body.kind.empty() ? "-" : body.kind);
  fmt::print("  level:         {} ({})\n", to_string(body.level), label_zh(body.level));
  fmt::print("  jurisdiction:  {}\n", g->region_path(body.region));
  fmt::print("  competences:   {}\n", fmt::join(g->category_names(body.competences), ", "));
  fmt::print("  capacity:      {} open cases\n", body.capacity);
  fmt::print("  office hours:  {} on working days\n", body.office_hours.to_string());
  fmt::print("  leads:         {}\n", modes_text(body.leads));
  fmt::print("  joins:         {}\n", modes_text(body.joins));
  // The escalation chain, one step per line; a step lists every target of the step before.
  std::vector<graph::BodyIndex> step = {b};
  std::set<graph::BodyIndex> seen = {b};
  fmt::print("  escalation:    {}\n", body.id.value);
  while (true) {
    std::vector<graph::BodyIndex> next;
    for (auto s : step) {
      g->for_each_target(s, graph::EdgeKind::escalates_to, [&](graph::BodyIndex t) {
        if (seen.insert(t).second) next.push_back(t);
      });
    }
    if (next.empty()) break;
    std::vector<std::string> labels;
    for (auto t : next) labels.push_back(body_label(*g, t));
    fmt::print("                 → {}\n", fmt::join(labels, ", "));
    step = std::move(next);
  }
  for (auto kind : {graph::EdgeKind::refers_to, graph::EdgeKind::partners_with}) {
    std::vector<std::string> labels;
    for (auto t : g->targets(b, kind)) labels.push_back(body_label(*g, t));
    fmt::print("  {:<14} {}\n", std::string(to_string(kind)) + ":",
               labels.empty() ? "-" : fmt::format("{}", fmt::join(labels, ", ")));
  }
  fmt::print("  declared at:   {}\n", g->where(body.pos));
  if (b == g->intake()) fmt::print("  intake body of graph {}\n", g->name());
}

struct AssignOptions {
  std::string graph;
  std::string street, community, category = "other", mode = "people", level = "community";
  std::vector<std::string> open;  // ID=N
};

void run_assign(const AssignOptions& o) {
  auto g = load_graph_or_exit(o.graph);
  Dispute d;
  if (!o.street.empty()) d.street = o.street;
  if (!o.community.empty()) d.community = o.community;
  Classification c;
  c.category = o.category;
  auto mode = parse_mode(o.mode);
  auto level = parse_level(o.level);
  if (!mode || !level) {
    fmt::print(stderr, "tiaojie: unknown {} '{}'\n", !mode ? "mode" : "level",
               !mode ? o.mode : o.level);
    throw CliExit{2};
  }
  c.mode = *mode;
  c.level = *level;
  std::vector<std::uint32_t> open(g->body_count(), 0);
  for (const auto& entry : o.open) {
    auto eq = entry.find('=');
    auto b = eq == std::string::npos ? std::nullopt : g->find(entry.substr(0, eq));
    if (!b) {
      fmt::print(stderr, "tiaojie: --open wants BODY=N with a body of the graph, got '{}'\n",
                 entry);
      throw CliExit{2};
    }
    open[*b] = static_cast<std::uint32_t>(std::stoul(entry.substr(eq + 1)));
  }
  print_assignment(*g, graph::assign(*g, graph::LoadView{open}, d, c));
}

}  // namespace

void add_graph_commands(CLI::App& app) {
  auto* graph_cmd = app.add_subcommand("graph", "Check and inspect the body graph (config/bodies)");
  graph_cmd->require_subcommand(1);

  const auto graph_help = "Graph file or folder " + ConfigDefaults::help_default("graph");
  auto check_graph_path = std::make_shared<std::string>();
  auto check_rules = std::make_shared<std::string>();
  auto* check = graph_cmd->add_subcommand("check", "Load the graph and run every load-time check");
  check->add_option("--graph", *check_graph_path, graph_help);
  check->add_option("--rules", *check_rules,
                    "Also check that this rule folder's outcomes name levels/modes the graph "
                    "offers (default: none)");
  auto check_defaults = ConfigDefaults::add_option(check);
  check->callback([=] { run_check(check_defaults->graph(*check_graph_path), *check_rules); });

  auto show_graph_path = std::make_shared<std::string>();
  auto show_id = std::make_shared<std::string>();
  auto* show = graph_cmd->add_subcommand("show", "Show one body: jurisdiction, competences, chain");
  show->add_option("BODY", *show_id, "Body id, e.g. hz.street.fengyang.committee")->required();
  show->add_option("--graph", *show_graph_path, graph_help);
  auto show_defaults = ConfigDefaults::add_option(show);
  show->callback([=] { run_show(show_defaults->graph(*show_graph_path), *show_id); });

  auto o = std::make_shared<AssignOptions>();
  auto* assign = graph_cmd->add_subcommand(
      "assign", "Assign a hand-classified dispute (no rules): where it goes and why");
  assign->add_option("--graph", o->graph, graph_help);
  assign->add_option("--street", o->street, "Street, e.g. 凤阳 / 凤阳街 / 凤阳街道");
  assign->add_option("--community", o->community, "Community, e.g. 青凤社区");
  assign->add_option("--category", o->category, "Category id")->capture_default_str();
  assign->add_option("--mode", o->mode, "Mode")->capture_default_str();
  assign->add_option("--level", o->level, "Level the rules asked for")->capture_default_str();
  assign->add_option("--open", o->open, "Open cases of a body: BODY=N (repeatable)");
  auto assign_defaults = ConfigDefaults::add_option(assign);
  assign->callback([=] {
    o->graph = assign_defaults->graph(o->graph);
    run_assign(*o);
  });
}

}  // namespace tiaojie::cli

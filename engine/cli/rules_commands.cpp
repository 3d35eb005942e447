// `tiaojie rules check|test [DIR]` and `tiaojie explain FILE|-`.
#include <fmt/core.h>

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "adapters/rule_references.hpp"
#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "cli/explain_format.hpp"
#include "cli/graph_output.hpp"
#include "graph/assign.hpp"
#include "graph/load.hpp"
#include "model/dispute_json.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"
#include "rules/rule_tests.hpp"

namespace tiaojie::cli {
namespace {

// Prints every diagnostic; returns the rule set, or exits 1 when there were errors.
std::shared_ptr<const rules::RuleSet> load_or_exit(const std::string& dir, bool print_warnings) {
  auto report = rules::check_rule_set(dir);
  for (const auto& d : report.diagnostics) {
    if (print_warnings || d.severity == rules::Diagnostic::Severity::error) {
      fmt::print(stderr, "{}\n", d.to_string());
    }
  }
  if (report.has_errors()) return nullptr;
  return report.rules;
}

// A path shown relative to the working directory when it can be ("config/bodies").
std::string shown_path(const std::string& p) {
  std::error_code ec;
  auto shown = std::filesystem::proximate(p, ec);
  return ec || shown.empty() ? p : shown.string();
}

struct CheckOptions {
  std::string dir, graph, formats;
  bool self_only = false;  // --self-only: the rule files alone
  std::shared_ptr<ConfigDefaults> defaults;
};

// What the rules are checked against: the body graph and the channel formats, the configuration's
// unless given. One that cannot be loaded is an error of the check (the daemon would not start).
rules::References check_references(const CheckOptions& o) {
  rules::References refs;
  if (o.self_only) return refs;
  std::shared_ptr<const graph::BodyGraph> graph;
  const auto graph_path = o.defaults->graph(o.graph);
  if (!graph_path.empty()) {
    auto g = graph::load_graph(graph_path);
    if (g)
      graph = *g;
    else
      refs.errors.push_back(
          {"cannot check against the body graph: " + g.error().message, g.error().where});
  }
  adapters::FormatMap formats;
  const auto formats_path = o.defaults->formats(o.formats);
  if (!formats_path.empty()) {
    auto f = adapters::load_formats(formats_path);
    if (f)
      formats = std::move(*f);
    else
      refs.errors.push_back(
          {"cannot check against the channel formats: " + f.error().message, f.error().where});
  }
  auto errors = std::move(refs.errors);
  refs = adapters::rule_references(graph, shown_path(graph_path), formats);
  refs.errors = std::move(errors);
  return refs;
}

void rules_check(const CheckOptions& o) {
  const auto dir = o.defaults->rules(o.dir);
  auto report = rules::check_rule_set(dir, check_references(o));
  std::size_t errors = 0, warnings = 0;
  for (const auto& d : report.diagnostics) {
    fmt::print("{}\n", d.to_string());
    (d.severity == rules::Diagnostic::Severity::error ? errors : warnings)++;
  }
  if (report.rules) {
    const auto& r = *report.rules;
    fmt::print(
        "{}: {} files, {} tables, {} rules, {} keywords, {} categories, {} tests; version {}\n",
        dir, r.files().size(), r.tables().size(), r.rule_count(), r.keyword_count(),
        r.categories().size(), r.tests().size(), r.version());
  }
  fmt::print("{} errors, {} warnings\n", errors, warnings);
  if (errors) throw CliExit{1};
}

void rules_test(const std::string& dir) {
  auto rules = load_or_exit(dir, false);
  if (!rules) {
    fmt::print("0 passed, 0 failed\n");
    throw CliExit{1};
  }
  std::size_t passed = 0, failed = 0;
  for (const auto& r : rules::run_rule_tests(*rules)) {
    if (r.passed) {
      ++passed;
      continue;
    }
    ++failed;
    fmt::print("FAIL {} {}\n", r.test->pos.to_string(), r.test->name);
    for (const auto& f : r.failures) fmt::print("     {}\n", f);
  }
  fmt::print("{} passed, {} failed\n", passed, failed);
  if (failed) throw CliExit{1};
}

void explain_command(const std::string& file, const std::string& rules_dir,
                     const std::string& graph_path, bool json) {
  auto rules = load_or_exit(rules_dir, false);
  if (!rules) throw CliExit{1};
  auto body_graph = load_graph_or_exit(graph_path);
  const auto text = read_input(file);

  // One JSON document (possibly pretty-printed), else NDJSON.
  std::vector<std::pair<std::size_t, Result<Dispute>>> disputes;
  if (auto one = parse_dispute(text); one) {
    disputes.emplace_back(1, std::move(one));
  } else {
    std::istringstream lines(text);
    std::size_t n = 0;
    for (std::string line; std::getline(lines, line);) {
      ++n;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      disputes.emplace_back(n, parse_dispute(line));
    }
  }
  bool bad = false;
  std::string out;
  for (const auto& [line, dispute] : disputes) {
    if (!dispute) {
      fmt::print(stderr, "{}:{}: {}\n", file == "-" ? "<stdin>" : file, line,
                 dispute.error().to_string());
      bad = true;
      continue;
    }
    auto ex = rules::explain(*rules, *dispute);
    // Offline: no daemon, so every body counts as empty (an empty load view).
    auto assignment = graph::assign(*body_graph, graph::LoadView{}, *dispute, ex.classification);
    if (json) {
      auto o = explanation_json(*dispute, ex);
      o["assignment"] = assignment_json(assignment);
      out += boost::json::serialize(o);
      out += '\n';
    } else {
      append_explanation_text(out, *dispute, *rules, ex);
      append_assignment_text(out, *body_graph, assignment);
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (bad || disputes.empty()) throw CliExit{1};
}

}  // namespace

void add_rules_commands(CLI::App& app) {
  auto* rules_cmd = app.add_subcommand("rules", "Check the rule tables and run their inline tests");
  rules_cmd->require_subcommand(1);

  const auto rules_help = "folder of *.toml rule files " + ConfigDefaults::help_default("rules");
  auto opts = std::make_shared<CheckOptions>();
  auto* check = rules_cmd->add_subcommand("check",
                                          "Load the rules and check them against the body graph "
                                          "and the channel formats; list errors and "
                                          "warnings as file:line:column (exit 1 on errors)");
  check->add_option("DIR", opts->dir, rules_help);
  check->add_option("--graph", opts->graph,
                    "body graph file or folder " + ConfigDefaults::help_default("graph"));
  check->add_option("--formats", opts->formats,
                    "folder of channel formats " + ConfigDefaults::help_default("formats"));
  check->add_flag("--self-only", opts->self_only,
                  "check the rule files alone, not against the graph and formats");
  opts->defaults = ConfigDefaults::add_option(check);
  check->callback([opts] { rules_check(*opts); });

  auto test_dir = std::make_shared<std::string>();
  auto* test = rules_cmd->add_subcommand(
      "test", "Run the rules' inline [[test]] cases (exit 1 on failures)");
  test->add_option("DIR", *test_dir, rules_help);
  auto test_defaults = ConfigDefaults::add_option(test);
  test->callback([=] { rules_test(test_defaults->rules(*test_dir)); });

  auto coverage_dir = std::make_shared<std::string>();
  auto coverage = std::make_shared<rules_coverage::Options>();
  auto* cov = rules_cmd->add_subcommand(
      "coverage",
      "Score the rules on a corpus of disputes with known answers; list unexercised rules");
  cov->add_option("DIR", *coverage_dir, rules_help);
  cov->add_option("--corpus", coverage->corpus_file, "corpus NDJSON (tests/data/corpus/README.md)")
      ->required();
  cov->add_option("--min-records", coverage->min_records,
                  "a category with fewer records is under-covered (default 10)");
  cov->add_option("--require-category", coverage->require_category,
                  "exit 1 below this % of exact categories");
  cov->add_option("--require-all", coverage->require_all,
                  "exit 1 below this % of records with every field right");
  cov->add_flag("--require-exercised", coverage->require_exercised,
                "exit 1 if a rule wins no record");
  cov->add_flag("--misses", coverage->show_misses, "list every record with a wrong field");
  auto coverage_defaults = ConfigDefaults::add_option(cov);
  cov->callback([coverage_dir, coverage, coverage_defaults] {
    rules_coverage_command(coverage_defaults->rules(*coverage_dir), *coverage);
  });

  struct ExplainArgs {
    std::string file, rules, graph;
    bool json = false;
    std::int64_t case_id = 0;
    std::string store;
  };
  auto args = std::make_shared<ExplainArgs>();
  auto* explain =
      app.add_subcommand("explain", "Classify disputes (one JSON object or NDJSON) and show why");
  auto* file_opt = explain->add_option("FILE", args->file, "dispute file, or - for standard input");
  auto* case_opt = explain->add_option("--case", args->case_id,
                                       "a stored case: re-run under its rule-set version");
  add_store_option(explain, args->store,
                   "SQLite store for --case " + ConfigDefaults::help_default("store"));
  file_opt->excludes(case_opt);
  explain->add_option("--rules", args->rules,
                      "folder of rule files " + ConfigDefaults::help_default("rules"));
  explain->add_option("--graph", args->graph,
                      "body graph file or folder " + ConfigDefaults::help_default("graph"));
  explain->add_flag("--json", args->json, "one JSON object per dispute");
  auto defaults = ConfigDefaults::add_option(explain);
  explain->callback([args, defaults] {
    if (args->case_id != 0) {
      explain_case_command(args->case_id, defaults->store_location(args->store),
                           defaults->rules(args->rules), args->json);
    } else if (args->file.empty()) {
      throw CLI::RequiredError("FILE or --case");
    } else {
      explain_command(args->file, defaults->rules(args->rules), defaults->graph(args->graph),
                      args->json);
    }
  });
}

}  // namespace tiaojie::cli

// `tiaojie replay`, `tiaojie rules diff|export` and `tiaojie explain --case`: the operators' rule
// workflow (docs/operators.md). Reads the store; never writes it.
#include <fmt/core.h>

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "cli/explain_format.hpp"
#include "cli/graph_output.hpp"
#include "replay/past_decision.hpp"
#include "replay/replay.hpp"
#include "replay/report_format.hpp"
#include "replay/rules_diff.hpp"
#include "rules/rule_set.hpp"
#include "store/open_store.hpp"

namespace tiaojie::cli {
namespace {

// Exit statuses of replay and rules diff (docs/operators.md): scripts branch on them.
constexpr int k_no_change = 0;
constexpr int k_changed = 1;
constexpr int k_error = 2;

[[noreturn]] void replay_fail(const std::string& message) {
  fail_command("tiaojie", message, k_error);
}

std::shared_ptr<const rules::RuleSet> load_rules_or_fail(const std::string& dir) {
  auto loaded = rules::load_rule_set(dir);
  if (!loaded)
    replay_fail(fmt::format("{}\n(run `tiaojie rules check {}`)", loaded.error().to_string(), dir));
  return loaded->rules;
}

std::unique_ptr<store::Store> open_store_or_fail(const store::StoreLocation& at) {
  // Replay streams the store once: a small page cache is faster here than the daemon's 64 MiB
  // (docs/benchmarks.md, replay) and keeps memory at ~10 MiB whatever the size.
  auto s = store::open_store(at, {.create_if_missing = false, .streaming_reader = true});
  if (!s) replay_fail(fmt::format("store {}: {}", store::to_string(at), s.error().to_string()));
  return std::move(*s);
}

void write_output(const std::string& file, const std::string& text) {
  if (file.empty() || file == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out.flush()) replay_fail(fmt::format("{}: cannot write", file));
}

struct ReplayArgs {
  std::string rules, graph, store, since, until, format = "text", output;
  std::size_t top = 20;
  store::StoreLocation store_at;  // --store, or the configuration's
};

void replay_command(const ReplayArgs& a) {
  auto rules = load_rules_or_fail(a.rules);
  std::shared_ptr<const graph::BodyGraph> graph;
  try {
    graph = load_graph_or_exit(a.graph);
  } catch (const CliExit&) {
    throw CliExit{k_error};
  }
  replay::ReplayOptions options;
  options.since =
      a.since.empty() ? Timestamp{} : day_start_option(a.since, "--since", "tiaojie", k_error);
  // --until names the last day included.
  options.until = a.until.empty() ? Timestamp{std::chrono::seconds{std::int64_t{1} << 40}}
                                  : day_start_option(a.until, "--until", "tiaojie", k_error) +
                                        std::chrono::days{1};
  options.top = a.top;
  auto store = open_store_or_fail(a.store_at);
  auto report = replay::replay_store(*store, *rules, *graph, options);
  if (!report) replay_fail(report.error().to_string());
  if (a.format == "json") {
    write_output(a.output, boost::json::serialize(replay::report_json(*report)) + "\n");
  } else if (a.format == "html") {
    write_output(a.output, replay::format_report_html(*report));
  } else {
    write_output(a.output, replay::format_report_text(*report));
  }
  // The report is written either way; but a replay that could not read every stored case proves
  // nothing about those cases, and says so by its exit status.
  if (report->unreadable > 0) {
    fmt::print(stderr,
               "tiaojie replay: {} stored case(s) unreadable or damaged (see the report); run "
               "`tiaojie store verify`\n",
               report->unreadable);
    throw CliExit{k_error};
  }
  throw CliExit{report->any_change() ? k_changed : k_no_change};
}

void diff_command(const std::string& before_dir, const std::string& after_dir) {
  auto before = load_rules_or_fail(before_dir);
  auto after = load_rules_or_fail(after_dir);
  auto diff = replay::diff_rule_sets(*before, *after);
  const auto text = replay::format_diff_text(diff);
  std::fwrite(text.data(), 1, text.size(), stdout);
  throw CliExit{diff.empty() ? k_no_change : k_changed};
}

void export_command(const std::string& version, const store::StoreLocation& store_at,
                    const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    replay_fail(fmt::format("{}: exists and is not empty; export into a new folder", dir));
  }
  auto store = open_store_or_fail(store_at);
  auto files = store->get_rule_set(version);
  if (!files)
    replay_fail(fmt::format("rule-set version {}: {}", version, files.error().to_string()));
  // Check before writing anything that the stored files still make that exact rule set.
  auto loaded = rules::load_rule_set_from_files(*files, dir);
  if (!loaded) replay_fail(loaded.error().to_string());
  if (loaded->rules->version() != version) {
    replay_fail(
        fmt::format("stored files of {} load as version {}", version, loaded->rules->version()));
  }
  fs::create_directories(dir, ec);
  if (ec) replay_fail(fmt::format("{}: {}", dir, ec.message()));
  for (const auto& [name, contents] : *files) {
    std::ofstream out(fs::path(dir) / name, std::ios::binary);
    out << contents;
    if (!out.flush()) replay_fail(fmt::format("{}/{}: cannot write", dir, name));
  }
  fmt::print("{}: {} files of rule-set version {}\n", dir, files->size(), version);
}

std::string decided(const RuleRef& ref) { return replay::rule_name(ref); }

void append_side_by_side(std::string& out, const Classification& then, const Classification& now) {
  auto row = [&](std::string_view field, std::string a, const RuleRef& ra, std::string b,
                 const RuleRef& rb) {
    out += fmt::format("  {:<9} {:<16} {:<34} {} {:<16} {}\n", field, a, decided(ra),
                       a == b ? " " : "*", b, decided(rb));
  };
  out += fmt::format("  {:<9} {:<16} {:<34}   {:<16} {}\n", "field", "then", "decided by", "now",
                     "decided by");
  row("category", then.category, then.category_rule, now.category, now.category_rule);
  row("priority", std::string(to_string(then.priority)), then.priority_rule,
      std::string(to_string(now.priority)), now.priority_rule);
  row("mode", std::string(to_string(then.mode)), then.mode_rule, std::string(to_string(now.mode)),
      now.mode_rule);
  row("level", std::string(to_string(then.level)), then.level_rule,
      std::string(to_string(now.level)), now.level_rule);
  auto dl = [](const Deadline& d) { return fmt::format("{}d {}", d.days, to_string(d.count)); };
  row("deadline", dl(then.deadline), then.deadline_rule, dl(now.deadline), now.deadline_rule);
}

}  // namespace

void explain_case_command(std::int64_t case_id, const store::StoreLocation& store_at,
                          const std::string& rules_dir, bool json) {
  auto current = load_rules_or_fail(rules_dir);
  auto store = open_store_or_fail(store_at);
  auto past = replay::explain_past_decision(*store, store::CaseId{case_id}, *current);
  if (!past) replay_fail(past.error().to_string());
  const auto& recorded = *past->state.classification;
  if (json) {
    boost::json::object o;
    o["case_id"] = case_id;
    o["status"] = lifecycle::to_string(past->state.status);
    o["body"] = past->state.body.value;
    o["recorded"] = classification_json(recorded);
    o["then"] = explanation_json(past->dispute, past->then);
    o["now"] = explanation_json(past->dispute, past->now);
    o["reproduces_record"] = past->reproduces_record;
    fmt::print("{}\n", boost::json::serialize(o));
    return;
  }
  std::string out = fmt::format("case {} ({}, with {}), received {}\n", case_id,
                                lifecycle::to_string(past->state.status),
                                past->state.body.value.empty() ? "no body" : past->state.body.value,
                                format_timestamp(past->state.received_at));
  out += fmt::format("decided under rules {} (from the store); current rules {} ({})\n",
                     recorded.rules_version, current->version(), rules_dir);
  if (!past->reproduces_record) {
    out +=
        "note: re-running the stored rules does not give the recorded decision; the recorded one "
        "was:\n";
    append_side_by_side(out, recorded, past->then.classification);
  }
  append_side_by_side(out, past->then.classification, past->now.classification);
  out += "\n--- then ---\n";
  append_explanation_text(out, past->dispute, *past->then_rules, past->then);
  out += "\n--- now ---\n";
  append_explanation_text(out, past->dispute, *current, past->now);
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void add_replay_commands(CLI::App& app) {
  auto a = std::make_shared<ReplayArgs>();
  auto* replay = app.add_subcommand("replay",
                                    "Re-decide stored cases under candidate rules and graph; exit "
                                    "0 no change, 1 changes, 2 error");
  replay->add_option("--rules", a->rules, "folder of candidate rule files")->required();
  replay->add_option("--graph", a->graph,
                     "candidate body graph " + ConfigDefaults::help_default("graph"));
  add_store_option(replay, a->store, "SQLite store " + ConfigDefaults::help_default("store"));
  replay->add_option("--since", a->since,
                     "first day received, YYYY-MM-DD (default: the first stored)");
  replay->add_option("--until", a->until,
                     "last day received, YYYY-MM-DD (default: the last stored)");
  replay->add_option("--format", a->format, "text, json or html")
      ->check(CLI::IsMember({"text", "json", "html"}));
  replay->add_option("-o,--output", a->output, "write the report here (default: standard output)");
  replay->add_option("--top", a->top, "how many most affected cases to list (default: 20)");
  auto replay_defaults = ConfigDefaults::add_option(replay);
  replay->callback([a, replay_defaults] {
    // A missing configuration is a usage error like any other here (exit 2).
    a->graph = replay_defaults->graph(a->graph);
    a->store_at = replay_defaults->store_location(a->store);
    replay_command(*a);
  });

  CLI::App* rules_cmd = nullptr;
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == "rules") rules_cmd = sub;
  }
  if (rules_cmd == nullptr) rules_cmd = app.add_subcommand("rules", "Rule tables");

  auto dirs = std::make_shared<std::pair<std::string, std::string>>();
  auto* diff = rules_cmd->add_subcommand(
      "diff",
      "Rules added, removed and changed field by field (exit 0 none, 1 differences, 2 error)");
  diff->add_option("OLD_DIR", dirs->first, "the rules now")->required();
  diff->add_option("NEW_DIR", dirs->second, "the edited rules")->required();
  diff->callback([dirs] { diff_command(dirs->first, dirs->second); });

  struct ExportArgs {
    std::string version, store, dir;
  };
  auto e = std::make_shared<ExportArgs>();
  auto* exp = rules_cmd->add_subcommand(
      "export", "Write a stored rule-set version's files into a new folder");
  exp->add_option("--version", e->version,
                  "rule-set version (16 hex digits; `tiaojie rules versions` lists them)")
      ->required();
  add_store_option(exp, e->store, "SQLite store " + ConfigDefaults::help_default("store"));
  exp->add_option("DIR", e->dir, "folder to create")->required();
  auto export_defaults = ConfigDefaults::add_option(exp);
  exp->callback([e, export_defaults] {
    export_command(e->version, export_defaults->store_location(e->store), e->dir);
  });
  add_rules_versions_command(rules_cmd);
}

}  // namespace tiaojie::cli

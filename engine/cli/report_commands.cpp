// `tiaojie report weekly`: the weekly backlog report from a store file (design.md §9,
// docs/reports.md). The CLI is the edge that reads the clock: "now" picks the default week and is
// printed as the generation time; the report itself is computed from the store alone.
#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "graph/load.hpp"
#include "report/render.hpp"
#include "report/weekly.hpp"
#include "store/sqlite_store.hpp"

namespace tiaojie::cli {
namespace {

struct WeeklyArgs {
  std::string week;
  std::string format = "md";
  std::string output;
  std::string level;
  std::vector<std::string> bodies;
  std::string street;
  std::string now;  // hidden: the moment to report as of (tests, reproducing a past run)
  std::string lang = "zh";
  std::string store;
  std::string graph;
  std::shared_ptr<ConfigDefaults> defaults;
};

[[noreturn]] void fail(const std::string& message, int status = 2) {
  fmt::print(stderr, "tiaojie report: {}\n", message);
  throw CliExit{status};
}

// CSV is one file per table: written into the folder -o names (default: the current one), or
// printed one after another with -o -.
void write_csv(const report::WeeklyReport& rep, report::Lang lang, const std::string& output) {
  if (output == "-") {
    fmt::print("{}", report::render_csv(rep, lang));
    return;
  }
  const std::filesystem::path dir = output.empty() ? "." : output;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) fail(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  for (const auto& file : report::render_csv_files(rep, lang)) {
    const auto path = dir / report::csv_file_name(rep.week, file.name);
    std::ofstream out(path, std::ios::binary);
    out << file.text;
    out.close();
    if (!out) fail(fmt::format("cannot write {}", path.string()));
    fmt::print("{}\n", path.string());
  }
}

void run_weekly(const WeeklyArgs& args) {
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  if (!args.now.empty()) {
    const auto parsed = parse_timestamp(args.now);
    if (!parsed)
      fail(fmt::format("--now: '{}' is not a time such as 2026-11-25T10:00:00+08:00", args.now));
    now = *parsed;
  }
  report::ReportQuery query;
  query.generated_at = now;
  query.as_of = now;
  if (const auto* config = args.defaults->config_if_any()) query.options = config->reports.options;
  if (args.week.empty()) {
    query.week = report::last_complete_week(now);
  } else if (auto w = report::parse_iso_week(args.week)) {
    query.week = *w;
  } else {
    fail(w.error().to_string());
  }
  const auto format = report::parse_format(args.format);
  if (!format) fail(fmt::format("--format: '{}' is not one of md, csv, json, html", args.format));
  const auto lang = report::parse_lang(args.lang);
  if (!lang) fail(fmt::format("--lang: '{}' is not one of zh, en", args.lang));
  if (!args.level.empty()) {
    query.scope.level = parse_level(args.level);
    if (!query.scope.level) {
      fail(fmt::format("--level: '{}' is not one of community, street, district", args.level));
    }
  }
  query.scope.bodies = args.bodies;
  query.scope.street = args.street;

  std::shared_ptr<const graph::BodyGraph> graph;
  const std::string graph_path = args.defaults->graph(args.graph);
  {
    auto g = graph::load_graph(graph_path);
    if (!g) fail(g.error().to_string());
    graph = *g;
    for (const auto& b : query.scope.bodies) {
      if (!graph->find(b)) fail(fmt::format("--body: no body '{}' in the graph {}", b, graph_path));
    }
    if (!args.street.empty()) {
      bool known = false;
      for (graph::RegionIndex r = 0; r < graph->region_count() && !known; ++r) {
        known = graph->region(r).level == graph::RegionLevel::street &&
                report::same_street(args.street, graph->region(r).name);
      }
      if (!known)
        fail(fmt::format("--street: no street '{}' in the graph {}", args.street, graph_path));
    }
  }

  const std::string db = args.defaults->store(args.store);
  auto store = store::SqliteStore::open({.path = db, .create_if_missing = false});
  if (!store) fail(store.error().to_string());
  const auto computed = report::weekly_report(**store, graph.get(), query);
  if (!computed) fail(computed.error().to_string());
  const auto& rep = *computed;
  if (*format == report::Format::csv) {
    write_csv(rep, *lang, args.output);
  } else if (const auto text = report::render(rep, *format, *lang);
             args.output.empty() || args.output == "-") {
    fmt::print("{}", text);
  } else {
    std::ofstream out(args.output, std::ios::binary);
    out << text;
    out.close();
    if (!out) fail(fmt::format("cannot write {}", args.output));
  }
  // The report checks its own arithmetic; a failure is a bug worth a non-zero exit.
  if (const auto bad = report::invariant_violations(rep); !bad.empty()) {
    for (const auto& line : bad) fmt::print(stderr, "tiaojie report: invariant broken: {}\n", line);
    throw CliExit{3};
  }
}

}  // namespace

void add_report_commands(CLI::App& app) {
  auto* report = app.add_subcommand("report", "Backlog reports from the store");
  report->require_subcommand(1);
  auto args = std::make_shared<WeeklyArgs>();
  auto* weekly = report->add_subcommand(
      "weekly", "The weekly backlog report per level, street and body (docs/reports.md)");
  weekly->add_option("--week", args->week,
                     "ISO week in Asia/Shanghai, e.g. 2026-W47 (default: the last complete week)");
  weekly->add_option("--format", args->format, "md, csv, json or html (default md)");
  weekly->add_option("-o,--output", args->output,
                     "write to FILE instead of standard output; with --format csv, the folder for "
                     "its files (default: the current one; '-' prints them)");
  weekly->add_option("--level", args->level,
                     "only bodies at this level: community, street, district");
  weekly->add_option("--body", args->bodies, "only these bodies (repeatable)");
  weekly->add_option("--street", args->street,
                     "only the bodies of this street, e.g. 江南中 (also 江南中街, 江南中街道)");
  weekly->add_option("--now", args->now)->group("");  // hidden: report as of this moment
  weekly->add_option("--lang", args->lang, "zh (default) or en");
  add_store_option(weekly, args->store, "the store file " + ConfigDefaults::help_default("store"));
  weekly->add_option("--graph", args->graph,
                     "the body graph " + ConfigDefaults::help_default("graph"));
  args->defaults = ConfigDefaults::add_option(weekly);
  weekly->callback([args] { run_weekly(*args); });
}

}  // namespace tiaojie::cli

// `tiaojie report weekly|monthly|quarterly`: the backlog report of a week, month or quarter from a
// store file (design.md §9, docs/reports.md), one computation for the three. The CLI is the edge
// that reads the clock: "now" picks the default period and is printed as the generation time; the
// report itself is computed from the store alone.
#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "graph/load.hpp"
#include "lifecycle/calendar.hpp"
#include "report/render.hpp"
#include "report/weekly.hpp"
#include "report/writer.hpp"
#include "store/open_store.hpp"

namespace tiaojie::cli {
namespace {

struct WeeklyArgs {
  report::PeriodKind kind = report::PeriodKind::week;
  std::string week;  // the period's text: --week, --month or --quarter
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

[[noreturn]] void report_fail(const std::string& message, int status = 2) {
  fail_command("tiaojie report", message, status);
}

// CSV is one file per table: written into the folder -o names (default: the current one), with
// the workbook of the same tables (.xlsx), or printed one after another with -o -.
void write_csv(const report::WeeklyReport& rep, report::Lang lang, const std::string& output) {
  if (output == "-") {
    fmt::print("{}", report::render_csv(rep, lang));
    return;
  }
  const std::filesystem::path dir = output.empty() ? "." : output;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) report_fail(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  for (const auto& file : report::render_csv_files(rep, lang)) {
    const auto path = dir / report::csv_file_name(rep.period, file.name);
    std::ofstream out(path, std::ios::binary);
    out << file.text;
    out.close();
    if (!out) report_fail(fmt::format("cannot write {}", path.string()));
    fmt::print("{}\n", path.string());
  }
  // The same tables as one workbook beside them.
  auto xlsx = report::write_xlsx(dir / report::xlsx_file_name(rep.period), rep, lang);
  if (!xlsx) report_fail(xlsx.error().to_string());
  fmt::print("{}\n", xlsx->string());
}

void run_weekly(const WeeklyArgs& args) {
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  if (!args.now.empty()) {
    const auto parsed = parse_timestamp(args.now);
    if (!parsed)
      report_fail(
          fmt::format("--now: '{}' is not a time such as 2026-11-25T10:00:00+08:00", args.now));
    now = *parsed;
  }
  report::ReportQuery query;
  query.generated_at = now;
  query.as_of = now;
  if (const auto* config = args.defaults->config_if_any()) query.options = config->reports.options;
  if (args.week.empty()) {
    query.period = report::last_complete_period(args.kind, now);
  } else if (auto w = report::parse_period(args.kind, args.week)) {
    query.period = *w;
  } else {
    report_fail(w.error().to_string());
  }
  // xlsx is a file, not text: -o names it (default: report-<period>.xlsx here).
  const bool xlsx = args.format == "xlsx";
  const auto format = xlsx ? report::Format::csv : report::parse_format(args.format);
  if (!format)
    report_fail(fmt::format("--format: '{}' is not one of md, csv, json, html, xlsx", args.format));
  const auto lang = report::parse_lang(args.lang);
  if (!lang) report_fail(fmt::format("--lang: '{}' is not one of zh, en", args.lang));
  if (!args.level.empty()) {
    query.scope.level = parse_level(args.level);
    if (!query.scope.level) {
      report_fail(
          fmt::format("--level: '{}' is not one of community, street, district", args.level));
    }
  }
  query.scope.bodies = args.bodies;
  query.scope.street = args.street;

  std::shared_ptr<const graph::BodyGraph> graph;
  const std::string graph_path = args.defaults->graph(args.graph);
  {
    auto g = graph::load_graph(graph_path);
    if (!g) report_fail(g.error().to_string());
    graph = *g;
    for (const auto& b : query.scope.bodies) {
      if (!graph->find(b))
        report_fail(fmt::format("--body: no body '{}' in the graph {}", b, graph_path));
    }
    if (!args.street.empty()) {
      bool known = false;
      for (graph::RegionIndex r = 0; r < graph->region_count() && !known; ++r) {
        known = graph->region(r).level == graph::RegionLevel::street &&
                report::same_street(args.street, graph->region(r).name);
      }
      if (!known)
        report_fail(
            fmt::format("--street: no street '{}' in the graph {}", args.street, graph_path));
    }
  }

  // Handling times count working days on the configured calendar (none: Monday–Friday, marked
  // provisional in the report).
  if (const std::string dir = args.defaults->calendar(""); !dir.empty()) {
    auto calendar = lifecycle::load_calendar_dir(dir);
    if (!calendar) report_fail(calendar.error().to_string());
    query.calendar = std::make_shared<const lifecycle::WorkingCalendar>(std::move(*calendar));
  }

  auto store =
      store::open_store(args.defaults->store_location(args.store), {.create_if_missing = false});
  if (!store) report_fail(store.error().to_string());
  const auto computed = report::weekly_report(**store, graph.get(), query);
  if (!computed) report_fail(computed.error().to_string());
  const auto& rep = *computed;
  if (xlsx) {
    const std::filesystem::path path =
        args.output.empty() || args.output == "-"
            ? std::filesystem::path(report::xlsx_file_name(rep.period))
            : std::filesystem::path(args.output);
    auto written = report::write_xlsx(path, rep, *lang);
    if (!written) report_fail(written.error().to_string());
    fmt::print("{}\n", written->string());
  } else if (*format == report::Format::csv) {
    write_csv(rep, *lang, args.output);
  } else if (const auto text = report::render(rep, *format, *lang);
             args.output.empty() || args.output == "-") {
    fmt::print("{}", text);
  } else {
    std::ofstream out(args.output, std::ios::binary);
    out << text;
    out.close();
    if (!out) report_fail(fmt::format("cannot write {}", args.output));
  }
  // The report checks its own arithmetic; a failure is a bug worth a non-zero exit.
  if (const auto bad = report::invariant_violations(rep); !bad.empty()) {
    for (const auto& line : bad) fmt::print(stderr, "tiaojie report: invariant broken: {}\n", line);
    throw CliExit{3};
  }
}

// The options every period's report takes; `period_option` is --week, --month or --quarter.
void add_period_report(CLI::App* parent, report::PeriodKind kind, const std::string& name,
                       const std::string& about, const std::string& period_option,
                       const std::string& period_help) {
  auto args = std::make_shared<WeeklyArgs>();
  args->kind = kind;
  auto* cmd = parent->add_subcommand(name, about);
  cmd->add_option(period_option, args->week, period_help);
  cmd->add_option("--format", args->format, "md, csv, json, html or xlsx (default md)");
  cmd->add_option("-o,--output", args->output,
                  "write to FILE instead of standard output; with --format csv, the folder for "
                  "its files (default: the current one; '-' prints them)");
  cmd->add_option("--level", args->level, "only bodies at this level: community, street, district");
  cmd->add_option("--body", args->bodies, "only these bodies (repeatable)");
  cmd->add_option("--street", args->street,
                  "only the bodies of this street, e.g. 江南中 (also 江南中街, 江南中街道)");
  cmd->add_option("--now", args->now)->group("");  // hidden: report as of this moment
  cmd->add_option("--lang", args->lang, "zh (default) or en");
  add_store_option(cmd, args->store, "the store file " + ConfigDefaults::help_default("store"));
  cmd->add_option("--graph", args->graph,
                  "the body graph " + ConfigDefaults::help_default("graph"));
  args->defaults = ConfigDefaults::add_option(cmd);
  cmd->callback([args] { run_weekly(*args); });
}

}  // namespace

void add_report_commands(CLI::App& app) {
  auto* reports = app.add_subcommand("report", "Backlog reports from the store");
  reports->require_subcommand(1);
  add_period_report(reports, report::PeriodKind::week, "weekly",
                    "The weekly backlog report per level, street and body (docs/reports.md)",
                    "--week",
                    "ISO week in Asia/Shanghai, e.g. 2026-W47 (default: the last complete week)");
  add_period_report(reports, report::PeriodKind::month, "monthly",
                    "The monthly report (月报): the weekly report's tables for a calendar month",
                    "--month",
                    "month in Asia/Shanghai, e.g. 2026-11 (default: the last complete one)");
  add_period_report(reports, report::PeriodKind::quarter, "quarterly",
                    "The quarterly report (季报): the weekly report's tables for a quarter",
                    "--quarter", "quarter, e.g. 2026-Q4 (default: the last complete one)");
}

}  // namespace tiaojie::cli

// bench/report: how long `tiaojie report weekly` takes on a store of a given size, split into
// reading the store (load_window: the report view of the cases active in the twelve-week
// window), computing (compute_weekly) and rendering the four formats. --baseline also times the
// event fold over the whole log (load_input) and checks that both give the same report.
//   bench_report --cases 20000 --db /tmp/year.db            generate (if missing), then measure
//   bench_report --cases 10000000 --years 7 --db big.db       a province: 10M cases over 7 years
//   bench_report --db /tmp/year.db --runs 3 --baseline        measure an existing store
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "generate.hpp"
#include "graph/load.hpp"
#include "report/render.hpp"
#include "report/weekly.hpp"
#include "store/sqlite_store.hpp"

using namespace tiaojie;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"weekly report benchmark"};
  std::int64_t cases = 20000;
  std::string db = "/tmp/tiaojie-bench-report.db";
  std::string graph_path = std::string(TIAOJIE_SOURCE_DIR) + "/config/bodies";
  std::string week_text = "2026-W47";
  int runs = 3;
  std::string html;
  int years = 1;
  std::size_t batch = 2000;
  bool baseline = false;
  app.add_option("--years", years,
                 "spread the generated cases over this many years before the week");
  app.add_option("--batch", batch, "cases per commit while generating");
  app.add_flag("--baseline", baseline,
               "also time load_input (every event) and compare the reports");
  app.add_option("--cases", cases, "cases to generate when the store does not exist");
  app.add_option("--db", db, "store file");
  app.add_option("--graph", graph_path, "body graph");
  app.add_option("--week", week_text, "week to report");
  app.add_option("--runs", runs, "measured runs");
  app.add_option("--html", html, "also write the last run's HTML report here");
  CLI11_PARSE(app, argc, argv);

  auto graph = graph::load_graph(graph_path);
  if (!graph) return fmt::print(stderr, "{}\n", graph.error().to_string()), 1;
  const auto week = *report::parse_iso_week(week_text);
  const Timestamp now = report::week_end(week) + std::chrono::days{2};

  const bool fresh = !std::filesystem::exists(db);
  auto store = store::SqliteStore::open({.path = db, .synchronous = store::Synchronous::off});
  if (!store) return fmt::print(stderr, "{}\n", store.error().to_string()), 1;
  if (fresh) {
    bench::GenerateOptions o;
    o.cases = cases;
    o.now = now;
    o.until = now;
    o.from = now - std::chrono::days{365} * years;
    o.batch = batch;
    const auto t = Clock::now();
    auto events = bench::generate_year(**store, **graph, o);
    if (!events) return fmt::print(stderr, "{}\n", events.error().to_string()), 1;
    fmt::print("generated {} cases, {} events in {:.1f} s (not the measurement)\n", cases, *events,
               seconds_since(t));
  }
  fmt::print("store {} ({:.1f} MiB)\n", db,
             static_cast<double>(std::filesystem::file_size(db)) / (1024.0 * 1024.0));

  for (int run = 0; run < runs; ++run) {
    const auto t0 = Clock::now();
    auto input = report::load_window(**store, report::report_window(week));
    if (!input) return fmt::print(stderr, "{}\n", input.error().to_string()), 1;
    const double load = seconds_since(t0);
    const auto t1 = Clock::now();
    const auto rep = report::compute_weekly(*input, graph->get(), {week, {}, now});
    const double compute = seconds_since(t1);
    const auto t2 = Clock::now();
    std::size_t bytes = 0;
    for (auto f : {report::Format::markdown, report::Format::csv, report::Format::json,
                   report::Format::html}) {
      bytes += report::render(rep, f, report::Lang::zh).size();
    }
    const double render = seconds_since(t2);
    const auto bad = report::invariant_violations(rep);
    fmt::print(
        "run {}: {} cases in input; load {:.3f} s, compute {:.3f} s, render 4 formats {:.3f} s "
        "({} KiB); total {:.3f} s; open_end {}, overdue {}; invariants {}\n",
        run + 1, input->cases.size(), load, compute, render, bytes / 1024, load + compute + render,
        rep.total.flows.open_end, rep.total.backlog.overdue_mediation,
        bad.empty() ? "hold" : fmt::format("BROKEN ({})", bad.size()));
    if (!html.empty() && run + 1 == runs) {
      std::ofstream(html, std::ios::binary) << report::render_html(rep, report::Lang::zh);
    }
    if (baseline) {
      const auto t3 = Clock::now();
      auto all = report::load_input(**store);
      if (!all) return fmt::print(stderr, "{}\n", all.error().to_string()), 1;
      const double fold = seconds_since(t3);
      const auto full = report::compute_weekly(*all, graph->get(), {week, {}, now});
      const bool same = report::render(full, report::Format::json, report::Lang::en) ==
                        report::render(rep, report::Format::json, report::Lang::en);
      fmt::print("  baseline (event fold, {} cases): load {:.3f} s, compute {:.3f} s; reports {}\n",
                 all->cases.size(), fold, seconds_since(t3) - fold, same ? "identical" : "DIFFER");
      if (!same) return 1;
    }
  }
  return 0;
}

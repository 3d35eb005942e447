// Replay benchmark (issue 8): how fast `tiaojie replay` re-decides a store, what limits it, and
// that its memory does not grow with the store.
//
//   tiaojie_bench_replay generate STORE N     N cases from the shared corpus, decided by the
//                                             shipped rules and graph, spread over 2026
//   tiaojie_bench_replay run STORE RULES_DIR  the phases below, one line each
//   tiaojie_bench_replay replay STORE RULES_DIR   the replay phase alone
//
// Phases of `run`, each a full pass over the store on one core:
//   read      for_each_dispute: SQLite step + copying the dispute JSON (the floor of any replay)
//   decisions for_each_decision: the same plus decoding the recorded classification/assignment
//   summary   for_each_decision_summary: what replay reads of every case (no rule keys, status,
//             body, channel or external id: those only for a changed case)
//   classify  parse_dispute + classify on an in-memory sample (no SQLite): the core's own cost
//   replay    replay_store with RULES_DIR: everything `tiaojie replay` does
// Peak memory is the process's VmHWM after each phase.
#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "graph/assign.hpp"
#include "graph/load.hpp"
#include "lifecycle/event.hpp"
#include "model/dispute_json.hpp"
#include "replay/replay.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"
#include "store/sqlite_store.hpp"

using namespace tiaojie;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& message) {
  fmt::print(stderr, "tiaojie_bench_replay: {}\n", message);
  std::exit(2);
}

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) die(fmt::format("{}: {}", what, r.error().to_string()));
  return std::move(*r);
}

long peak_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU seconds this thread has run: on the shared machine, other processes take the core away
// for part of the wall time; cases per CPU second is the one-core rate without them.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
double g_cpu_mark = 0;

void report(const char* phase, std::int64_t n, double s) {
  const double cpu = cpu_seconds() - g_cpu_mark;
  fmt::print(
      "{:<10} {:>10} cases {:>8.2f} s {:>10.0f} cases/s  cpu {:>7.2f} s {:>10.0f} cases/cpu-s  "
      "peak {:>7.1f} MiB\n",
      phase, n, s, s > 0 ? static_cast<double>(n) / s : 0.0, cpu,
      cpu > 0 ? static_cast<double>(n) / cpu : 0.0, static_cast<double>(peak_kib()) / 1024.0);
  std::fflush(stdout);
}

// Starts timing a phase: wall and CPU clocks.
Clock::time_point start_phase() {
  g_cpu_mark = cpu_seconds();
  return Clock::now();
}

// The shared benchmark corpus (../shared/bench/gen_corpus.py beside the clone), so that the
// figures compare with the other benchmarks'. Without it the benchmark says so and exits 2.
std::vector<Dispute> corpus(std::size_t n) {
  const std::string script = std::string(TIAOJIE_SHARED_DIR) + "/bench/gen_corpus.py";
  if (!std::filesystem::exists(script)) {
    die("this benchmark needs the shared corpus generator, " + script +
        ": put ../shared beside the clone");
  }
  const std::string out = fmt::format("/tmp/tiaojie-replay-corpus-{}.ndjson", n);
  const std::string cmd = fmt::format("python3 '{}' --n {} --seed 7 --out '{}'", script, n, out);
  if (std::system(cmd.c_str()) != 0) die("failed: " + cmd);
  std::ifstream in(out, std::ios::binary);
  std::vector<Dispute> disputes;
  for (std::string line; std::getline(in, line);) {
    disputes.push_back(must(parse_dispute(line), "corpus line"));
  }
  return disputes;
}

rules::LoadedRuleSet load_rules(const std::string& dir) {
  return must(rules::load_rule_set(dir), "rules");
}

std::shared_ptr<const graph::BodyGraph> shipped_graph() {
  return must(graph::load_graph(std::string(TIAOJIE_SOURCE_DIR) + "/config/bodies"), "graph");
}

void generate(const std::string& path, std::int64_t n) {
  auto st = must(store::SqliteStore::open({.path = path, .synchronous = store::Synchronous::off}),
                 "store");
  auto rules = load_rules(std::string(TIAOJIE_SOURCE_DIR) + "/rules").rules;
  auto graph = shipped_graph();
  const auto base = corpus(static_cast<std::size_t>(std::min<std::int64_t>(n, 50000)));
  const Timestamp start = *parse_timestamp("2026-01-01T00:00:00+08:00");
  const double step = 365.0 * 86400.0 / static_cast<double>(n);
  std::vector<store::Change> batch;
  const auto t0 = start_phase();
  for (std::int64_t i = 0; i < n; ++i) {
    Dispute d = base[static_cast<std::size_t>(i) % base.size()];
    d.external_id = fmt::format("R{:010}", i);
    const Timestamp at =
        start + std::chrono::seconds{static_cast<std::int64_t>(static_cast<double>(i) * step)};
    d.received_at = at;
    auto c = rules::classify(*rules, d);
    auto a = graph::assign(*graph, graph::LoadView{}, d, c);
    std::vector<lifecycle::Event> events{
        {{}, at, "channel:" + d.channel, {}, lifecycle::Submitted{d.channel, d.external_id, at}},
        {{}, at, "system", {}, lifecycle::Classified{std::move(c), std::nullopt}},
        {{}, at, "system", a.lead, lifecycle::Assigned{std::move(a)}},
    };
    std::string json = dispute_to_json_text(d);
    batch.emplace_back(store::NewCase{std::move(d), std::move(json), std::move(events)});
    if (batch.size() == 10000 || i + 1 == n) {
      auto r = must(st->commit(batch), "commit");
      for (const auto& o : r) {
        if (!o) die(o.error().to_string());
      }
      batch.clear();
      if ((i + 1) % 1000000 == 0) report("generated", i + 1, seconds_since(t0));
    }
  }
  store::RuleSetFiles files;
  for (const auto& f : rules->files()) files[f.name] = f.contents;
  if (auto r = st->put_rule_set(rules->version().view(), files); !r) die(r.error().to_string());
  report("generated", n, seconds_since(t0));
}

void run(const std::string& path, const std::string& rules_dir) {
  auto st = must(store::SqliteStore::open({.path = path,
                                           .create_if_missing = false,
                                           .cache_kib = store::k_sqlite_streaming_cache_kib}),
                 "store");
  auto rules = load_rules(rules_dir).rules;
  auto graph = shipped_graph();
  const Timestamp from{}, to{std::chrono::seconds{std::int64_t{1} << 40}};
  report("loaded", 0, 0);

  std::int64_t n = 0, bytes = 0;
  std::vector<std::string> sample;  // the first 20,000 disputes, for the in-memory phase
  auto t0 = start_phase();
  auto r = st->for_each_dispute(from, to, [&](const store::StoredDispute& d) {
    ++n;
    bytes += static_cast<std::int64_t>(d.json.size());
    if (sample.size() < 20000) sample.push_back(d.json);
    return true;
  });
  if (!r) die(r.error().to_string());
  report("read", n, seconds_since(t0));
  fmt::print("           {:.0f} bytes of dispute JSON per case\n",
             static_cast<double>(bytes) / static_cast<double>(n));

  n = 0;
  std::int64_t decided = 0;
  t0 = start_phase();
  r = st->for_each_decision(from, to, [&](const store::StoredDecision& d) {
    ++n;
    decided += d.classification.has_value();
    return true;
  });
  if (!r) die(r.error().to_string());
  report("decisions", n, seconds_since(t0));

  // What replay itself reads of every case (the rest only for the cases that changed).
  n = 0;
  t0 = start_phase();
  r = st->for_each_decision_summary(
      from, to, [&](const store::StoredDecision& d, const store::Store::CompleteDecision&) {
        ++n;
        decided += d.classification.has_value();
        return true;
      });
  if (!r) die(r.error().to_string());
  report("summary", n, seconds_since(t0));

  // The core alone, on the sample: parse + classify, then classify of already-parsed disputes.
  std::vector<Dispute> parsed;
  for (const auto& j : sample) parsed.push_back(must(parse_dispute(j), "sample"));
  const int rounds =
      std::max<int>(1, static_cast<int>(1000000 / std::max<std::size_t>(sample.size(), 1)));
  std::int64_t sink = 0;
  t0 = start_phase();
  for (int k = 0; k < rounds; ++k) {
    for (const auto& j : sample)
      sink += static_cast<std::int64_t>(rules::classify(*rules, *parse_dispute(j)).category.size());
  }
  report("parse+cls", static_cast<std::int64_t>(rounds) * static_cast<std::int64_t>(sample.size()),
         seconds_since(t0));
  t0 = start_phase();
  for (int k = 0; k < rounds; ++k) {
    for (const auto& d : parsed)
      sink += static_cast<std::int64_t>(rules::classify(*rules, d).category.size());
  }
  report("classify", static_cast<std::int64_t>(rounds) * static_cast<std::int64_t>(parsed.size()),
         seconds_since(t0));
  sample.clear();
  sample.shrink_to_fit();
  parsed.clear();
  parsed.shrink_to_fit();

  t0 = start_phase();
  auto rep = must(replay::replay_store(*st, *rules, *graph, {from, to, 20}), "replay");
  report("replay", rep.cases, seconds_since(t0));
  fmt::print("           changed {} of {} (category {}, lead {}); sink {}\n", rep.changed,
             rep.compared, rep.changed_by_field[0], rep.changed_by_field[5], sink % 7);
}

// The replay phase alone (for profiling, and for the peak RSS of a big store under time -v).
void replay_only(const std::string& path, const std::string& rules_dir) {
  // As `tiaojie replay` opens it; TIAOJIE_BENCH_CACHE_KIB overrides the page cache (the
  // comparison with the daemon's 64 MiB in docs/benchmarks.md).
  const char* cache = std::getenv("TIAOJIE_BENCH_CACHE_KIB");
  auto st = must(store::SqliteStore::open(
                     {.path = path,
                      .create_if_missing = false,
                      .cache_kib = cache ? std::atoi(cache) : store::k_sqlite_streaming_cache_kib}),
                 "store");
  auto rules = load_rules(rules_dir).rules;
  auto graph = shipped_graph();
  const Timestamp from{}, to{std::chrono::seconds{std::int64_t{1} << 40}};
  report("loaded", 0, 0);
  const auto t0 = start_phase();
  auto rep = must(replay::replay_store(*st, *rules, *graph, {from, to, 20}), "replay");
  report("replay", rep.cases, seconds_since(t0));
  fmt::print("           changed {} of {} (category {}, lead {})\n", rep.changed, rep.compared,
             rep.changed_by_field[0], rep.changed_by_field[5]);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "generate") {
    generate(args[1], std::stoll(args[2]));
  } else if (args.size() == 3 && args[0] == "run") {
    run(args[1], args[2]);
  } else if (args.size() == 3 && args[0] == "replay") {
    replay_only(args[1], args[2]);
  } else {
    die("usage: tiaojie_bench_replay generate STORE N | run STORE RULES_DIR | replay STORE "
        "RULES_DIR");
  }
  return 0;
}

// bench/assign: how long the body graph takes to load and check, how much memory it holds, and
// how long one assignment takes, on the shipped Haizhu graph and on a national-scale synthetic
// graph (bench/assign/gen_national.py). Figures and commands: docs/benchmarks.md, "assign".
//
//   python3 bench/assign/gen_national.py --out build/release/national
//   build/release/bench/assign/tiaojie_bench_assign --national build/release/national
// With --snapshot-dir DIR the national graph loads through the snapshot cache: the first run
// parses the TOML and writes the snapshot, the next ones read it (run each in its own process,
// so that the peak RSS is that load's).
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "graph/assign.hpp"
#include "graph/load.hpp"
#include "model/dispute_json.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"

namespace tg = tiaojie::graph;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// User + system CPU seconds of this process so far: on a shared machine wall time measures the
// neighbours too, CPU time mostly measures us.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

double max_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// A digest of everything an assignment says (lead, partners, path and verdicts, review, version,
// location), folded over a run: two builds that print the same digest for the same inputs
// assigned every dispute the same way (how a change to the assignment's data layout is checked
// against the build before it, on the national graph).
struct Digest {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void add(std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    h = (h ^ 0xFF) * 0x100000001b3ull;
  }
  void add(const tiaojie::Assignment& a) {
    add(a.lead.value);
    for (const auto& p : a.partners) add(p.value);
    add("|");
    for (const auto& step : a.path) {
      add(step.body.value);
      add(step.verdict);
    }
    add(a.needs_review ? "review" : "-");
    add(a.review_reason);
    add(a.graph_version);
    add(a.location);
  }
};

struct Sample {
  tiaojie::Dispute dispute;
  tiaojie::Classification classification;
};

// Times every assignment separately (after one warm-up pass) and prints median, p99 and mean.
void time_assignments(const char* label, const tg::BodyGraph& g, const std::vector<Sample>& samples,
                      const std::vector<std::uint32_t>& open) {
  tg::LoadView load{open};
  std::size_t review = 0, path_steps = 0;
  Digest digest;
  for (const auto& s : samples) {
    auto a = tg::assign(g, load, s.dispute, s.classification);
    review += a.needs_review;
    path_steps += a.path.size();
    digest.add(a);
  }
  std::vector<double> ns;
  ns.reserve(samples.size());
  auto all = Clock::now();
  for (const auto& s : samples) {
    auto t0 = Clock::now();
    auto a = tg::assign(g, load, s.dispute, s.classification);
    auto t1 = Clock::now();
    ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    if (a.lead.value.empty()) std::abort();  // keeps the call observable
  }
  double total = seconds_since(all);
  std::sort(ns.begin(), ns.end());
  auto at = [&](double q) {
    return ns[std::min(ns.size() - 1, static_cast<std::size_t>(q * ns.size()))];
  };
  double mean = 0;
  for (double v : ns) mean += v;
  mean /= static_cast<double>(ns.size());
  fmt::print(
      "{}: {} assignments: median {:.2f} µs, p99 {:.2f} µs, mean {:.2f} µs, {:.0f}/s "
      "(path {:.2f} bodies on average, {} to review), digest {:016x}\n",
      label, ns.size(), at(0.5) / 1000, at(0.99) / 1000, mean / 1000,
      static_cast<double>(ns.size()) / total,
      static_cast<double>(path_steps) / static_cast<double>(samples.size()), review, digest.h);
}

// Random loads: most bodies part-full, one in five full, so that some assignments climb.
std::vector<std::uint32_t> random_loads(const tg::BodyGraph& g, std::mt19937& rng) {
  std::vector<std::uint32_t> open(g.body_count());
  for (std::size_t b = 0; b < open.size(); ++b) {
    auto cap = g.body(static_cast<tg::BodyIndex>(b)).capacity;
    open[b] = rng() % 5 == 0 ? cap : static_cast<std::uint32_t>(rng() % cap);
  }
  return open;
}

void national(const std::string& dir, const std::string& snapshot_dir, std::size_t n) {
  auto t0 = Clock::now();
  double cpu0 = cpu_seconds();
  auto checked = snapshot_dir.empty() ? tg::check_graph(dir)
                                      : tg::check_graph(dir, tg::SnapshotCache{snapshot_dir});
  double load_s = seconds_since(t0);
  double load_cpu = cpu_seconds() - cpu0;
  double rss = max_rss_mib();
  if (!checked.ok()) {
    for (const auto& d : checked.diagnostics) fmt::print(stderr, "{}\n", d.to_string());
    std::exit(1);
  }
  const auto& g = *checked.graph;
  fmt::print(
      "national: {} bodies, {} regions, {} files: load+validate {:.2f} s wall, {:.2f} s CPU "
      "(all threads), peak RSS {:.0f} MiB, snapshot: {}{}\n",
      g.body_count(), g.region_count(), g.files().size(), load_s, load_cpu, rss,
      tg::to_string(checked.snapshot),
      checked.snapshot_note.empty() ? "" : " (" + checked.snapshot_note + ")");

  // Disputes at random communities (named as people write them), with a mix of outcomes.
  std::vector<tg::RegionIndex> communities;
  for (tg::RegionIndex r = 0; r < g.region_count(); ++r) {
    if (g.region(r).level == tg::RegionLevel::community) communities.push_back(r);
  }
  struct Outcome {
    const char* category;
    tiaojie::Mode mode;
    tiaojie::Level level;
  };
  const Outcome outcomes[] = {
      {"neighbour", tiaojie::Mode::people, tiaojie::Level::community},
      {"family", tiaojie::Mode::people, tiaojie::Level::community},
      {"labour", tiaojie::Mode::people, tiaojie::Level::street},
      {"labour", tiaojie::Mode::joint_labour, tiaojie::Level::district},
      {"medical", tiaojie::Mode::medical_committee, tiaojie::Level::community},
      {"public_security", tiaojie::Mode::joint_police, tiaojie::Level::community},
  };
  std::mt19937 rng(7);
  std::vector<Sample> samples(n);
  for (auto& s : samples) {
    auto r = communities[rng() % communities.size()];
    const auto& street = g.region(g.region(r).parent).name;
    s.dispute.street =
        rng() % 2 ? street : street.substr(0, street.size() - std::string("道").size());
    s.dispute.community = g.region(r).name;
    const auto& o = outcomes[rng() % std::size(outcomes)];
    s.classification.category = o.category;
    s.classification.mode = o.mode;
    s.classification.level = o.level;
  }
  time_assignments("national, empty load", g, samples, {});
  time_assignments("national, random load", g, samples, random_loads(g, rng));
}

void haizhu(const std::string& dir, const std::string& rules_dir, const std::string& corpus) {
  auto t0 = Clock::now();
  auto graph = tg::load_graph(dir);
  double load_s = seconds_since(t0);
  if (!graph) {
    fmt::print(stderr, "{}\n", graph.error().to_string());
    std::exit(1);
  }
  const auto& g = **graph;
  fmt::print("haizhu: {} bodies, {} regions: load+validate {:.4f} s\n", g.body_count(),
             g.region_count(), load_s);
  auto rules = tiaojie::rules::load_rule_set(rules_dir);
  if (!rules) {
    fmt::print(stderr, "{}\n", rules.error().to_string());
    std::exit(1);
  }
  // The shared corpus, classified by the shipped rules (outside the timing).
  std::vector<Sample> samples;
  std::ifstream in(corpus, std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    auto d = tiaojie::parse_dispute(line);
    if (!d) continue;
    auto c = tiaojie::rules::classify(*rules->rules, *d);
    samples.push_back({std::move(*d), std::move(c)});
  }
  if (samples.empty()) {
    fmt::print(stderr, "no disputes in {}\n", corpus);
    std::exit(1);
  }
  std::mt19937 rng(7);
  time_assignments("haizhu corpus, empty load", g, samples, {});
  time_assignments("haizhu corpus, random load", g, samples, random_loads(g, rng));
}

}  // namespace

int main(int argc, char** argv) {
  std::string national_dir, snapshot_dir, corpus,
      haizhu_dir = std::string(TIAOJIE_SOURCE_DIR) + "/config/bodies";
  std::string rules_dir = std::string(TIAOJIE_SOURCE_DIR) + "/rules";
  std::size_t n = 200000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--national")
      national_dir = v;
    else if (k == "--snapshot-dir")
      snapshot_dir = v;
    else if (k == "--corpus")
      corpus = v;
    else if (k == "--graph")
      haizhu_dir = v;
    else if (k == "--rules")
      rules_dir = v;
    else if (k == "--n")
      n = std::stoul(v);
    else {
      fmt::print(stderr,
                 "usage: {} [--national DIR] [--snapshot-dir DIR] [--corpus NDJSON] [--graph DIR] "
                 "[--rules DIR] [--n N]\n",
                 argv[0]);
      return 2;
    }
  }
  // National first, so that the peak RSS printed after its load is the national graph's.
  if (!national_dir.empty()) national(national_dir, snapshot_dir, n);
  if (!corpus.empty()) haizhu(haizhu_dir, rules_dir, corpus);
  if (national_dir.empty() && corpus.empty()) {
    fmt::print(stderr, "nothing to do: pass --national DIR and/or --corpus NDJSON\n");
    return 2;
  }
  return 0;
}

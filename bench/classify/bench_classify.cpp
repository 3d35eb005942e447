// Measures, on one core: parsing disputes (Boost.JSON → Dispute), classifying them with a rule
// set (full Classification, and the compact Decision), and checks that every decision equals the
// reference answer line for line. bench/classify/run.sh drives it; see docs/benchmarks.md.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "model/dispute_json.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// CPU time of this thread: on a shared machine, wall time also counts the time other processes
// held the core; both are reported.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Rate {
  double cpu = 0;   // items per CPU second of this thread
  double wall = 0;  // items per wall-clock second
};

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

// Runs `pass` `passes` times; returns the median rates (by CPU time) in items per second.
template <class Pass>
Rate median_rate(std::size_t items, int passes, Pass&& pass) {
  std::vector<Rate> rates;
  for (int i = 0; i < passes; ++i) {
    auto t0 = Clock::now();
    auto c0 = thread_cpu_seconds();
    pass();
    auto cpu = thread_cpu_seconds() - c0;
    std::chrono::duration<double> wall = Clock::now() - t0;
    rates.push_back({static_cast<double>(items) / cpu, static_cast<double>(items) / wall.count()});
  }
  std::sort(rates.begin(), rates.end(), [](const Rate& a, const Rate& b) { return a.cpu < b.cpu; });
  return rates[rates.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_classify: parse and classify throughput, checked against the reference"};
  std::string rules_dir, corpus_path, expected_path, out_path;
  int passes = 5;
  app.add_option("--rules", rules_dir, "rules folder (made by convert_spec.py)")->required();
  app.add_option("--corpus", corpus_path, "NDJSON corpus (gen_corpus.py)")->required();
  app.add_option("--expected", expected_path, "reference_classify.py output");
  app.add_option("--out", out_path, "write our decisions here (external_id<TAB>rule_id)");
  app.add_option("--passes", passes, "timed passes per phase; the median is reported");
  CLI11_PARSE(app, argc, argv);

  auto loaded = tiaojie::rules::load_rule_set(rules_dir);
  if (!loaded) {
    fmt::print(stderr, "rules: {}\n", loaded.error().to_string());
    return 1;
  }
  const auto& rules = *loaded->rules;
  const auto lines = read_lines(corpus_path);
  std::size_t bytes = 0;
  for (const auto& l : lines) bytes += l.size();

  // Parse.
  std::vector<tiaojie::Dispute> disputes;
  const Rate parse_rate = median_rate(lines.size(), passes, [&] {
    disputes.clear();
    disputes.reserve(lines.size());
    for (const auto& l : lines) {
      auto d = tiaojie::parse_dispute(l);
      if (!d) throw std::runtime_error("corpus line: " + d.error().to_string());
      disputes.push_back(std::move(*d));
    }
  });
  std::size_t description_bytes = 0;
  for (const auto& d : disputes) description_bytes += d.description.size();

  // Classify: the full Classification (strings, rule refs, version), then the compact Decision.
  std::vector<tiaojie::Classification> results(disputes.size());
  const Rate classify_rate = median_rate(disputes.size(), passes, [&] {
    for (std::size_t i = 0; i < disputes.size(); ++i)
      results[i] = tiaojie::rules::classify(rules, disputes[i]);
  });
  std::vector<int> winners(disputes.size());
  const Rate decide_rate = median_rate(disputes.size(), passes, [&] {
    for (std::size_t i = 0; i < disputes.size(); ++i)
      winners[i] = tiaojie::rules::decide(rules, disputes[i]).winner[0];
  });

  // Decisions: the category rule, or "unclassified" when no rule matched.
  std::vector<std::string> ours;
  ours.reserve(disputes.size());
  for (std::size_t i = 0; i < disputes.size(); ++i) {
    const auto& id = results[i].category_rule.rule_id;
    const int w = winners[i];
    const std::string& compact =
        w < 0 ? std::string() : rules.tables()[0].rules[static_cast<std::size_t>(w)].id;
    if (compact != id) {
      fmt::print(stderr, "decide and classify disagree on {}\n", disputes[i].external_id);
      return 1;
    }
    ours.push_back(disputes[i].external_id + "\t" + (id.empty() ? "unclassified" : id));
  }
  if (!out_path.empty()) {
    std::ofstream out(out_path, std::ios::binary);
    for (const auto& l : ours) out << l << '\n';
  }

  fmt::print("rules: {} rules, {} keywords, version {}\n", rules.rule_count(),
             rules.keyword_count(), rules.version());
  fmt::print("corpus: {} disputes, {:.0f} bytes per line, {:.0f} bytes per description\n",
             lines.size(), static_cast<double>(bytes) / static_cast<double>(lines.size()),
             static_cast<double>(description_bytes) / static_cast<double>(disputes.size()));
  // "X disputes/s" lines are per CPU second of the one thread (run.sh reads them); the wall-clock
  // figure beside them shows how much the machine was shared during the run.
  auto line = [](std::string_view what, const Rate& r) {
    fmt::print("{:<38}{:>12.0f} disputes/s   (wall clock: {:.0f}/s)\n", what, r.cpu, r.wall);
  };
  line("parse    (Boost.JSON -> Dispute):", parse_rate);
  line("classify (full Classification):", classify_rate);
  line("decide   (winning rules only):", decide_rate);
  line("parse + classify:", Rate{1.0 / (1.0 / parse_rate.cpu + 1.0 / classify_rate.cpu),
                                 1.0 / (1.0 / parse_rate.wall + 1.0 / classify_rate.wall)});

  if (!expected_path.empty()) {
    const auto expected = read_lines(expected_path);
    std::size_t same = 0, differ = 0;
    for (std::size_t i = 0; i < std::max(expected.size(), ours.size()); ++i) {
      if (i < expected.size() && i < ours.size() && expected[i] == ours[i]) {
        ++same;
      } else {
        if (differ < 5) {
          fmt::print(stderr, "line {}: expected '{}', ours '{}'\n", i + 1,
                     i < expected.size() ? expected[i] : "", i < ours.size() ? ours[i] : "");
        }
        ++differ;
      }
    }
    fmt::print("decisions: {} equal to the reference, {} differ\n", same, differ);
    if (differ) return 1;
  }
  return 0;
}

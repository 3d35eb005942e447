// Measures, on one core: parsing disputes (JSON text → Dispute), classifying them with a rule set
// (the Verdict the daemon decides with, the Classification it stores, the winners-only Decision),
// parse + classify line by line, and checks that every decision equals the reference answer line
// for line. bench/classify/run.sh and compare.sh drive it; see docs/benchmarks.md "## classify".
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
  double cpu = 0;        // items per CPU second of this thread, median pass
  double best_wall = 0;  // items per wall-clock second, fastest pass (how the ceiling counts)
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

// Runs `pass` `passes` times; returns the median CPU rate and the best wall-clock rate.
template <class Pass>
Rate measure(std::size_t items, int passes, Pass&& pass) {
  std::vector<double> cpu_rates;
  double best_wall = 0;
  for (int i = 0; i < passes; ++i) {
    auto t0 = Clock::now();
    auto c0 = thread_cpu_seconds();
    pass();
    auto cpu = thread_cpu_seconds() - c0;
    std::chrono::duration<double> wall = Clock::now() - t0;
    cpu_rates.push_back(static_cast<double>(items) / cpu);
    best_wall = std::max(best_wall, static_cast<double>(items) / wall.count());
  }
  std::sort(cpu_rates.begin(), cpu_rates.end());
  return {cpu_rates[cpu_rates.size() / 2], best_wall};
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

  auto parse = [](const std::string& line) {
    auto d = tiaojie::parse_dispute(line);
    if (!d) throw std::runtime_error("corpus line: " + d.error().to_string());
    return std::move(*d);
  };
  // Parse: the strict parser, every field of the dispute checked.
  std::vector<tiaojie::Dispute> disputes;
  const Rate parse_rate = measure(lines.size(), passes, [&] {
    disputes.clear();
    disputes.reserve(lines.size());
    for (const auto& l : lines) disputes.push_back(parse(l));
  });
  std::size_t description_bytes = 0;
  for (const auto& d : disputes) description_bytes += d.description.size();

  // Classify: the Verdict (values, deciding rules and table winners by index: what the daemon
  // decides with), the Classification made of it (strings: what the daemon stores), and the
  // winners-only Decision.
  std::vector<tiaojie::rules::Verdict> verdicts(disputes.size());
  const Rate verdict_rate = measure(disputes.size(), passes, [&] {
    for (std::size_t i = 0; i < disputes.size(); ++i)
      verdicts[i] = tiaojie::rules::classify_verdict(rules, disputes[i]);
  });
  std::vector<tiaojie::Classification> results(disputes.size());
  const Rate classify_rate = measure(disputes.size(), passes, [&] {
    for (std::size_t i = 0; i < disputes.size(); ++i)
      results[i] = tiaojie::rules::classify(rules, disputes[i]);
  });
  std::vector<int> winners(disputes.size());
  const Rate decide_rate = measure(disputes.size(), passes, [&] {
    for (std::size_t i = 0; i < disputes.size(); ++i)
      winners[i] = tiaojie::rules::decide(rules, disputes[i]).winner[0];
  });
  // Parse + classify, line by line, as the ceiling's end-to-end figure does.
  const Rate parse_verdict_rate = measure(lines.size(), passes, [&] {
    for (std::size_t i = 0; i < lines.size(); ++i)
      verdicts[i] = tiaojie::rules::classify_verdict(rules, parse(lines[i]));
  });
  const Rate parse_classify_rate = measure(lines.size(), passes, [&] {
    for (std::size_t i = 0; i < lines.size(); ++i)
      results[i] = tiaojie::rules::classify(rules, parse(lines[i]));
  });

  // Decisions: the category rule, or "unclassified" when no rule matched.
  std::vector<std::string> ours;
  ours.reserve(disputes.size());
  for (std::size_t i = 0; i < disputes.size(); ++i) {
    const auto& id = results[i].category_rule.rule_id();
    const int w = winners[i];
    if (tiaojie::rules::global_rule_ref(rules, verdicts[i].category_rule).rule_id() != id) {
      fmt::print(stderr, "classify_verdict and classify disagree on {}\n", disputes[i].external_id);
      return 1;
    }
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
  // Each line: NAME, disputes per CPU second (median pass), disputes per wall-clock second (best
  // pass, as the ceiling counts). compare.sh reads them by their first word.
  auto line = [](std::string_view what, const Rate& r) {
    fmt::print("{:<44}{:>10.0f} /s cpu median {:>10.0f} /s wall best\n", what, r.cpu, r.best_wall);
  };
  line("parse            (strict, -> Dispute)", parse_rate);
  line("classify         (Verdict: by reference)", verdict_rate);
  line("classification   (Verdict -> strings)", classify_rate);
  line("decide           (winning rules only)", decide_rate);
  line("parse+classify   (line -> Verdict)", parse_verdict_rate);
  line("parse+classification (line -> strings)", parse_classify_rate);

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

// Abuse under load (issue 16, proof 4). While a good client submits at a steady rate to a
// `tiaojie serve` process, each kind of abuse is thrown at it alone, then all together; each
// scenario checks that every good submit is acknowledged and durable, that the daemon does not
// crash, that the abusers get the documented answers, and that the daemon's peak RSS stays
// bounded (scenario.hpp). The baseline (no abuse) is run first so that a whole run of this binary
// prints its figures beside the abused ones (bench/abuse/run.sh).
#include <doctest/doctest.h>

#include "abuse/scenario.hpp"

using namespace tiaojie;
using namespace tiaojie::test;

namespace {

constexpr std::size_t k_idle = 1000;
constexpr std::size_t k_slow_readers = 16;
constexpr std::size_t k_slow_reader_bytes = 256 * 1024;
constexpr std::size_t k_long_line = 1024 * 1024;
constexpr std::uint64_t k_bad_lines = 10'000;

std::unique_ptr<Abuser> idle() {
  const auto n = raise_own_fd_limit(k_idle);
  if (n < k_idle) MESSAGE("only " << n << " idle connections fit under the open-file limit");
  return std::make_unique<IdleConnections>(n, k_hotline_token);
}
std::unique_ptr<Abuser> slow_readers(std::int64_t first_case) {
  return std::make_unique<SlowReaders>(k_slow_readers, k_operator_token, first_case,
                                       k_slow_reader_bytes);
}
std::unique_ptr<Abuser> long_lines() { return std::make_unique<LongLines>(4, k_long_line); }
std::unique_ptr<Abuser> bad_lines() {
  return std::make_unique<BadLines>(4, k_bad_lines, k_operator_token);
}
std::unique_ptr<Abuser> wrong_tokens() { return std::make_unique<WrongTokens>(4); }
std::unique_ptr<Abuser> fd_exhaustion() {
  return std::make_unique<FdExhaustion>(8, k_hotline_token);
}

template <class... Make>
AbuserList list(Make&&... make) {
  AbuserList l;
  (l.push_back(make()), ...);
  return l;
}

}  // namespace

TEST_CASE("baseline, the good client alone") {
  run_scenario("baseline", [](std::int64_t) { return AbuserList{}; });
}

TEST_CASE("1,000 idle connections are held or refused with the line, the good client served") {
  run_scenario("idle", [](std::int64_t) { return list(idle); });
}

TEST_CASE("slow readers are bounded by back-pressure and do not stall the good client") {
  run_scenario("slow readers",
               [](std::int64_t first) { return list([first] { return slow_readers(first); }); });
}

TEST_CASE("1 MiB lines get the line-limit error and are closed") {
  run_scenario("1 MiB lines", [](std::int64_t) { return list(long_lines); });
}

TEST_CASE("10,000 bad lines get their errors, every 20th counted one closes") {
  auto f = run_scenario("bad lines", [](std::int64_t) { return list(bad_lines); });
  CHECK(f.answered >= k_bad_lines);
}

TEST_CASE("wrong tokens are refused, 20 close the connection") {
  run_scenario("wrong tokens", [](std::int64_t) { return list(wrong_tokens); });
}

TEST_CASE("out of file descriptors, new clients are refused with the line and served after") {
  auto f = run_scenario("fd exhaustion", [](std::int64_t) { return list(fd_exhaustion); });
  // Clients were refused meanwhile, and the listener backed off and came back (its log lines).
  CHECK(f.refused > 0);
  CHECK(f.log.find("accept failed") != std::string::npos);
  CHECK(f.log.find("accepting connections again") != std::string::npos);
}

TEST_CASE("all of it at once") {
  run_scenario("all at once", [](std::int64_t first) {
    // The slow readers connect first: with the idle connections in, the daemon is near
    // max_connections and later newcomers are refused (documented, and counted).
    return list([first] { return slow_readers(first); }, idle, long_lines, bad_lines, wrong_tokens,
                fd_exhaustion);
  });
  // A whole run of the binary (bench/abuse/run.sh) ends with the table of every scenario beside
  // the baseline.
  const auto& all = figures_of_this_run();
  if (auto base = all.find("baseline"); base != all.end() && base->second.p99_ms > 0) {
    std::printf(
        "\n| scenario | acked | ack p50 ms | p99 ms | max ms | p99 / baseline | daemon "
        "VmHWM MiB |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (const auto& [name, f] : all) {
      std::printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f | %.1f |\n", name.c_str(), f.acked,
                  f.p50_ms, f.p99_ms, f.max_ms, f.p99_ms / base->second.p99_ms,
                  static_cast<double>(f.hwm_kb) / 1024);
    }
  }
}

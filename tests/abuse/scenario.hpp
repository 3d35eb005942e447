// One abuse scenario: a fresh `tiaojie serve` process (own folder, port 0, the configuration of
// tests/daemon/serve_config.hpp), the good client submitting at a steady rate, the scenario's
// abusers for a while, then the checks:
//  - the good client saw every submit acknowledged, and after a clean SIGTERM every acknowledged
//    dispute is in the store under the case id its acknowledgement gave, and `store verify` passes;
//  - the daemon did not crash (it exits 0 on SIGTERM);
//  - every abuser got only the documented answers (no surprise);
//  - the daemon's peak RSS (VmHWM) stayed under k_rss_bound_kb.
// It returns the figures (the good client's ack latency p50/p99/max, the daemon's peak RSS), which
// the test prints and bench/abuse/run.sh collects; latency is measured, never asserted.
//
// Environment (the bench sets them; the test's defaults keep each scenario to a few seconds):
//   TIAOJIE_ABUSE_SECONDS  how long the abuse lasts (default 2)
//   TIAOJIE_ABUSE_RATE     the good client's submits per second (default 100)
#pragma once

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <memory>

#include "abuse/abusers.hpp"
#include "abuse/abusers_bad.hpp"
#include "abuse/good_client.hpp"
#include "daemon/daemon_fixture.hpp"
#include "daemon/serve_config.hpp"
#include "daemon/serve_process.hpp"
#include "store/sqlite_store.hpp"
#include "support/disputes.hpp"

namespace tiaojie::test {

// Generous: the daemon idles at ~20 MiB. Buffering a slow reader's answers without bound would
// pass this by far (each of 16 slow readers sends 256 KiB of `get` requests, ~25 MiB of answers).
inline constexpr long k_rss_bound_kb = 256 * 1024;

struct Figures {
  std::string name;
  std::size_t acked = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  long hwm_kb = 0, rss_kb = 0;
  std::size_t log_bytes = 0;
  std::string log;                          // the daemon's
  std::string abuse;                        // what the abusers did and got
  std::uint64_t answered = 0, refused = 0;  // summed over the abusers
};

inline std::map<std::string, Figures>& figures_of_this_run() {
  static std::map<std::string, Figures> all;
  return all;
}

inline long env_long(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtol(v, nullptr, 10) : fallback;
}

// A line of /proc/<pid>/status in kB ("VmHWM", "VmRSS"), or 0.
inline long proc_status_kb(pid_t pid, std::string_view key) {
  auto text = slurp("/proc/" + std::to_string(pid) + "/status");
  auto at = text.find(std::string(key) + ":");
  return at == std::string::npos ? 0 : std::strtol(text.c_str() + at + key.size() + 1, nullptr, 10);
}

// The test process holds the idle connections' client ends: its soft open-file limit goes as far
// as the hard limit allows (the daemon, forked from it, inherits the raised limit). The number of
// idle connections that fit, at most `wanted`.
inline std::size_t raise_own_fd_limit(std::size_t wanted) {
  rlimit l{};
  if (::getrlimit(RLIMIT_NOFILE, &l) != 0) return 0;
  l.rlim_cur = l.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &l);
  ::getrlimit(RLIMIT_NOFILE, &l);
  const std::size_t room = l.rlim_cur > 300 ? static_cast<std::size_t>(l.rlim_cur) - 300 : 0;
  return std::min(wanted, room);
}

inline double percentile_ms(const std::vector<double>& sorted_us, double p) {
  if (sorted_us.empty()) return 0;
  auto i = static_cast<std::size_t>(p * static_cast<double>(sorted_us.size() - 1) + 0.5);
  return sorted_us[std::min(i, sorted_us.size() - 1)] / 1000.0;
}

using AbuserList = std::vector<std::unique_ptr<Abuser>>;

inline Figures run_scenario(const std::string& name,
                            const std::function<AbuserList(std::int64_t first_case)>& make) {
  const auto seconds = env_long("TIAOJIE_ABUSE_SECONDS", 2);
  const auto rate = std::max(1L, env_long("TIAOJIE_ABUSE_RATE", 100));
  auto dir = fresh_test_dir("abuse", name);
  auto config = write_serve_config(dir);
  const auto corpus = generated_disputes(static_cast<int>(seconds * rate * 2 + 1000), 16);

  ServeProcess daemon({"--config", config.string()}, dir / "serve.log");
  GoodClient good(daemon.port(), k_operator_token, corpus,
                  std::chrono::microseconds(1'000'000 / rate));
  REQUIRE_MESSAGE(good.start(), good.failure());
  REQUIRE_MESSAGE(good.wait_acked(1), good.failure());
  auto abusers = make(good.first_case());
  for (auto& a : abusers) a->start(daemon.port(), daemon.pid());
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  for (auto& a : abusers) a->wait_quota();

  Figures f;
  f.name = name;
  f.hwm_kb = proc_status_kb(daemon.pid(), "VmHWM");
  for (auto& a : abusers) a->stop();
  good.stop();
  f.hwm_kb = std::max(f.hwm_kb, proc_status_kb(daemon.pid(), "VmHWM"));
  f.rss_kb = proc_status_kb(daemon.pid(), "VmRSS");
  daemon.signal(SIGTERM);
  const int exit_status = daemon.wait_exit();
  f.log = daemon.log();
  f.log_bytes = f.log.size();

  // The good client: every submit acknowledged, and durable.
  CHECK_MESSAGE(good.failure().empty(), good.failure());
  CHECK(exit_status == 0);
  const auto latencies = good.latencies_us();
  f.acked = good.acked().size();
  f.p50_ms = percentile_ms(latencies, 0.50);
  f.p99_ms = percentile_ms(latencies, 0.99);
  f.max_ms = latencies.empty() ? 0 : latencies.back() / 1000.0;
  {
    auto s = store::SqliteStore::open(
        {.path = (dir / "data" / "tiaojie.sqlite").string(), .create_if_missing = false});
    REQUIRE_MESSAGE(s.has_value(), failure(s));
    auto verified = (*s)->verify();
    REQUIRE(verified.has_value());
    CHECK(verified->ok());
    std::size_t found = 0;
    for (const auto& [index, case_id] : good.acked()) {
      auto v = boost::json::parse(corpus[index]).as_object();
      auto c = (*s)->find_by_key(v.at("channel").as_string(), v.at("external_id").as_string());
      REQUIRE(c.has_value());
      if (c->has_value() && (*c)->state.id.value == case_id) ++found;
    }
    CHECK(found == good.acked().size());
  }

  // The abusers: only documented answers, and each kind was answered at all.
  for (auto& a : abusers) {
    auto& t = a->tally();
    std::string surprises;
    for (const auto& s : t.first_surprises) surprises += s + "\n";
    CAPTURE(a->name());
    CHECK_MESSAGE(t.surprises == 0, surprises);
    CHECK(t.answered + t.refused > 0);
    f.answered += t.answered;
    f.refused += t.refused;
    f.abuse +=
        fmt::format("{}{}: {} connections, {} lines, {} answered, {} refused, {} closed",
                    f.abuse.empty() ? "" : "; ", a->name(), t.connections.load(),
                    t.lines_sent.load(), t.answered.load(), t.refused.load(), t.closed.load());
  }
  CHECK(f.hwm_kb < k_rss_bound_kb);
  std::printf(
      "abuse figures | %s | acked %zu | ack p50 %.2f ms | p99 %.2f ms | max %.2f ms | daemon VmHWM "
      "%.1f MiB | VmRSS at end %.1f MiB | log %zu bytes | %s\n",
      name.c_str(), f.acked, f.p50_ms, f.p99_ms, f.max_ms, static_cast<double>(f.hwm_kb) / 1024,
      static_cast<double>(f.rss_kb) / 1024, f.log_bytes, f.abuse.c_str());
  std::fflush(stdout);
  figures_of_this_run()[name] = f;
  std::filesystem::remove_all(dir);
  return f;
}

}  // namespace tiaojie::test

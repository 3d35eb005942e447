// bench/http — how long /metrics takes to answer (the issue's target: 5 ms) from a real daemon in
// this process holding N open cases (submitted first over TCP, as a channel would), over one
// kept-alive HTTP connection on 127.0.0.1, one request at a time. /healthz, which never reaches
// the engine, is timed in the same run as the baseline: the difference is what gathering and
// writing the metrics cost (/metrics counts every open case on the engine's strand).
// Prints p50/p90/p99/max in ms for each, the body size, and the CPU time of the process per
// request.
//
// The workbench's queue (issue 18's target: a body's queue of 10,000 open cases renders in 50 ms)
// is timed the same way, signed in as an operator, whose queue is every open case: the engine
// scans all of them on its strand, sorts the page's 100 and the page is rendered, which is the
// work of a body's queue of the same size and more (a body's queue skips the other bodies' cases).
#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <time.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "cli/demo_disputes.hpp"
#include "daemon/client.hpp"
#include "daemon/http/accounts.hpp"
#include "daemon/server.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace tiaojie;

namespace {

const char* k_token = "bench-operator-token";

double process_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// Submits `n` generated disputes over one pipelined connection; returns how many were acked.
std::size_t fill(unsigned short port, int n) {
  daemon::Client c;
  if (!c.connect("127.0.0.1", port) || !c.hello(k_token)) return 0;
  std::size_t acked = 0;
  int made = 0;
  for (std::uint64_t seed = 1; made < n; ++seed) {
    auto chunk = cli::demo_disputes(
        std::min(n - made, 5000),
        CivilDate{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}}, seed);
    for (auto& d : chunk) {
      std::string j = d.json;
      j.replace(j.find("\"DEMO-"), 6, "\"B" + std::to_string(seed) + "-");
      if (!c.send_line(R"({"op":"submit","dispute":)" + j + "}")) return acked;
    }
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      auto r = c.receive();
      if (r && r->contains("ok") && r->at("ok") == true) ++acked;
    }
    made += static_cast<int>(chunk.size());
  }
  return acked;
}

struct Timing {
  std::vector<double> ms;
  std::size_t body_bytes = 0;
  double cpu_per_request_ms = 0;
};

// Signs in through the form and returns the session cookie ("tj_session=…").
std::string sign_in(unsigned short port, const std::string& name, const std::string& password) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect({asio::ip::make_address("127.0.0.1"), port});
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/login", 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "name=" + name + "&password=" + password;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  const std::string cookie(res[bhttp::field::set_cookie]);
  if (res.result_int() != 303 || cookie.empty()) {
    fmt::print(stderr, "sign-in: status {}\n", res.result_int());
    std::exit(1);
  }
  return cookie.substr(0, cookie.find(';'));
}

Timing time_requests(unsigned short port, const char* target, int n,
                     const std::string& cookie = {}) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect({asio::ip::make_address("127.0.0.1"), port});
  beast::flat_buffer buffer;
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!cookie.empty()) req.set(bhttp::field::cookie, cookie);
  Timing t;
  t.ms.reserve(static_cast<std::size_t>(n));
  const double cpu0 = process_cpu();
  for (int i = 0; i < n; ++i) {
    const auto t0 = Clock::now();
    bhttp::write(stream, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    t.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (res.result_int() != 200) {
      fmt::print(stderr, "{}: status {}\n", target, res.result_int());
      std::exit(1);
    }
    t.body_bytes = res.body().size();
  }
  t.cpu_per_request_ms = (process_cpu() - cpu0) * 1000.0 / n;
  return t;
}

void print(const char* what, const Timing& t) {
  fmt::print(
      "{:<10} p50 {:.3f} ms  p90 {:.3f} ms  p99 {:.3f} ms  max {:.3f} ms  body {} B  "
      "process CPU {:.3f} ms/request\n",
      what, percentile(t.ms, 0.5), percentile(t.ms, 0.9), percentile(t.ms, 0.99),
      *std::max_element(t.ms.begin(), t.ms.end()), t.body_bytes, t.cpu_per_request_ms);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_http: /metrics latency with N open cases, beside /healthz"};
  int open = 10000;
  int requests = 1000;
  std::string dir = (fs::temp_directory_path() / "tiaojie-bench-http").string();
  app.add_option("--open", open, "open cases to hold before timing (default 10000)");
  app.add_option("--requests", requests, "requests timed per endpoint (default 1000)");
  app.add_option("--dir", dir, "scratch folder (removed first)");
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);

  fs::remove_all(dir);
  daemon::DaemonConfig c;
  c.port = 0;
  c.http.port = 0;
  c.threads = 2;
  c.data_dir = fs::path(dir) / "data";
  c.rules_dir = fs::path(TIAOJIE_SOURCE_DIR) / "rules";
  c.graph_path = fs::path(TIAOJIE_SOURCE_DIR) / "config" / "bodies";
  c.calendar_dir = fs::path(TIAOJIE_SOURCE_DIR) / "config" / "calendar";
  c.watch_interval = std::chrono::milliseconds(0);
  c.operators = {{"bench", k_token}};
  // One workbench account, an operator (every open case is in its queue).
  const auto accounts = fs::path(dir) / "accounts.toml";
  fs::create_directories(dir);
  {
    auto hash = daemon::http::hash_password("bench-password");
    if (!hash) return 1;
    std::ofstream(accounts) << "[[account]]\nname = \"bench\"\nrole = \"operator\"\n"
                               "password_hash = \""
                            << *hash << "\"\n";
    fs::permissions(accounts, fs::perms::owner_read | fs::perms::owner_write);
  }
  c.http.accounts = accounts;
  for (const char* ch : {"hotline_12345", "walk_in", "online", "police_referral", "court_referral",
                         "petition", "media"})
    c.channels.push_back({ch, std::string("bench-") + ch + "-token"});
  // A fixed instant (a Tuesday), so that the overdue counts and the figures stay comparable.
  daemon::ManualClock clock(*parse_timestamp("2026-11-24T10:00:00+08:00"));
  auto server = daemon::Server::create(c, clock);
  if (!server) {
    fmt::print(stderr, "{}\n", server.error().to_string());
    return 1;
  }
  (*server)->start();
  const auto t0 = Clock::now();
  const auto acked = fill((*server)->port(), open);
  fmt::print("held {} open cases (submitted in {:.1f} s)\n", acked,
             std::chrono::duration<double>(Clock::now() - t0).count());
  const auto port = (*server)->http_port();
  time_requests(port, "/metrics", 50);  // warm-up
  const auto healthz = time_requests(port, "/healthz", requests);
  const auto metrics = time_requests(port, "/metrics", requests);
  const auto cookie = sign_in(port, "bench", "bench-password");
  time_requests(port, "/queue", 20, cookie);  // warm-up
  const auto queue = time_requests(port, "/queue", requests, cookie);
  const auto late = time_requests(port, "/queue?show=overdue", requests, cookie);
  const auto api = time_requests(port, "/api/v1/queue", requests, cookie);
  print("/healthz", healthz);
  print("/metrics", metrics);
  print("/queue", queue);
  print("/queue?show=overdue", late);
  print("/api/v1/queue", api);
  (*server)->stop();
  (*server)->wait();
  fs::remove_all(dir);
  return 0;
}

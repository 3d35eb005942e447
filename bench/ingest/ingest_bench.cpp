// bench/ingest — a load generator against a real daemon (in this process, over TCP on 127.0.0.1):
// N connections, each keeping W submits in flight (closed loop) or sending at a fixed offered rate
// (open loop; latency counted from the scheduled send time, so queueing is not hidden). Prints
// durable disputes/s and acknowledgement latency p50/p99/max, and, in the same run, the raw SQLite
// limit: the same dispute rows inserted with bare prepared statements in transactions of the
// daemon's observed mean group-commit size, WAL + synchronous=FULL like the store.
// A third scenario fills a store with open cases and times a restart until the daemon answers.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <filesystem>
#include <thread>

#include "cli/demo_disputes.hpp"
#include "daemon/client.hpp"
#include "daemon/server.hpp"

namespace asio = boost::asio;
namespace json = boost::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace tiaojie;

namespace {

const char* k_token = "bench-operator-token";

daemon::DaemonConfig bench_config(const fs::path& dir) {
  daemon::DaemonConfig c;
  c.port = 0;
  c.threads = 2;
  c.data_dir = dir / "data";
  c.rules_dir = fs::path(TIAOJIE_SOURCE_DIR) / "rules";
  c.graph_path = fs::path(TIAOJIE_SOURCE_DIR) / "config" / "bodies";
  c.calendar_dir = fs::path(TIAOJIE_SOURCE_DIR) / "config" / "calendar";
  c.watch_interval = std::chrono::milliseconds(0);
  c.limits.max_connections = 4096;
  c.limits.max_queued_responses = 1024;
  c.operators = {{"bench", k_token}};
  for (const char* ch : {"hotline_12345", "walk_in", "online", "police_referral", "court_referral", "petition", "media"}) {
    c.channels.push_back({ch, std::string("bench-") + ch + "-token"});
  }
  return c;
}

// Request lines: each generated dispute with a unique external id per run.
std::vector<std::string> request_lines(int n, const std::string& prefix) {
  std::vector<std::string> lines;
  lines.reserve(static_cast<std::size_t>(n));
  int made = 0;
  for (std::uint64_t seed = 1; made < n; ++seed) {
    auto chunk = cli::demo_disputes(std::min(n - made, 10000), seed);
    for (auto& d : chunk) {
      std::string j = d.json;
      auto pos = j.find("\"DEMO-");
      j.replace(pos, 6, "\"" + prefix + std::to_string(seed) + "-");
      lines.push_back(R"({"op":"submit","dispute":)" + j + "}\n");
      ++made;
    }
  }
  return lines;
}

struct LoadResult {
  double seconds = 0;
  std::size_t acked = 0, failed = 0;
  std::vector<double> latency_ms;
};

// One connection of the load generator.
class Conn {
 public:
  Conn(asio::io_context& io, unsigned short port) : socket_(io) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    socket_.set_option(asio::ip::tcp::no_delay(true));
    std::string hello = std::string(R"({"op":"hello","token":")") + k_token + "\"}\n";
    asio::write(socket_, asio::buffer(hello));
    asio::read_until(socket_, asio::dynamic_buffer(in_), '\n');
    in_.erase(0, in_.find('\n') + 1);
  }
  asio::ip::tcp::socket socket_;
  std::string in_;
  std::string out_;
  bool writing_ = false;
  std::deque<Clock::time_point> sent_;  // send (or scheduled) times of requests in flight
  std::size_t next_ = 0;                 // next line index for this connection
};

LoadResult run_load(unsigned short port, const std::vector<std::string>& lines, int connections, int window,
                    double rate) {
  asio::io_context io;
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < connections; ++i) conns.push_back(std::make_unique<Conn>(io, port));
  LoadResult res;
  res.latency_ms.reserve(lines.size());
  std::size_t total = lines.size(), issued = 0, done = 0;
  auto start = Clock::now();
  asio::steady_timer pacer(io);

  std::function<void(Conn&)> flush = [&](Conn& c) {
    if (c.writing_ || c.out_.empty()) return;
    c.writing_ = true;
    auto buf = std::make_shared<std::string>(std::move(c.out_));
    c.out_.clear();
    asio::async_write(c.socket_, asio::buffer(*buf), [&, buf, cp = &c](auto ec, std::size_t) {
      cp->writing_ = false;
      if (!ec) flush(*cp);
    });
  };
  auto issue = [&](Conn& c, Clock::time_point when) {
    c.out_ += lines[issued++];
    c.sent_.push_back(when);
  };
  std::function<void(Conn&)> read = [&](Conn& c) {
    asio::async_read_until(c.socket_, asio::dynamic_buffer(c.in_), '\n', [&, cp = &c](auto ec, std::size_t) {
      if (ec) return;
      auto now = Clock::now();
      std::size_t pos = 0, nl;
      int got = 0;
      while ((nl = cp->in_.find('\n', pos)) != std::string::npos) {
        std::string_view line(cp->in_.data() + pos, nl - pos);
        if (line.find("\"ok\":true") != std::string_view::npos) ++res.acked; else ++res.failed;
        res.latency_ms.push_back(std::chrono::duration<double, std::milli>(now - cp->sent_.front()).count());
        cp->sent_.pop_front();
        pos = nl + 1;
        ++got;
        ++done;
      }
      cp->in_.erase(0, pos);
      if (rate <= 0) {
        for (int k = 0; k < got && issued < total; ++k) issue(*cp, Clock::now());
        flush(*cp);
      }
      if (done == total) {
        io.stop();
        return;
      }
      read(*cp);
    });
  };
  if (rate <= 0) {
    for (auto& c : conns) {
      for (int k = 0; k < window && issued < total; ++k) issue(*c, Clock::now());
      flush(*c);
    }
  } else {
    // Open loop: every tick, issue what the schedule says is due, round-robin over connections.
    auto interval = std::chrono::duration<double>(1.0 / rate);
    std::function<void()> tick = [&] {
      auto now = Clock::now();
      std::size_t due = std::min<std::size_t>(total, static_cast<std::size_t>((now - start) / interval) + 1);
      while (issued < due) {
        auto& c = *conns[issued % conns.size()];
        auto when = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(issued));
        issue(c, when);
      }
      for (auto& c : conns) flush(*c);
      if (issued < total) {
        pacer.expires_after(std::chrono::microseconds(200));
        pacer.async_wait([&](auto ec) { if (!ec) tick(); });
      }
    };
    tick();
  }
  for (auto& c : conns) read(*c);
  io.run();
  res.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return res;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// The raw SQLite limit: the same dispute documents and the three events per case as JSON text,
// bare prepared INSERTs, one transaction per `batch` cases, WAL + synchronous=FULL.
double run_raw(const std::vector<std::string>& lines, std::size_t batch, const fs::path& file) {
  fs::remove(file);
  SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  db.exec("CREATE TABLE disputes(id INTEGER PRIMARY KEY, channel TEXT, external_id TEXT, json TEXT, UNIQUE(channel, external_id));"
          "CREATE TABLE events(seq INTEGER PRIMARY KEY, case_id INTEGER, kind TEXT, json TEXT);"
          "CREATE TABLE cases(id INTEGER PRIMARY KEY, status TEXT, body TEXT, due TEXT, json TEXT);");
  SQLite::Statement ins_d(db, "INSERT INTO disputes(channel, external_id, json) VALUES(?,?,?)");
  SQLite::Statement ins_e(db, "INSERT INTO events(case_id, kind, json) VALUES(?,?,?)");
  SQLite::Statement ins_c(db, "INSERT INTO cases(id, status, body, due, json) VALUES(?,?,?,?,?)");
  // Event payloads of the daemon's size (a classification with its rule refs, an assignment with
  // its path) prepared before the clock starts.
  std::string classified(900, 'c'), assigned(600, 'a'), submitted(120, 's'), state(700, 'x');
  std::vector<std::string> docs;
  for (const auto& l : lines) docs.push_back(l.substr(24, l.size() - 26));
  auto t0 = Clock::now();
  for (std::size_t i = 0; i < docs.size(); i += batch) {
    SQLite::Transaction tx(db);
    for (std::size_t k = i; k < std::min(docs.size(), i + batch); ++k) {
      ins_d.bind(1, "hotline_12345");
      ins_d.bind(2, "raw-" + std::to_string(k));
      ins_d.bind(3, docs[k]);
      ins_d.exec();
      ins_d.reset();
      auto id = db.getLastInsertRowid();
      for (const auto* ev : {&submitted, &classified, &assigned}) {
        ins_e.bind(1, id);
        ins_e.bind(2, "kind");
        ins_e.bind(3, *ev);
        ins_e.exec();
        ins_e.reset();
      }
      ins_c.bind(1, id);
      ins_c.bind(2, "assigned");
      ins_c.bind(3, "hz.district.labour");
      ins_c.bind(4, "2026-12-09");
      ins_c.bind(5, state);
      ins_c.exec();
      ins_c.reset();
    }
    tx.commit();
  }
  return static_cast<double>(docs.size()) / std::chrono::duration<double>(Clock::now() - t0).count();
}

json::object stats_of(unsigned short port) {
  daemon::Client c;
  (void)c.connect("127.0.0.1", port);
  (void)c.hello(k_token);
  auto r = c.call({{"op", "stats"}});
  return r ? *r : json::object{};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench/ingest: durable disputes/s and ack latency of the daemon, beside raw SQLite"};
  int n = 50000, connections = 8, window = 64;
  double rate = 0;
  int restart_cases = 0;
  std::string dir_arg = "build/bench-ingest";
  app.add_option("--disputes", n, "Disputes to submit")->capture_default_str();
  app.add_option("--connections", connections, "Client connections")->capture_default_str();
  app.add_option("--window", window, "Submits in flight per connection (closed loop)")->capture_default_str();
  app.add_option("--rate", rate, "Offered disputes/s over all connections (open loop); 0 = closed loop")->capture_default_str();
  app.add_option("--restart-cases", restart_cases, "Instead: fill a store with this many open cases and time a restart");
  app.add_option("--dir", dir_arg, "Work folder (deleted first)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);

  fs::path dir = fs::absolute(dir_arg);
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto config = bench_config(dir);
  daemon::SystemClock clock;

  if (restart_cases > 0) {
    {
      auto server = daemon::Server::create(config, clock);
      if (!server) { fmt::print(stderr, "{}\n", server.error().to_string()); return 1; }
      (*server)->start();
      auto lines = request_lines(restart_cases, "R");
      auto r = run_load((*server)->port(), lines, connections, window, 0);
      fmt::print("filled {} open cases through the daemon in {:.1f} s ({:.0f}/s, {} failed)\n", r.acked, r.seconds,
                 static_cast<double>(r.acked) / r.seconds, r.failed);
      (*server)->stop();
      (*server)->wait();
    }
    auto t0 = Clock::now();
    auto server = daemon::Server::create(config, clock);
    if (!server) { fmt::print(stderr, "{}\n", server.error().to_string()); return 1; }
    (*server)->start();
    daemon::Client c;
    (void)c.connect("127.0.0.1", (*server)->port());
    (void)c.hello(k_token);
    auto st = c.call({{"op", "stats"}});
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    fmt::print("restart: serving again after {:.2f} s with {} open cases loaded and their timers armed\n", secs,
               st ? st->at("open_cases").as_int64() : -1);
    (*server)->stop();
    (*server)->wait();
    return 0;
  }

  auto lines = request_lines(n, "I");
  auto server = daemon::Server::create(config, clock);
  if (!server) { fmt::print(stderr, "{}\n", server.error().to_string()); return 1; }
  (*server)->start();
  auto r = run_load((*server)->port(), lines, connections, window, rate);
  auto st = stats_of((*server)->port());
  (*server)->stop();
  (*server)->wait();
  double mean_batch = st.contains("mean_batch") ? st.at("mean_batch").to_number<double>() : 1.0;
  double daemon_rate = static_cast<double>(r.acked) / r.seconds;
  fmt::print("daemon: {} acked, {} failed in {:.2f} s = {:.0f} durable disputes/s ({} connections, {})\n", r.acked,
             r.failed, r.seconds, daemon_rate, connections,
             rate > 0 ? fmt::format("offered {:.0f}/s", rate) : fmt::format("window {}", window));
  fmt::print("ack latency ms: p50 {:.2f}  p99 {:.2f}  max {:.2f}\n", percentile(r.latency_ms, 0.50),
             percentile(r.latency_ms, 0.99), percentile(r.latency_ms, 1.0));
  fmt::print("group commits: {} for {} changes, mean batch {:.1f}, largest {}\n",
             st.contains("commits") ? st.at("commits").to_number<std::int64_t>() : 0,
             st.contains("committed_changes") ? st.at("committed_changes").to_number<std::int64_t>() : 0, mean_batch,
             st.contains("largest_batch") ? st.at("largest_batch").to_number<std::int64_t>() : 0);
  auto batch = static_cast<std::size_t>(std::max(1.0, mean_batch + 0.5));
  double raw = run_raw(lines, batch, dir / "raw.sqlite");
  fmt::print("raw SQLite, same rows, batches of {}: {:.0f} disputes/s\n", batch, raw);
  fmt::print("daemon / raw: {:.0f}%\n", 100.0 * daemon_rate / raw);
  return 0;
}

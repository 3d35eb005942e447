// bench/ingest — a load generator against a real daemon (in this process, over TCP on 127.0.0.1):
// N connections, each keeping W submits in flight (closed loop) or sending at a fixed offered rate
// (open loop; latency counted from the scheduled send time, so queueing is not hidden). Prints
// durable disputes/s and acknowledgement latency p50/p99/max, the CPU time of the generator and of
// the whole process, and, in the same run, the raw SQLite limit: the very rows the daemon wrote
// (read back from its store after the run) inserted into the store's schema with bare prepared
// statements, in transactions of the daemon's observed mean group-commit size, WAL +
// synchronous=FULL like the store; beside it the older, looser limit of a minimal three-table
// schema without secondary indexes.
// A third scenario fills a store with open cases and times a restart until the daemon answers.
// A fourth (--dashboard-pollers K) alternates rounds of the same closed-loop ingest without and
// with K workbench dashboards polled once a second (issue 18: with 20, ingest stays at 90% or
// more).
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <time.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>
#include <unordered_map>

#include "cli/demo_disputes.hpp"
#include "daemon/client.hpp"
#include "daemon/http/accounts.hpp"
#include "daemon/server.hpp"
#include "dashboard_pollers.hpp"
#include "raw_postgres.hpp"
#include "store/location.hpp"

namespace asio = boost::asio;
namespace json = boost::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace tiaojie;

namespace {

const char* k_token = "bench-operator-token";

// A line of /proc/self/status in KiB ("VmRSS", "VmHWM"), or 0.
long self_status_kib(std::string_view key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':')
      return std::stol(line.substr(key.size() + 1));
  }
  return 0;
}

daemon::DaemonConfig bench_config(const fs::path& dir) {
  daemon::DaemonConfig c;
  c.port = 0;
  c.http.enabled = false;  // the TCP intake alone
  c.threads = 2;
  c.data_dir = dir / "data";
  c.rules_dir = fs::path(TIAOJIE_SOURCE_DIR) / "rules";
  c.graph_path = fs::path(TIAOJIE_SOURCE_DIR) / "config" / "bodies";
  c.calendar_dir = fs::path(TIAOJIE_SOURCE_DIR) / "config" / "calendar";
  c.watch_interval = std::chrono::milliseconds(0);
  c.limits.max_connections = 4096;
  c.limits.max_queued_responses = 1024;
  c.operators = {{"bench", k_token}};
  for (const char* ch : {"hotline_12345", "walk_in", "online", "police_referral", "court_referral",
                         "petition", "media"}) {
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
    // A fixed day: the figures stay comparable with earlier runs (docs/benchmarks.md).
    auto chunk = cli::demo_disputes(
        std::min(n - made, 10000),
        CivilDate{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}}, seed);
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

// Request lines from a corpus file of dispute documents, one per line (../shared/bench's
// gen_corpus.py: what the ceiling's client sends), the first `n` of them.
std::vector<std::string> corpus_lines(const fs::path& file, int n) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the corpus " + file.string());
  std::vector<std::string> lines;
  lines.reserve(static_cast<std::size_t>(n));
  std::string line;
  while (static_cast<int>(lines.size()) < n && std::getline(in, line)) {
    if (!line.empty()) lines.push_back(R"({"op":"submit","dispute":)" + line + "}\n");
  }
  if (static_cast<int>(lines.size()) < n)
    throw std::runtime_error(fmt::format("the corpus {} holds only {} disputes, {} asked",
                                         file.string(), lines.size(), n));
  return lines;
}

double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct LoadResult {
  double seconds = 0;
  std::size_t acked = 0, failed = 0;
  std::vector<double> latency_ms;
  double generator_cpu = 0;  // CPU seconds of the generator's thread (it runs on this thread)
  double process_cpu = 0;    // CPU seconds of the whole process (daemon + generator) meanwhile
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
  std::size_t next_ = 0;                // next line index for this connection
};

// Connection i goes to ports[i % ports.size()] (several daemons on one store).
LoadResult run_load(const std::vector<unsigned short>& ports, const std::vector<std::string>& lines,
                    int connections, int window, double rate) {
  asio::io_context io;
  std::vector<std::unique_ptr<Conn>> conns;
  for (int i = 0; i < connections; ++i)
    conns.push_back(std::make_unique<Conn>(io, ports[static_cast<std::size_t>(i) % ports.size()]));
  LoadResult res;
  res.latency_ms.reserve(lines.size());
  std::size_t total = lines.size(), issued = 0, done = 0;
  auto start = Clock::now();
  const double cpu0 = cpu_seconds(CLOCK_THREAD_CPUTIME_ID),
               proc0 = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
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
    asio::async_read_until(
        c.socket_, asio::dynamic_buffer(c.in_), '\n', [&, cp = &c](auto ec, std::size_t) {
          if (ec) return;
          auto now = Clock::now();
          std::size_t pos = 0, nl;
          int got = 0;
          while ((nl = cp->in_.find('\n', pos)) != std::string::npos) {
            std::string_view line(cp->in_.data() + pos, nl - pos);
            if (line.find("\"ok\":true") != std::string_view::npos)
              ++res.acked;
            else
              ++res.failed;
            res.latency_ms.push_back(
                std::chrono::duration<double, std::milli>(now - cp->sent_.front()).count());
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
  // Open loop: every tick, issue what the schedule says is due, round-robin over connections.
  // (Declared here, not in the branch below: the timer's handler calls it after that scope ended.)
  const auto interval = std::chrono::duration<double>(rate > 0 ? 1.0 / rate : 0.0);
  std::function<void()> tick = [&] {
    auto now = Clock::now();
    std::size_t due =
        std::min<std::size_t>(total, static_cast<std::size_t>((now - start) / interval) + 1);
    while (issued < due) {
      auto& c = *conns[issued % conns.size()];
      auto when = start + std::chrono::duration_cast<Clock::duration>(interval *
                                                                      static_cast<double>(issued));
      issue(c, when);
    }
    for (auto& c : conns) flush(*c);
    if (issued < total) {
      pacer.expires_after(std::chrono::microseconds(200));
      pacer.async_wait([&](auto ec) {
        if (!ec) tick();
      });
    }
  };
  if (rate <= 0) {
    for (auto& c : conns) {
      for (int k = 0; k < window && issued < total; ++k) issue(*c, Clock::now());
      flush(*c);
    }
  } else {
    tick();
  }
  for (auto& c : conns) read(*c);
  io.run();
  res.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  res.generator_cpu = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu0;
  res.process_cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - proc0;
  return res;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// The raw SQLite limit for the very rows the daemon wrote: every row of its disputes, events,
// cases, assignments, report_cases and decisions tables, read back from its store before the clock
// starts, inserted into a new file with the store's own schema (tables and indexes) by bare
// prepared INSERTs, one transaction per `batch` cases, plus the body_load upsert per body and batch
// as the store does; WAL + synchronous=FULL. What the daemon adds on top (parse, classify, assign,
// fold, JSON encoding, the network) is what the ratio measures.
double run_raw_same_rows(const fs::path& daemon_store, std::size_t batch, const fs::path& file) {
  struct Value {
    int type = SQLite::Null;
    std::int64_t i = 0;
    double d = 0;
    std::string text;
  };
  struct Table {
    std::string insert;
    std::unordered_map<std::int64_t, std::vector<std::vector<Value>>> by_case;  // case_id → rows
  };
  SQLite::Database src(daemon_store.string(), SQLite::OPEN_READONLY);
  std::vector<std::string> schema;
  {
    SQLite::Statement q(
        src,
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY type = 'index', rowid");
    while (q.executeStep()) schema.push_back(q.getColumn(0).getString());
  }
  std::vector<std::int64_t> case_ids;
  std::unordered_map<std::int64_t, std::string> body_of;
  std::vector<std::pair<std::string, Table>> tables;
  for (const char* name :
       {"disputes", "events", "cases", "assignments", "report_cases", "decisions"}) {
    Table t;
    SQLite::Statement q(src, fmt::format("SELECT * FROM {}", name));
    const int n = q.getColumnCount();
    int case_col = 0;
    for (int c = 0; c < n; ++c) {
      if (std::string_view(q.getColumnName(c)) == "case_id") case_col = c;
    }
    std::string marks;
    for (int c = 0; c < n; ++c) marks += c ? ",?" : "?";
    t.insert = fmt::format("INSERT INTO {} VALUES ({})", name, marks);
    while (q.executeStep()) {
      std::vector<Value> row(static_cast<std::size_t>(n));
      for (int c = 0; c < n; ++c) {
        auto col = q.getColumn(c);
        auto& v = row[static_cast<std::size_t>(c)];
        v.type = col.getType();
        if (v.type == SQLite::INTEGER)
          v.i = col.getInt64();
        else if (v.type == SQLite::FLOAT)
          v.d = col.getDouble();
        else if (v.type != SQLite::Null)
          v.text = col.getString();
      }
      const auto id = row[static_cast<std::size_t>(case_col)].i;
      if (std::string_view(name) == "disputes") case_ids.push_back(id);
      if (std::string_view(name) == "cases") body_of[id] = q.getColumn("body").getString();
      t.by_case[id].push_back(std::move(row));
    }
    tables.emplace_back(name, std::move(t));
  }
  std::sort(case_ids.begin(), case_ids.end());

  fs::remove(file);
  SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  // The store's pragmas (store/sqlite_store.hpp's defaults).
  db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;");
  for (const auto& sql : schema) db.exec(sql);
  std::vector<std::unique_ptr<SQLite::Statement>> inserts;
  for (const auto& [name, t] : tables)
    inserts.push_back(std::make_unique<SQLite::Statement>(db, t.insert));
  SQLite::Statement add_load(
      db,
      "INSERT INTO body_load (body, open_cases) VALUES (?, ?) ON CONFLICT (body) "
      "DO UPDATE SET open_cases = open_cases + excluded.open_cases");
  auto t0 = Clock::now();
  for (std::size_t i = 0; i < case_ids.size(); i += batch) {
    SQLite::Transaction tx(db);
    std::map<std::string, std::int64_t> load;
    for (std::size_t k = i; k < std::min(case_ids.size(), i + batch); ++k) {
      const auto id = case_ids[k];
      for (std::size_t t = 0; t < tables.size(); ++t) {
        auto it = tables[t].second.by_case.find(id);
        if (it == tables[t].second.by_case.end()) continue;
        auto& st = *inserts[t];
        for (const auto& row : it->second) {
          for (std::size_t c = 0; c < row.size(); ++c) {
            const int at = static_cast<int>(c) + 1;
            const auto& v = row[c];
            if (v.type == SQLite::INTEGER)
              st.bind(at, v.i);
            else if (v.type == SQLite::FLOAT)
              st.bind(at, v.d);
            else if (v.type == SQLite::Null)
              st.bind(at);
            else
              st.bind(at, v.text);
          }
          st.exec();
          st.reset();
        }
      }
      ++load[body_of[id]];
    }
    for (const auto& [body, n] : load) {
      add_load.bind(1, body);
      add_load.bind(2, n);
      add_load.exec();
      add_load.reset();
    }
    tx.commit();
  }
  return static_cast<double>(case_ids.size()) /
         std::chrono::duration<double>(Clock::now() - t0).count();
}

// The older, looser limit: a minimal three-table schema without secondary indexes, the same
// dispute documents and three event payloads of the daemon's size per case as JSON text,
// bare prepared INSERTs, one transaction per `batch` cases, WAL + synchronous=FULL.
double run_raw_minimal(const std::vector<std::string>& lines, std::size_t batch,
                       const fs::path& file) {
  fs::remove(file);
  SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  db.exec(
      "CREATE TABLE disputes(id INTEGER PRIMARY KEY, channel TEXT, external_id TEXT, json TEXT, "
      "UNIQUE(channel, external_id));"
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
  return static_cast<double>(docs.size()) /
         std::chrono::duration<double>(Clock::now() - t0).count();
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
  bool reuse = false;
  int pollers = 0, rounds = 5;
  std::string corpus;
  bool eager = false;
  std::string store_url;
  int daemons = 1;
  app.add_option("--disputes", n, "Disputes to submit")->capture_default_str();
  app.add_option("--connections", connections, "Client connections")->capture_default_str();
  app.add_option("--window", window, "Submits in flight per connection (closed loop)")
      ->capture_default_str();
  app.add_option("--rate", rate,
                 "Offered disputes/s over all connections (open loop); 0 = closed loop")
      ->capture_default_str();
  app.add_option("--restart-cases", restart_cases,
                 "Instead: fill a store with this many open cases and time a restart");
  app.add_option("--dir", dir_arg, "Work folder (deleted first)")->capture_default_str();
  app.add_flag(
      "--reuse", reuse,
      "With --restart-cases: keep the folder's store if it exists (time the restart only)");
  app.add_option("--dashboard-pollers", pollers,
                 "Instead: alternate ingest rounds without and with this many dashboards polled "
                 "every second");
  app.add_option("--rounds", rounds, "With --dashboard-pollers: rounds of each")
      ->capture_default_str();
  app.add_option("--corpus", corpus,
                 "Submit the first --disputes lines of this dispute corpus (gen_corpus.py, what "
                 "../shared/bench/ceiling's client sends) instead of generated disputes");
  app.add_flag("--eager-projections", eager,
               "Write every projection with its commit (the store before the lean write path)");
  app.add_option("--store", store_url,
                 "The daemons' store as a [store] url, e.g. postgresql:///bench?host=DIR (default: "
                 "SQLite in --dir); bench/ingest/postgres.sh starts a server for it");
  app.add_option("--daemons", daemons,
                 "Daemons in this process on that one store (PostgreSQL), the connections shared "
                 "round-robin")
      ->capture_default_str()
      ->check(CLI::Range(1, 8));
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  std::optional<store::StoreLocation> store_at;
  if (!store_url.empty()) {
    auto parsed = store::parse_store_url(store_url, fs::current_path());
    if (!parsed) {
      fmt::print(stderr, "--store: {}\n", parsed.error().to_string());
      return 2;
    }
    store_at = *parsed;
  }
  if (daemons > 1 && (!store_at || store_at->backend != store::Backend::postgresql)) {
    fmt::print(stderr, "--daemons above 1 wants a --store postgresql://… that they share\n");
    return 2;
  }

  fs::path dir = fs::absolute(dir_arg);
  const bool refill = !(reuse && restart_cases > 0 && fs::exists(dir / "data" / "tiaojie.sqlite"));
  if (refill) fs::remove_all(dir);
  fs::create_directories(dir);
  auto config = bench_config(dir);
  config.lean_writes = !eager;
  daemon::SystemClock clock;

  if (restart_cases > 0) {
    if (refill) {
      auto server = daemon::Server::create(config, clock);
      if (!server) {
        fmt::print(stderr, "{}\n", server.error().to_string());
        return 1;
      }
      (*server)->start();
      auto lines = request_lines(restart_cases, "R");
      auto r = run_load({(*server)->port()}, lines, connections, window, 0);
      fmt::print("filled {} open cases through the daemon in {:.1f} s ({:.0f}/s, {} failed)\n",
                 r.acked, r.seconds, static_cast<double>(r.acked) / r.seconds, r.failed);
      (*server)->stop();
      (*server)->wait();
    }
    spdlog::set_level(
        spdlog::level::info);  // the daemon's own "open cases loaded" and "ready in" lines
    // Memory of this process before the daemon starts: with --reuse nothing of the fill is left,
    // so what the daemon holds for its open cases is the difference (beside a small store's, for
    // the fixed part: rules, graph, calendar, buffers).
    const long rss_before_kib = self_status_kib("VmRSS");
    auto t0 = Clock::now();
    auto server = daemon::Server::create(config, clock);
    if (!server) {
      fmt::print(stderr, "{}\n", server.error().to_string());
      return 1;
    }
    (*server)->start();
    daemon::Client c;
    (void)c.connect("127.0.0.1", (*server)->port());
    (void)c.hello(k_token);
    auto st = c.call({{"op", "stats"}});
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    fmt::print("restart: serving again after {:.2f} s with {} open cases loaded\n", secs,
               st ? st->at("open_cases").as_int64() : -1);
    // The deadline state of a large store is read in slices after serving began: wait for the last.
    while (st && st->at("deadlines_pending").as_int64() > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      st = c.call({{"op", "stats"}});
    }
    fmt::print("restart: every open case's deadline timer armed after {:.2f} s\n",
               std::chrono::duration<double>(Clock::now() - t0).count());
    const long rss_kib = self_status_kib("VmRSS");
    const auto open = st ? st->at("open_cases").as_int64() : 0;
    fmt::print(
        "memory: VmRSS {:.1f} MiB serving {} open cases ({:.1f} MiB before the daemon started: "
        "{:.0f} bytes per open case including the daemon's fixed part), VmHWM {:.1f} MiB{}\n",
        rss_kib / 1024.0, open, rss_before_kib / 1024.0,
        open > 0
            ? 1024.0 * static_cast<double>(rss_kib - rss_before_kib) / static_cast<double>(open)
            : 0.0,
        self_status_kib("VmHWM") / 1024.0, refill ? " (this process also filled the store)" : "");
    (*server)->stop();
    (*server)->wait();
    return 0;
  }

  if (pollers > 0) {
    // One daemon with HTTP on and a manager account; each round submits n fresh disputes.
    config.http.enabled = true;
    config.http.port = 0;
    const auto accounts = dir / "accounts.toml";
    std::ofstream(accounts).close();
    fs::permissions(accounts, fs::perms::owner_read | fs::perms::owner_write);
    auto hash = daemon::http::hash_password("bench-manager");
    if (!hash) return 1;
    std::ofstream(accounts) << "[[account]]\nname = \"manager\"\nrole = \"manager\"\n"
                               "password_hash = \""
                            << *hash << "\"\n";
    config.http.accounts = accounts;
    auto server = daemon::Server::create(config, clock);
    if (!server) {
      fmt::print(stderr, "{}\n", server.error().to_string());
      return 1;
    }
    (*server)->start();
    std::vector<double> without, with;
    bench::DashboardPollers dashboards_open((*server)->http_port(), pollers, "manager",
                                            "bench-manager");
    std::size_t dashboards = 0, failed_dashboards = 0;
    for (int round = 0; round < rounds; ++round) {
      // Alone first in even rounds, polled first in odd ones: the store grows round by round.
      const bool order[2] = {round % 2 == 1, round % 2 == 0};
      for (bool polled : order) {
        auto round_lines = request_lines(n, fmt::format("P{}{}-", round, polled ? "w" : "o"));
        dashboards_open.set_active(polled);
        auto r = run_load({(*server)->port()}, round_lines, connections, window, 0);
        dashboards_open.set_active(false);
        const double per_s = static_cast<double>(r.acked) / r.seconds;
        (polled ? with : without).push_back(per_s);
        fmt::print("round {} {:>7}: {:.0f} durable disputes/s ({} failed)\n", round + 1,
                   polled ? "polled" : "alone", per_s, r.failed);
      }
    }
    dashboards = dashboards_open.answered();
    failed_dashboards = dashboards_open.failed();
    (*server)->stop();
    (*server)->wait();
    const double a = percentile(without, 0.5), b = percentile(with, 0.5);
    fmt::print(
        "median of {} rounds: {:.0f}/s alone, {:.0f}/s with {} dashboards polled every second "
        "({} dashboards answered, {} failed) -> {:.0f}%\n",
        rounds, a, b, pollers, dashboards, failed_dashboards, 100.0 * b / a);
    return 0;
  }

  auto lines = corpus.empty() ? request_lines(n, "I") : corpus_lines(corpus, n);
  config.store = store_at;
  // Several daemons share the store, each with a data folder of its own and the first's repeat key.
  std::vector<std::unique_ptr<daemon::Server>> servers;
  std::vector<unsigned short> ports;
  for (int k = 0; k < daemons; ++k) {
    auto c = config;
    if (k > 0) {
      c.data_dir = dir / fmt::format("data-{}", k + 1);
      // One repeat key for the daemons of one store (docs/scaling.md): the first's.
      c.repeat.key_file = daemon::repeat_key_file(config);
    }
    auto server = daemon::Server::create(c, clock);
    if (!server) {
      fmt::print(stderr, "{}\n", server.error().to_string());
      return 1;
    }
    (*server)->start();
    ports.push_back((*server)->port());
    servers.push_back(std::move(*server));
  }
  auto r = run_load(ports, lines, connections, window, rate);
  // Counters summed over the daemons (the largest batch: the largest of any).
  json::object st;
  for (auto port : ports) {
    for (const auto& [key, value] : stats_of(port)) {
      if (!value.is_number()) continue;
      const double v = value.to_number<double>();
      auto it = st.find(key);
      if (it == st.end()) {
        st[key] = v;
      } else if (key == "largest_batch") {
        it->value() = std::max(it->value().to_number<double>(), v);
      } else {
        it->value() = it->value().to_number<double>() + v;
      }
    }
  }
  if (st.contains("commits") && st.at("commits").to_number<double>() > 0)
    st["mean_batch"] =
        st.at("committed_changes").to_number<double>() / st.at("commits").to_number<double>();
  // Stopping writes what the lean write path still defers (at most Pacing::catch_up_at cases):
  // timed, so that the rate with every projection written is shown too.
  const auto stop_began = Clock::now();
  for (auto& server : servers) server->stop();
  for (auto& server : servers) server->wait();
  servers.clear();
  const double stop_seconds = std::chrono::duration<double>(Clock::now() - stop_began).count();
  auto num = [&st](const char* key) {
    return st.contains(key) ? st.at(key).to_number<double>() : 0.0;
  };
  double mean_batch = st.contains("mean_batch") ? num("mean_batch") : 1.0;
  double daemon_rate = static_cast<double>(r.acked) / r.seconds;
  fmt::print(
      "{}: {} acked, {} failed in {:.2f} s = {:.0f} durable disputes/s ({} connections, {})\n",
      daemons > 1 ? fmt::format("{} daemons", daemons) : std::string("daemon"), r.acked, r.failed,
      r.seconds, daemon_rate, connections,
      rate > 0 ? fmt::format("offered {:.0f}/s", rate) : fmt::format("window {}", window));
  fmt::print(
      "stop, with the deferred projections written: {:.2f} s -> {:.0f} disputes/s with every "
      "projection written ({})\n",
      stop_seconds, static_cast<double>(r.acked) / (r.seconds + stop_seconds),
      eager ? "eager projections" : "lean write path");
  fmt::print("ack latency ms: p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  p99.9 {:.2f}  max {:.2f}\n",
             percentile(r.latency_ms, 0.50), percentile(r.latency_ms, 0.90),
             percentile(r.latency_ms, 0.99), percentile(r.latency_ms, 0.999),
             percentile(r.latency_ms, 1.0));
  fmt::print(
      "group commits: {:.0f} for {:.0f} changes, mean batch {:.1f}, largest {:.0f}; store thread "
      "busy {:.0f}% of the run ({:.0f}% on the CPU)\n",
      num("commits"), num("committed_changes"), mean_batch, num("largest_batch"),
      100.0 * num("store_busy_seconds") / r.seconds,
      100.0 * num("store_busy_cpu_seconds") / r.seconds);
  fmt::print(
      "CPU during the run: process {:.2f} s ({:.0f}% of 2 cores' {:.2f} s), of it the load "
      "generator {:.2f} s; "
      "daemon {:.0f} us/dispute\n",
      r.process_cpu, 100.0 * r.process_cpu / (2 * r.seconds), 2 * r.seconds, r.generator_cpu,
      1e6 * (r.process_cpu - r.generator_cpu) /
          static_cast<double>(std::max<std::size_t>(1, r.acked)));
  // The store thread's own CPU per dispute: what limits the intake, and a figure that the other
  // helpers' compilers on this shared machine disturb less than rates and latencies.
  fmt::print("store thread: {:.1f} us CPU, {:.1f} us busy per dispute\n",
             1e6 * num("store_busy_cpu_seconds") / std::max(1.0, num("committed_changes")),
             1e6 * num("store_busy_seconds") / std::max(1.0, num("committed_changes")));
  auto batch = static_cast<std::size_t>(std::max(1.0, mean_batch + 0.5));
  if (store_at && store_at->backend == store::Backend::postgresql) {
    const double raw = bench::run_raw_postgres_same_rows(store_at->url, batch);
    fmt::print(
        "raw PostgreSQL, the daemons' own rows in copies of the store's tables, batches of {}: "
        "{:.0f} disputes/s -> daemon / raw {:.0f}%\n",
        batch, raw, 100.0 * daemon_rate / raw);
    return 0;
  }
  double raw = run_raw_same_rows(config.data_dir / "tiaojie.sqlite", batch, dir / "raw.sqlite");
  fmt::print(
      "raw SQLite, the daemon's own rows in the store's schema, batches of {}: {:.0f} disputes/s "
      "-> daemon / raw {:.0f}%\n",
      batch, raw, 100.0 * daemon_rate / raw);
  double minimal = run_raw_minimal(lines, batch, dir / "raw-minimal.sqlite");
  fmt::print(
      "raw SQLite, minimal schema (3 tables, no secondary index), batches of {}: {:.0f} disputes/s "
      "-> daemon / raw {:.0f}%\n",
      batch, minimal, 100.0 * daemon_rate / minimal);
  return 0;
}

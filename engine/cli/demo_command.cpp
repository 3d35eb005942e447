// `tiaojie demo`: the whole job on one machine in a few seconds. Starts a real daemon on a
// temporary folder and an ephemeral port, submits a few hundred generated Haizhu disputes over TCP
// from each channel's connection, takes some cases through their lifecycle as an operator, prints
// where the disputes went and what is open, and ends with the week's backlog report from the store.
#include <fmt/core.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "cli/demo_accounts.hpp"
#include "cli/demo_disputes.hpp"
#include "cli/demo_report.hpp"
#include "daemon/client.hpp"
#include "daemon/log.hpp"
#include "daemon/server.hpp"

namespace tiaojie::cli {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

struct DemoOptions {
  int disputes = 300;
  bool keep = false;
  bool serve = false;  // keep the daemon (and its workbench) running after the report
  std::string dir;     // "" = a temporary folder
  std::string store;   // a store URL; "" = data/tiaojie.sqlite in the demo's folder
  std::string rules, graph, calendar, formats, gazetteer;
  std::shared_ptr<ConfigDefaults> defaults;

  // The shipped data: the options given, else the configuration's paths, made absolute because
  // the demo's own configuration sits in another folder.
  void resolve() {
    auto abs = [](const std::string& p) { return fs::absolute(p).lexically_normal().string(); };
    rules = abs(defaults->rules(rules));
    graph = abs(defaults->graph(graph));
    calendar = abs(defaults->calendar(""));
    formats = abs(defaults->formats(""));
    gazetteer = abs(defaults->gazetteer(""));
  }
};

std::string token_for(std::string_view channel) {
  return "demo-" + std::string(channel) + "-token";
}

// The demo's configuration: the shipped rules and body graph, a temporary data folder, a free port.
// HTTP on `http_port` (the shipped 7412; 0 when that is taken).
std::string demo_config(const fs::path& dir, const DemoOptions& o,
                        const std::vector<std::string>& channels, unsigned short http_port) {
  std::string c = fmt::format(
      "[server]\nlisten = \"127.0.0.1\"\nport = 0\nthreads = 2\ndata_dir = \"{}\"\n"
      "[http]\nlisten = \"127.0.0.1:{}\"\naccounts = \"{}\"\n"
      "[paths]\nrules = \"{}\"\ngraph = \"{}\"\nwatch_interval_ms = 0\n"
      "calendar = \"{}\"\nformats = \"{}\"\ngazetteer = \"{}\"\n"
      "[log]\nlevel = \"warn\"\nfile = \"{}\"\n"
      // Where the demo writes its report, so that the workbench's /reports lists it (--serve).
      "[reports]\ndir = \"{}\"\n",
      (dir / "data").string(), http_port, (dir / "accounts.toml").string(), o.rules, o.graph,
      o.calendar, o.formats, o.gazetteer, (dir / "daemon.log").string(),
      (dir / "reports").string());
  if (!o.store.empty()) {
    // A TOML basic string: the URL's backslashes and quotes escaped.
    std::string quoted;
    for (char ch : o.store) {
      if (ch == '\\' || ch == '"') quoted += '\\';
      quoted += ch;
    }
    c += fmt::format("[store]\nurl = \"{}\"\n", quoted);
  }
  for (const auto& ch : channels)
    c += fmt::format("[[channel]]\nid = \"{}\"\ntoken = \"{}\"\n", ch, token_for(ch));
  c += "[[operator]]\nname = \"demo\"\ntoken = \"demo-operator-token\"\n";
  return c;
}

std::string str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                  : std::string();
}

int fail(const Error& e) {
  fmt::print(stderr, "tiaojie demo: {}\n", e.to_string());
  return 1;
}

int run_demo(DemoOptions o) {
  o.resolve();
  const bool keep = o.keep || !o.dir.empty();
  auto dir = o.dir.empty() ? fs::temp_directory_path() / fmt::format("tiaojie-demo-{}", ::getpid())
                           : fs::absolute(o.dir).lexically_normal();
  std::error_code ec;
  if (!o.dir.empty() && fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    fmt::print(stderr, "tiaojie demo: {} exists and is not empty; give a new or empty folder\n",
               dir.string());
    return 2;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    fmt::print(stderr, "tiaojie demo: cannot create {}: {}\n", dir.string(), ec.message());
    return 2;
  }
  // The disputes are received in the last complete week by the daemon's clock (its Monday and
  // Tuesday), whatever the date: the report at the end is of that week, as `tiaojie report weekly`
  // gives by default, and its 新收 (new) counts every dispute submitted (report::weekly counts a
  // case in the week it was received, not the week it was registered).
  daemon::SystemClock clock;
  const auto week = report::last_complete_week(clock.now());
  auto disputes = demo_disputes(o.disputes, report::week_monday(week));
  std::vector<std::string> channels;
  for (const auto& d : disputes) {
    if (std::find(channels.begin(), channels.end(), d.channel) == channels.end())
      channels.push_back(d.channel);
  }
  // The workbench's HTTP port is the shipped 7412, as a real daemon's; another daemon (or demo)
  // holding it moves this one to a free port rather than failing.
  constexpr unsigned short k_http_port = 7412;
  if (auto r = write_demo_accounts(dir / "accounts.toml"); !r) return fail(r.error());
  std::ofstream(dir / "tiaojie.toml") << demo_config(dir, o, channels, k_http_port);
  auto config = daemon::load_config(dir / "tiaojie.toml");
  if (!config) return fail(config.error());
  if (auto r = daemon::init_logging(config->log); !r) return fail(r.error());
  auto server = daemon::Server::create(*config, clock);
  if (!server && server.error().where == fmt::format("127.0.0.1:{}", k_http_port)) {
    std::ofstream(dir / "tiaojie.toml") << demo_config(dir, o, channels, 0);
    config = daemon::load_config(dir / "tiaojie.toml");
    if (!config) return fail(config.error());
    server = daemon::Server::create(*config, clock);
  }
  if (!server) return fail(server.error());
  (*server)->start();
  unsigned short port = (*server)->port();
  fmt::print("tiaojie demo: daemon on 127.0.0.1:{} (data in {}), rules {}, graph {}\n", port,
             dir.string(), (*server)->rules_version(), (*server)->graph_version());
  fmt::print(
      "tiaojie demo: HTTP on http://127.0.0.1:{}/ (operations: /healthz, /readyz, /metrics)\n",
      (*server)->http_port());
  fmt::print("{}  ({})\n\n", demo_logins((*server)->http_port()),
             o.serve ? "the daemon keeps running after the report, until Ctrl-C"
                     : "while the demo runs; `tiaojie demo --serve` keeps it running until Ctrl-C");

  // An operator watches the event stream on its own connection.
  daemon::Client watcher;
  if (auto r = watcher.connect("127.0.0.1", port); !r) return fail(r.error());
  if (auto r = watcher.hello("demo-operator-token"); !r) return fail(r.error());
  if (auto r = watcher.call(
          {{"op", "subscribe"}, {"filter", {{"level", json::array{"street", "district"}}}}});
      !r) {
    return fail(r.error());
  }

  // Each channel submits its disputes on its own connection, pipelined.
  std::vector<json::object> acks;
  for (const auto& ch : channels) {
    daemon::Client c;
    if (auto r = c.connect("127.0.0.1", port); !r) return fail(r.error());
    if (auto r = c.hello(token_for(ch)); !r) return fail(r.error());
    std::size_t sent = 0;
    for (const auto& d : disputes) {
      if (d.channel != ch) continue;
      if (auto r = c.send_line(R"({"op":"submit","dispute":)" + d.json + "}"); !r)
        return fail(r.error());
      ++sent;
    }
    for (std::size_t i = 0; i < sent; ++i) {
      auto r = c.receive();
      if (!r) return fail(r.error());
      acks.push_back(std::move(*r));
    }
  }
  std::size_t refused =
      std::count_if(acks.begin(), acks.end(), [](const auto& a) { return a.at("ok") != true; });
  fmt::print(
      "submitted {} disputes over TCP from {} channels: {} acknowledged after commit, {} refused\n",
      disputes.size(), channels.size(), acks.size() - refused, refused);
  if (!acks.empty()) fmt::print("first acknowledgement: {}\n\n", json::serialize(acks.front()));

  // Idempotency: the hotline sends its first three disputes again.
  {
    daemon::Client c;
    (void)c.connect("127.0.0.1", port);
    (void)c.hello(token_for("hotline_12345"));
    int dup = 0, n = 0;
    for (const auto& d : disputes) {
      if (d.channel != "hotline_12345" || n == 3) continue;
      ++n;
      auto r = c.call(json::parse(R"({"op":"submit","dispute":)" + d.json + "}").as_object());
      if (r && r->contains("duplicate") && r->at("duplicate") == true) ++dup;
    }
    fmt::print(
        "resubmitted {} hotline disputes: {} answered with their original case (duplicate)\n", n,
        dup);
  }

  // Assignments per level and the busiest bodies.
  std::map<std::string, int> per_level, per_body, per_category;
  std::vector<std::int64_t> cases;
  // Deadlines as acknowledged: dated (provisional when counted across a year with no calendar
  // file), or waiting for the event the rule counts from.
  int dated = 0, provisional = 0;
  std::map<std::string, int> waiting;
  std::string provisional_reason;
  for (const auto& a : acks) {
    if (a.at("ok") != true) continue;
    if (a.contains("due") && a.at("due").is_string()) {
      ++dated;
      if (a.contains("due_provisional") && a.at("due_provisional") == true) {
        ++provisional;
        provisional_reason = str(a, "provisional_reason");
      }
    } else if (a.contains("due_waits_for")) {
      ++waiting[str(a, "due_waits_for")];
    }
  }
  fmt::print("\ndeadlines: {} dated, {} of them provisional", dated, provisional);
  for (const auto& [k, v] : waiting) fmt::print("; {} waiting for '{}'", v, k);
  fmt::print("\n");
  if (provisional > 0) fmt::print("  provisional: {}\n", provisional_reason);
  for (const auto& a : acks) {
    if (a.at("ok") != true) continue;
    ++per_level[str(a, "level")];
    ++per_body[str(a, "body")];
    ++per_category[str(a, "category")];
    cases.push_back(a.at("case").as_int64());
  }
  fmt::print("\nassignments by decided level:");
  for (const auto& [k, v] : per_level) fmt::print("  {} {}", k, v);
  fmt::print("\nassignments by category:    ");
  for (const auto& [k, v] : per_category) fmt::print("  {} {}", k, v);
  std::vector<std::pair<std::string, int>> bodies(per_body.begin(), per_body.end());
  std::sort(bodies.begin(), bodies.end(), [](auto& a, auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  fmt::print("\n\n{} bodies received cases; the twelve busiest:\n", bodies.size());
  for (std::size_t i = 0; i < bodies.size() && i < 12; ++i)
    fmt::print("  {:>4}  {}\n", bodies[i].second, bodies[i].first);

  // The lifecycle, as an operator: accept, resolve (some fail), withdraw, transfer, close.
  daemon::Client op;
  if (auto r = op.connect("127.0.0.1", port); !r) return fail(r.error());
  if (auto r = op.hello("demo-operator-token"); !r) return fail(r.error());
  std::map<std::string, int> done;
  auto run = [&](json::object req) {
    auto r = op.call(req);
    std::string key = str(req, "op") + (r && r->at("ok") == true ? "" : " (refused)");
    ++done[key];
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::int64_t c = cases[i];
    if (i % 3 == 0) run({{"op", "accept"}, {"case", c}});
    if (i % 6 == 0)
      run({{"op", "resolve"},
           {"case", c},
           {"outcome", "resolved"},
           {"agreement", "双方达成调解协议"}});
    if (i % 12 == 3)
      run({{"op", "resolve"},
           {"case", c},
           {"outcome", "failed"},
           {"next_route", "litigation"},
           {"reason", "调解不成"}});
    if (i % 12 == 0) run({{"op", "close"}, {"case", c}, {"note", "结案归档"}});
    if (i % 20 == 7) run({{"op", "withdraw"}, {"case", c}, {"reason", "当事人撤回"}});
  }
  fmt::print("\nlifecycle operations as operator 'demo':");
  for (const auto& [k, v] : done) fmt::print("  {} {}", k, v);
  fmt::print("\n");

  auto backlog = op.call({{"op", "backlog"}});
  if (!backlog) return fail(backlog.error());
  const auto& b = *backlog;
  fmt::print("\nbacklog as of {}: {} open cases, {} overdue\n  by level:", str(b, "as_of"),
             b.at("open").as_int64(), b.at("overdue").as_int64());
  for (const auto& [k, v] : b.at("levels").as_object())
    fmt::print("  {} {}", std::string_view(k), v.as_int64());
  std::vector<std::pair<std::int64_t, std::string>> open_rows;
  for (const auto& row : b.at("bodies").as_array()) {
    open_rows.emplace_back(row.at("open").as_int64(), std::string(row.at("body").as_string()));
  }
  std::sort(open_rows.rbegin(), open_rows.rend());
  fmt::print("\n  most open: ");
  for (std::size_t i = 0; i < open_rows.size() && i < 5; ++i)
    fmt::print(" {} ({})", open_rows[i].second, open_rows[i].first);
  auto stats = op.call({{"op", "stats"}});
  if (stats) {
    const auto& s = *stats;
    fmt::print(
        "\n\ndaemon: {} commits for {} changes (largest group commit {}), {} events pushed to the "
        "subscriber\n",
        s.at("commits").to_number<std::int64_t>(),
        s.at("committed_changes").to_number<std::int64_t>(),
        s.at("largest_batch").to_number<std::int64_t>(),
        s.at("events_published").to_number<std::int64_t>());
  }
  int events = 0;
  watcher.finish_sending();
  for (;;) {
    auto line = watcher.receive_line();
    if (!line) break;
    if (line->starts_with("{\"event\"")) ++events;
  }
  (*server)->stop();
  (*server)->wait();
  fmt::print("the subscriber (street and district cases) received {} events\n", events);

  // Presented as the shipped configuration's [reports] says (district, issuer), as `tiaojie
  // report`.
  const auto* shipped = o.defaults->config_if_any();
  auto rep =
      write_demo_report(daemon::store_location(*config), o.graph, dir / "reports", week,
                        clock.now(), shipped ? shipped->reports.options : config->reports.options);
  if (!rep) return fail(rep.error());
  fmt::print(
      "\nthe weekly backlog report for {}, the week the disputes were received in, from the store "
      "alone (the first screen of its Markdown):\n\n{}\n",
      report::format_iso_week(week), rep->first_screen);
  fmt::print("the whole report, in every format:");
  for (const auto& f : rep->files) fmt::print(" {}", f.string());
  fmt::print("{}\n", keep ? ""
                          : "\n  (deleted with the demo's folder: run `tiaojie demo --dir DIR` to "
                            "keep them there, e.g. the .html to open in a browser)");
  if (o.serve) {
    // The same folder and configuration, served until SIGINT/SIGTERM, as `tiaojie serve` would.
    auto again = daemon::Server::create(*config, clock);
    if (!again) return fail(again.error());
    (*again)->start(/*handle_signals=*/true);
    fmt::print("\n{}  (Ctrl-C stops it)\n", demo_logins((*again)->http_port()));
    std::fflush(stdout);
    (*again)->wait();
  }
  if (!keep) {
    fs::remove_all(dir, ec);
  } else {
    fmt::print("kept {} (tiaojie.toml, data/tiaojie.sqlite, daemon.log)\n", dir.string());
  }
  return refused == 0 ? 0 : 1;
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto opts = std::make_shared<DemoOptions>();
  auto* demo = app.add_subcommand(
      "demo", "Start a daemon on a temporary folder and run generated disputes through it");
  demo->add_option("--disputes", opts->disputes, "How many disputes to generate")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  demo->add_option("--rules", opts->rules, "Rules folder " + ConfigDefaults::help_default("rules"));
  demo->add_option("--graph", opts->graph,
                   "Body graph folder " + ConfigDefaults::help_default("graph"));
  demo->add_option(
      "--dir", opts->dir,
      "Run in this new (or empty) folder and keep it: config, data/tiaojie.sqlite, daemon.log, "
      "reports/ (default: a temporary folder, deleted at the end)");
  demo->add_option("--store", opts->store,
                   "The store the demo's daemon writes, as a [store] url: e.g. "
                   "postgresql://USER@HOST/DATABASE (default: data/tiaojie.sqlite in its folder)");
  demo->add_flag("--keep", opts->keep, "Keep the temporary folder");
  demo->add_flag("--serve", opts->serve,
                 "After the report, keep the daemon and its workbench running until Ctrl-C");
  // The calendar, formats and gazetteer come from the same configuration: the one in the current
  // folder, /etc/tiaojie, or (a clone's build tree) the clone's config beside the binary.
  opts->defaults = ConfigDefaults::add_option(demo, /*for_demo=*/true);
  demo->callback([opts] { throw CliExit{run_demo(*opts)}; });
}

}  // namespace tiaojie::cli

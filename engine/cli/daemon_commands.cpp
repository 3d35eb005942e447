// `tiaojie serve`, `tiaojie submit` and `tiaojie demo`: the daemon and its two clients.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "cli/token_source.hpp"
#include "daemon/client.hpp"
#include "daemon/config.hpp"
#include "daemon/internal/snapshots.hpp"
#include "daemon/log.hpp"
#include "daemon/protocol.hpp"
#include "daemon/server.hpp"
#include "model/dispute_json.hpp"
#include "model/utf8.hpp"

namespace tiaojie::cli {
namespace json = boost::json;

namespace {

struct ServeOptions {
  std::string config;
  bool check_only = false;
  int port = -1;
  int http_port = -1;
  std::string data_dir;
};

int run_serve(ServeOptions o) {
  if (o.config.empty()) {
    auto found = find_config();
    if (!found) {
      std::vector<std::string> names;
      for (const auto& p : config_candidates()) names.push_back(p.string());
      fmt::print(stderr,
                 "tiaojie serve: no configuration found (looked for {}); give --config FILE\n",
                 fmt::join(names, ", "));
      return 2;
    }
    o.config = found->string();
  }
  auto config = daemon::load_config(o.config);
  if (!config) {
    fmt::print(stderr, "{}\n", config.error().to_string());
    return 1;
  }
  if (o.port >= 0) config->port = static_cast<unsigned short>(o.port);
  if (o.http_port >= 0) config->http.port = static_cast<unsigned short>(o.http_port);
  if (!o.data_dir.empty()) config->data_dir = o.data_dir;
  if (o.check_only) {
    auto built = daemon::internal::build_snapshots(*config);
    for (const auto& w : built.warnings) fmt::print(stderr, "{}\n", w);
    for (const auto& e : built.errors) fmt::print(stderr, "{}: error: {}\n", e.where, e.message);
    if (!built.snapshots) return 1;
    fmt::print("{}: ok (rules {}, graph {}, {} channels, {} operators)\n", o.config,
               built.snapshots->rules->version(), built.snapshots->graph->version(),
               config->channels.size(), config->operators.size());
    return 0;
  }
  if (auto r = daemon::init_logging(config->log); !r) {
    fmt::print(stderr, "{}\n", r.error().to_string());
    return 1;
  }
  daemon::SystemClock clock;
  auto server = daemon::Server::create(std::move(*config), clock);
  if (!server) {
    fmt::print(stderr, "tiaojie serve: {}\n", server.error().to_string());
    return 1;
  }
  (*server)->start(/*handle_signals=*/true);
  (*server)->wait();
  return 0;
}

struct SubmitOptions {
  std::string host = "127.0.0.1";
  int port = 7411;
  TokenOptions token;
  std::string format = "native";
  std::size_t window = 128;
  std::string input;
};

// Two kinds of record must not go on the wire: one longer than the daemon's line limit (it would
// close the connection, losing the answers in flight) and one that is not UTF-8 (its request line
// would not be JSON, so the answer could not say which field is wrong). For such a canonical
// dispute, the dispute parser's own error when it has one (a description over its limit, a field
// that is not UTF-8); else the reason itself.
std::optional<Error> unsendable(std::string_view line, std::size_t request_bytes,
                                std::size_t max_line_bytes, bool canonical) {
  std::optional<Error> reason;
  if (request_bytes + 1 > max_line_bytes) {
    reason = resource_exhausted(
        fmt::format("the request would be {} bytes; the daemon accepts lines of at most {} bytes",
                    request_bytes + 1, max_line_bytes),
        canonical ? "dispute" : "record");
  } else if (auto bad = first_invalid_utf8(line); bad != line.size()) {
    reason = invalid_input(fmt::format("is not valid UTF-8 (bad byte at offset {})", bad),
                           canonical ? "dispute" : "record");
  }
  if (reason && canonical) {
    if (auto d = parse_dispute(line); !d) {
      Error e = d.error();
      e.where = daemon::dispute_where(e.where);
      return e;
    }
  }
  return reason;
}

int run_submit(SubmitOptions o) {
  auto token = resolve_token(o.token);
  if (!token) {
    fmt::print(stderr, "tiaojie submit: {}\n", token.error().to_string());
    return 2;
  }
  if (token->empty()) {
    fmt::print(stderr, "tiaojie submit: give --token-file FILE or --token, or set TIAOJIE_TOKEN\n");
    return 2;
  }
  std::ifstream file;
  std::istream* in = &std::cin;
  if (o.input != "-") {
    file.open(o.input, std::ios::binary);
    if (!file) {
      fmt::print(stderr, "tiaojie submit: cannot open {}\n", o.input);
      return 2;
    }
    in = &file;
  }
  daemon::Client client;
  if (auto r = client.connect(o.host, static_cast<unsigned short>(o.port)); !r) {
    fmt::print(stderr, "tiaojie submit: {}\n", r.error().to_string());
    return 2;
  }
  auto hello = client.hello(*token);
  if (!hello) {
    fmt::print(stderr, "tiaojie submit: {}\n", hello.error().to_string());
    return 2;
  }
  // A request longer than the daemon's line limit would make it close the connection (framing
  // abuse), losing every answer still in flight: such a record is refused here instead.
  std::size_t max_line_bytes = 64 * 1024;
  if (auto m = hello->find("max_line_bytes"); m != hello->end() && m->value().is_number()) {
    max_line_bytes = m->value().to_number<std::size_t>();
  }
  std::size_t sent = 0, received = 0, failed = 0, duplicates = 0;
  auto receive_one = [&]() -> bool {
    auto line = client.receive_line();
    if (!line) {
      fmt::print(stderr, "tiaojie submit: {}\n", line.error().to_string());
      return false;
    }
    ++received;
    boost::system::error_code ec;
    auto v = json::parse(*line, ec);
    if (ec || !v.is_object() || v.as_object().at("ok") != true) {
      ++failed;
    } else if (auto d = v.as_object().find("duplicate");
               d != v.as_object().end() && d->value() == true) {
      ++duplicates;
    }
    std::fwrite(line->data(), 1, line->size(), stdout);
    std::fputc('\n', stdout);
    return true;
  };
  std::string line;
  for (std::int64_t line_no = 1; std::getline(*in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    // Each line goes as text: the daemon parses it, so that a broken line gets its precise error.
    const bool canonical = o.format == "native";
    json::object req{{"id", line_no}, {"op", "submit"}, {"dispute", line}};
    std::optional<Error> refused;
    if (!canonical) {
      // A channel's native record (docs/adapters.md): the daemon maps it with its format file.
      boost::system::error_code ec;
      auto record = json::parse(line, ec);
      if (ec || !record.is_object()) {
        refused =
            invalid_input("a native record must be a JSON object", fmt::format("line {}", line_no));
      } else {
        req = {
            {"id", line_no}, {"op", "submit"}, {"format", o.format}, {"record", std::move(record)}};
      }
    }
    std::string request = json::serialize(req);
    if (!refused) refused = unsendable(line, request.size(), max_line_bytes, canonical);
    if (refused) {
      // Refused here, answered here; answers stay in input order: those in flight come first.
      while (received < sent) {
        if (!receive_one()) return 2;
      }
      fmt::print("{}", daemon::error_response(daemon::RequestId(static_cast<std::int64_t>(line_no)),
                                              *refused));
      ++sent, ++received, ++failed;
      continue;
    }
    if (auto r = client.send_line(request); !r) {
      fmt::print(stderr, "tiaojie submit: {}\n", r.error().to_string());
      return 2;
    }
    ++sent;
    if (sent - received >= o.window && !receive_one()) return 2;
  }
  while (received < sent) {
    if (!receive_one()) return 2;
  }
  std::fflush(stdout);
  fmt::print(stderr, "submitted {}: {} acknowledged ({} duplicates), {} failed\n", sent,
             sent - failed, duplicates, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace

void add_daemon_commands(CLI::App& app) {
  auto serve_opts = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand(
      "serve", "Run the daemon: TCP intake, acknowledgements, timers, hot reload");
  {
    std::vector<std::string> names;
    for (const auto& p : config_candidates()) names.push_back(p.string());
    auto found = find_config();
    serve->add_option("--config", serve_opts->config,
                      fmt::format("Configuration file (default: the first of {}; now {})",
                                  fmt::join(names, ", "), found ? found->string() : "none found"));
  }
  serve->add_flag("--check-config", serve_opts->check_only,
                  "Validate the configuration, rules and body graph, then exit");
  serve->add_option("--port", serve_opts->port, "Override the configured port (0: any free port)");
  serve
      ->add_option("--http-port", serve_opts->http_port,
                   "Override the configured HTTP port ([http] listen; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--data-dir", serve_opts->data_dir, "Override the configured data folder");
  serve->callback([serve_opts] { throw CliExit{run_serve(*serve_opts)}; });

  auto submit_opts = std::make_shared<SubmitOptions>();
  auto* submit = app.add_subcommand(
      "submit", "Send disputes (NDJSON) to a daemon; prints one acknowledgement per line");
  submit->add_option("--host", submit_opts->host, "Daemon address")->capture_default_str();
  submit->add_option("--port", submit_opts->port, "Daemon port")->capture_default_str();
  add_token_options(submit, submit_opts->token, "required");
  submit
      ->add_option("--format", submit_opts->format,
                   "Input format: native (canonical disputes) or a channel format id "
                   "(config/formats), e.g. hotline_12345")
      ->capture_default_str();
  submit->add_option("--window", submit_opts->window, "Requests in flight")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  submit->add_option("input", submit_opts->input, "NDJSON file, or - for standard input")
      ->required();
  submit->callback([submit_opts] { throw CliExit{run_submit(*submit_opts)}; });

  add_demo_command(app);
  add_client_command(app);
}

}  // namespace tiaojie::cli

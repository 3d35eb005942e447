// `tiaojie client`: the wire protocol by hand (docs/protocol.md), in place of `nc`, which a fresh
// Debian does not have. Each line read from standard input goes to the daemon as it is; each line
// the daemon sends (responses, and events on a subscribed connection) is printed as it arrives.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/token_source.hpp"
#include "daemon/client.hpp"

namespace tiaojie::cli {
namespace json = boost::json;

namespace {

struct ClientOptions {
  std::string host = "127.0.0.1";
  int port = 7411;
  TokenOptions token;
};

int run_client(const ClientOptions& o) {
  auto token = resolve_token(o.token);
  if (!token) {
    fmt::print(stderr, "tiaojie client: {}\n", token.error().to_string());
    return 2;
  }
  daemon::Client client;
  if (auto r = client.connect(o.host, static_cast<unsigned short>(o.port)); !r) {
    fmt::print(stderr, "tiaojie client: {}\n", r.error().to_string());
    return 2;
  }
  if (!token->empty()) {
    auto hello = client.hello(*token);
    if (!hello) {
      fmt::print(stderr, "tiaojie client: hello refused: {}\n", hello.error().to_string());
      return 2;
    }
    fmt::print(stderr, "connected to {}:{}: {}\n", o.host, o.port, json::serialize(*hello));
  }
  // The daemon's lines are printed by a thread of their own, so that events of a subscription show
  // while standard input is quiet. This thread only receives and the main one only sends: the
  // Client keeps separate buffers for the two and makes blocking socket calls, which the OS allows
  // from two threads at once (it is not otherwise shared). It ends when the daemon closes, which it
  // does after answering everything once we stop sending.
  bool any_refused = false;
  std::thread printer([&] {
    for (;;) {
      auto line = client.receive_line();
      if (!line) break;
      if (line->find("\"ok\":false") != std::string::npos) any_refused = true;
      std::fwrite(line->data(), 1, line->size(), stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);
    }
  });
  std::string line;
  bool lost = false;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (auto r = client.send_line(line); !r) {
      fmt::print(stderr, "tiaojie client: {}\n", r.error().to_string());
      lost = true;
      break;
    }
  }
  client.finish_sending();
  printer.join();
  if (lost) return 2;
  return any_refused ? 1 : 0;
}

}  // namespace

void add_client_command(CLI::App& app) {
  auto o = std::make_shared<ClientOptions>();
  auto* client = app.add_subcommand("client",
                                    "Talk to a daemon line by line: each stdin line is a request, "
                                    "each reply and event is printed");
  client->add_option("--host", o->host, "Daemon address")->capture_default_str();
  client->add_option("--port", o->port, "Daemon port")->capture_default_str();
  add_token_options(
      client, o->token,
      "sent in a hello before the first line (none: the first line should be the hello)");
  client->footer(
      "Exit status: 0 when every reply was ok, 1 when one was {\"ok\":false,…}, 2 when the daemon "
      "could not be "
      "reached or refused the token.\nExample:\n  echo '{\"op\":\"backlog\"}' | tiaojie client "
      "--token-file ~/.tiaojie-token");
  client->callback([o] { throw CliExit{run_client(*o)}; });
}

}  // namespace tiaojie::cli

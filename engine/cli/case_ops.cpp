// `tiaojie case accept|transfer|resolve|withdraw|close|feedback N`: the daemon's lifecycle
// operations (docs/protocol.md) for staff who do not write JSON. The operator token comes from a
// file or the environment only: a token on the command line would show in `ps` to every user of the
// machine.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "cli/case_commands.hpp"
#include "cli/case_text.hpp"
#include "cli/commands.hpp"
#include "cli/token_source.hpp"
#include "daemon/client.hpp"

namespace tiaojie::cli {
namespace json = boost::json;
namespace {

struct OpArgs {
  std::string op;
  std::string host = "127.0.0.1";
  int port = 7411;
  TokenOptions token;
  std::int64_t id = 0;
  bool json = false;
  json::object fields;  // the operation's own fields, filled by the subcommand's callback
};

[[noreturn]] void op_fail(const OpArgs& a, const std::string& message, int status) {
  fail_command("tiaojie case " + a.op, message, status);
}

std::string string_of(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : "";
}

void run_op(OpArgs& a) {
  auto token = resolve_token(a.token);
  if (!token) op_fail(a, token.error().to_string(), 2);
  if (token->empty()) {
    op_fail(a,
            "no operator token: give --token-file FILE, or set TIAOJIE_TOKEN or TIAOJIE_TOKEN_FILE",
            2);
  }
  daemon::Client client;
  if (auto r = client.connect(a.host, static_cast<unsigned short>(a.port)); !r) {
    op_fail(a, fmt::format("{}:{}: {}", a.host, a.port, r.error().to_string()), 2);
  }
  if (auto hello = client.hello(*token); !hello) {
    op_fail(a, "hello refused: " + hello.error().to_string(), 2);
  }
  json::object request{{"op", a.op}, {"case", a.id}};
  for (const auto& [k, v] : a.fields) request[k] = v;
  auto answer = client.call(request);
  if (!answer) op_fail(a, answer.error().to_string(), 2);
  if (a.json) fmt::print("{}\n", json::serialize(*answer));
  if (auto ok = answer->find("ok"); ok == answer->end() || ok->value() != true) {
    op_fail(a, daemon::error_from_response(*answer).to_string(), 1);
  }
  if (a.json) return;
  const std::string status = string_of(*answer, "status");
  auto parsed = lifecycle::parse_status(status);
  std::string line = fmt::format("case {}: {}", a.id, parsed ? status_label(*parsed) : status);
  if (auto body = string_of(*answer, "body"); !body.empty()) line += ", body " + body;
  if (auto due = string_of(*answer, "due"); !due.empty()) {
    line += ", due " + due;
    if (auto p = answer->find("due_provisional"); p != answer->end() && p->value() == true) {
      line += " (provisional: " + string_of(*answer, "provisional_reason") + ")";
    }
  } else if (auto waits = string_of(*answer, "due_waits_for"); !waits.empty()) {
    line += ", no due date until " + waits;
  }
  if (auto rating = lifecycle::parse_satisfaction(string_of(*answer, "feedback")))
    line += fmt::format(", feedback {} recorded", lifecycle::chinese_label(*rating));
  fmt::print("{}\n", line);
}

// One subcommand: the shared options, then `extra` adds its own and `fill` turns them into the
// request's fields.
template <class Extra, class Fill>
void add_op(CLI::App* case_cmd, const std::string& op, const std::string& help, Extra extra,
            Fill fill) {
  auto a = std::make_shared<OpArgs>();
  a->op = op;
  auto* cmd = case_cmd->add_subcommand(op, help);
  cmd->add_option("CASE", a->id, "case id")->required();
  cmd->add_option("--host", a->host, "daemon address")->capture_default_str();
  cmd->add_option("--port", a->port, "daemon port")->capture_default_str();
  add_token_file_option(cmd, a->token);
  cmd->add_flag("--json", a->json, "print the daemon's answer as it came");
  extra(cmd);
  cmd->footer(
      "Exit status: 0 done, 1 the daemon refused (its message is printed: no such case, a "
      "transition the case's state does not allow …), 2 usage error, no token, or the daemon "
      "could not be reached or refused the token.");
  cmd->callback([a, fill] {
    fill(a->fields);
    run_op(*a);
  });
}

void put_if(json::object& o, std::string_view key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}

}  // namespace

void add_case_ops(CLI::App* case_cmd) {
  add_op(
      case_cmd, "accept", "The assigned body accepts the case (受理): the daemon records it",
      [](CLI::App*) {}, [](json::object&) {});

  auto transfer = std::make_shared<std::pair<std::string, std::string>>();
  add_op(
      case_cmd, "transfer", "Move the case to another body (移交), keeping its id",
      [transfer](CLI::App* cmd) {
        cmd->add_option("--to", transfer->first, "the receiving body's id")->required();
        cmd->add_option("--reason", transfer->second, "why (recorded in the case's history)");
      },
      [transfer](json::object& f) {
        f["body"] = transfer->first;
        put_if(f, "reason", transfer->second);
      });

  struct Resolve {
    std::string outcome, agreement, next_route, reason;
    bool judicial = false;
  };
  auto resolve = std::make_shared<Resolve>();
  add_op(
      case_cmd, "resolve", "Mediation ended: resolved (调解成功) or failed (调解不成)",
      [resolve](CLI::App* cmd) {
        cmd->add_option("--outcome", resolve->outcome, "resolved or failed")
            ->required()
            ->check(CLI::IsMember({"resolved", "failed"}));
        cmd->add_option("--agreement", resolve->agreement, "resolved: the agreement's summary");
        cmd->add_flag("--judicial-confirmation", resolve->judicial,
                      "resolved: judicial confirmation (司法确认) applied for or granted");
        cmd->add_option("--next-route", resolve->next_route,
                        "failed: arbitration, litigation (default) or administrative")
            ->check(CLI::IsMember({"arbitration", "litigation", "administrative"}));
        cmd->add_option("--reason", resolve->reason, "failed: why");
      },
      [resolve](json::object& f) {
        f["outcome"] = resolve->outcome;
        put_if(f, "agreement", resolve->agreement);
        if (resolve->judicial) f["judicial_confirmation"] = true;
        put_if(f, "next_route", resolve->next_route);
        put_if(f, "reason", resolve->reason);
      });

  auto withdraw = std::make_shared<std::string>();
  add_op(
      case_cmd, "withdraw", "The claimant withdrew (撤回)",
      [withdraw](CLI::App* cmd) { cmd->add_option("--reason", *withdraw, "why"); },
      [withdraw](json::object& f) { put_if(f, "reason", *withdraw); });

  auto close = std::make_shared<std::string>();
  add_op(
      case_cmd, "close", "File a resolved, failed or withdrawn case (结案)",
      [close](CLI::App* cmd) { cmd->add_option("--note", *close, "a filing note"); },
      [close](json::object& f) { put_if(f, "note", *close); });

  struct Feedback {
    std::string rating, channel = "phone", comment;
  };
  auto feedback = std::make_shared<Feedback>();
  add_op(
      case_cmd, "feedback",
      "Record the party's satisfaction with a resolved case (回访满意度): 满意, 基本满意 or 不满意",
      [feedback](CLI::App* cmd) {
        cmd->add_option("--rating", feedback->rating,
                        "满意, 基本满意 or 不满意 (satisfied, basically_satisfied, dissatisfied)")
            ->required()
            ->check(CLI::IsMember({"满意", "基本满意", "不满意", "satisfied", "basically_satisfied",
                                   "dissatisfied"}));
        cmd->add_option("--channel", feedback->channel,
                        "how it came in: phone, sms, visit, hotline_12345 …")
            ->capture_default_str();
        cmd->add_option("--comment", feedback->comment, "what the party said");
      },
      [feedback](json::object& f) {
        f["rating"] = feedback->rating;
        f["channel"] = feedback->channel;
        put_if(f, "comment", feedback->comment);
      });
}

}  // namespace tiaojie::cli

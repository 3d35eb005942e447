#include "daemon/protocol.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include "model/json_text.hpp"

namespace tiaojie::daemon {
namespace json = boost::json;

namespace {
constexpr std::array<std::string_view, 17> k_op_names{
    "hello",           "submit",  "accept",  "transfer",  "resolve", "withdraw",
    "close",           "get",     "backlog", "subscribe", "stats",   "reload",
    "start_mediation", "suspend", "resume",  "extend",    "feedback"};
}  // namespace

std::string_view to_string(Op op) { return k_op_names[static_cast<std::size_t>(op)]; }

std::optional<Op> parse_op(std::string_view text) {
  for (std::size_t i = 0; i < k_op_names.size(); ++i) {
    if (k_op_names[i] == text) return static_cast<Op>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> op_names() { return k_op_names; }

Result<Request> parse_request(std::string_view line, std::optional<RequestId>* id_out) {
  json::parse_options options;
  options.max_depth = 32;  // a request is shallow; deep nesting is abuse
  json::parser p({}, options);
  boost::system::error_code ec;
  std::size_t used = p.write(line.data(), line.size(), ec);
  if (ec) {
    return std::unexpected(invalid_input(fmt::format("not a JSON object: {}", ec.message()),
                                         fmt::format("byte {}", used)));
  }
  json::value v = p.release();
  if (!v.is_object()) return std::unexpected(invalid_input("a request must be a JSON object"));
  // Boost.JSON kept the last of any repeated key: such a request is refused, and when the repeated
  // key is the id there is no telling which to echo.
  auto unique = check_unique_keys(line, v);
  if (!unique && unique.error().where == "id") return std::unexpected(unique.error());
  Request r;
  r.body = std::move(v.as_object());
  if (auto it = r.body.find("id"); it != r.body.end()) {
    const auto& id = it->value();
    // An integer outside 64 bits, a fraction or an exponent parses as a double: not echoable
    // exactly by every client, so refused (without an id in the answer).
    if (!id.is_string() && !id.is_int64() && !id.is_uint64()) {
      return std::unexpected(invalid_input(
          "must be a string or an integer from -9223372036854775808 to 18446744073709551615",
          "id"));
    }
    auto text = top_level_member_text(line, "id");
    r.id = RequestId::from_json_text(text ? std::string(*text) : json::serialize(id));
    if (id_out) *id_out = r.id;
  }
  if (!unique) return std::unexpected(unique.error());
  auto op = r.body.find("op");
  if (op == r.body.end()) return std::unexpected(invalid_input("is required", "op"));
  if (!op->value().is_string()) return std::unexpected(invalid_input("must be a string", "op"));
  auto parsed = parse_op(op->value().as_string());
  if (!parsed) {
    std::string known;
    for (auto n : k_op_names) known += (known.empty() ? "" : ", ") + std::string(n);
    return std::unexpected(
        invalid_input(fmt::format("unknown operation '{}' (one of {})",
                                  std::string_view(op->value().as_string()), known),
                      "op"));
  }
  r.op = *parsed;
  return r;
}

json::object error_json(const Error& error) {
  json::object e;
  e["code"] = to_string(error.code);
  e["message"] = error.message;
  if (!error.where.empty()) e["where"] = error.where;
  return e;
}

namespace {
// The object's text, with {"id":<the request's id text>, in front when there is one.
// REQUIRES: `o` is not empty (it holds "ok").
std::string finish(const std::optional<RequestId>& id, const json::object& o) {
  std::string body = json::serialize(o);
  if (!id) {
    body.push_back('\n');
    return body;
  }
  std::string s;
  s.reserve(body.size() + id->json_text().size() + 8);
  s += R"({"id":)";
  s += id->json_text();
  s += ',';
  s.append(body, 1);
  s.push_back('\n');
  return s;
}
}  // namespace

std::string ok_response(const std::optional<RequestId>& id, json::object fields) {
  // In the fields' own memory resource, so that their values move rather than copy (a submit's
  // acknowledgement is built in an arena on the stack: reply_line for SubmitAck).
  json::object o(fields.storage());
  o.reserve(fields.size() + 1);
  o["ok"] = true;
  for (auto& kv : fields) o[kv.key()] = std::move(kv.value());
  return finish(id, o);
}

std::string error_response(const std::optional<RequestId>& id, const Error& error,
                           json::object more) {
  json::object o;
  o.reserve(more.size() + 2);
  o["ok"] = false;
  o["error"] = error_json(error);
  for (auto& kv : more) o[kv.key()] = std::move(kv.value());
  return finish(id, o);
}

std::string event_line(const json::object& event) {
  json::object o;
  o["event"] = event;
  return finish(std::nullopt, o);
}

std::string dispute_where(std::string_view parser_where) {
  if (parser_where.empty()) return "dispute";
  if (parser_where.starts_with("byte ")) return "dispute at " + std::string(parser_where);
  return "dispute." + std::string(parser_where);
}

}  // namespace tiaojie::daemon

// The daemon's request envelope, one line at a time as a connection's session handles it
// (session.cpp handle_line): parse_request, then the reply the daemon would write before any
// engine work: the error response, or for `submit` the canonical dispute parsed from the request
// (dispatcher.cpp handle_submit: an object, or a string holding one). Sockets and the engine are
// left out; what reaches them is a Request that parsed.
// Properties: every reply is one line holding one JSON object, and an id is echoed byte for byte.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "daemon/protocol.hpp"
#include "fuzz/fuzz_support.hpp"
#include "model/dispute_json.hpp"

namespace {

using namespace tiaojie;
using namespace tiaojie::daemon;

// What handle_submit answers before the engine: the dispute's error, or a stand-in for the
// engine's acknowledgement.
std::string submit_reply(const Request& r) {
  static const DisputeSchema schema{.limits = {}, .channels = {"hotline_12345", "walk_in"}};
  auto it = r.body.find("dispute");
  if (it == r.body.end()) return error_response(r.id, invalid_input("is required", "dispute"));
  Result<Dispute> d = std::unexpected(Error{});
  std::string text;
  if (it->value().is_object()) {
    d = dispute_from_json(it->value(), schema, "dispute.");
    if (d) text = boost::json::serialize(it->value());
  } else if (it->value().is_string()) {
    text = std::string(it->value().as_string());
    d = parse_dispute(text, schema);
    if (!d) d.error().where = dispute_where(d.error().where);
  } else {
    d = std::unexpected(invalid_input("must be an object", "dispute"));
  }
  if (!d) return error_response(r.id, d.error());
  return ok_response(r.id, {{"case", 1}, {"external_id", d->external_id}});
}

void check_reply(const std::string& reply, const std::optional<RequestId>& id) {
  fuzz::require(!reply.empty() && reply.back() == '\n', "a reply ends with its newline");
  std::string_view body(reply.data(), reply.size() - 1);
  fuzz::require(body.find('\n') == std::string_view::npos, "a reply is one line");
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  fuzz::require(!ec && v.is_object(), "a reply is a JSON object");
  if (id) {
    fuzz::require(body.starts_with("{\"id\":" + id->json_text() + ","),
                  "the id is echoed byte for byte");
  }
}

void handle_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // keep-alive
  std::optional<RequestId> id;
  auto request = parse_request(line, &id);
  std::string reply;
  if (!request) {
    reply = error_response(id, request.error());
  } else {
    fuzz::require(id.has_value() == request->id.has_value(), "the id is returned when parsed");
    id = request->id;
    reply = request->op == Op::submit
                ? submit_reply(*request)
                : ok_response(request->id, {{"op", std::string(to_string(request->op))}});
  }
  check_reply(reply, id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A connection's bytes: lines split at '\n' as the session reads them.
  std::string_view input = tiaojie::fuzz::as_text(data, size);
  while (!input.empty()) {
    std::size_t nl = input.find('\n');
    handle_line(input.substr(0, nl));
    if (nl == std::string_view::npos) break;
    input.remove_prefix(nl + 1);
  }
  return 0;
}

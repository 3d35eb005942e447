// The wire protocol (docs/protocol.md; design.md §8): one JSON object per line, UTF-8.
//
// A request is {"op": "...", "id": <any JSON value, optional>, ...operation fields}. A response
// echoes the request's "id" (when given) and carries "ok": true plus the operation's fields, or
// "ok": false and {"error": {"code", "message", "where"?}}. Events pushed to subscribers are
// {"event": {...}} lines with no "id" and no "ok".
// Thread-safety: pure functions over values.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie::daemon {

// Every operation of the protocol. Closed set: an unknown "op" is an error.
enum class Op {
  hello,            // authenticate with a channel or operator token
  submit,           // a dispute (channel or operator)
  accept,           // lifecycle: the assigned body accepts the case (operator)
  transfer,         // lifecycle: move the case to another body (operator)
  resolve,          // lifecycle: mediation ended, "outcome": "resolved" | "failed" (operator)
  withdraw,         // lifecycle: the claimant withdrew (operator)
  close,            // lifecycle: file the case (operator)
  get,              // one case with its events (operator; a channel for its own cases)
  backlog,          // open cases per body and level (operator)
  subscribe,        // start the event stream, filtered by body, level, category (operator)
  stats,            // counters of this daemon (any authenticated connection)
  reload,           // rebuild rules and graph from disk and swap them in (operator)
  start_mediation,  // lifecycle: the body starts mediating an accepted case (operator)
  suspend,          // deadline: stop the clock, "reason" (e.g. 鉴定 appraisal) (operator)
  resume,           // deadline: run it again; the due date moves by the suspended time (operator)
  extend,  // deadline: "days" more, "reason", within what the rule allows (operator approves)
};

[[nodiscard]] std::string_view to_string(Op op);
[[nodiscard]] std::optional<Op> parse_op(std::string_view text);
[[nodiscard]] std::span<const std::string_view> op_names();

// One parsed request line.
struct Request {
  Op op = Op::hello;
  std::optional<boost::json::value> id;  // echoed back verbatim
  boost::json::object body;              // the whole request object (fields read by the handler)
};

// Parses one line (without its newline).
// Errors (invalid_input): not JSON ("where" = "byte N"), not an object, "op" missing or not a
// string, an unknown "op". The id, when the line was an object with one, is still returned through
// `id_out` so that even an error response can echo it.
[[nodiscard]] Result<Request> parse_request(std::string_view line,
                                            std::optional<boost::json::value>* id_out = nullptr);

// {"id":…, "ok":true, …fields}\n — fields are moved in after id and ok, in their order.
[[nodiscard]] std::string ok_response(const std::optional<boost::json::value>& id,
                                      boost::json::object fields = {});

// {"id":…, "ok":false, "error":{"code","message","where"?}}\n
[[nodiscard]] std::string error_response(const std::optional<boost::json::value>& id,
                                         const Error& error);

// {"event": …}\n
[[nodiscard]] std::string event_line(const boost::json::object& event);

// Where a dispute parser error (parse_dispute's "where": a field path, "byte N" or empty) points
// inside a submit request: "dispute.parties", "dispute at byte 47", "dispute".
[[nodiscard]] std::string dispute_where(std::string_view parser_where);

// The error object alone, for embedding (reload returns several).
[[nodiscard]] boost::json::object error_json(const Error& error);

}  // namespace tiaojie::daemon

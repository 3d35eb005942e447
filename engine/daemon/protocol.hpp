// The wire protocol (docs/protocol.md; design.md §8): one JSON object per line, UTF-8.
//
// A request is {"op": "...", "id": <a string or a 64-bit integer, optional>, ...operation fields}.
// A response echoes the request's "id" byte for byte (when given) and carries "ok": true plus the
// operation's fields, or "ok": false and {"error": {"code", "message", "where"?}}. Events pushed to
// subscribers are
// {"event": {...}} lines with no "id" and no "ok".
// The envelope only: an operation's fields are read into a typed command by command_parse.hpp,
// and the engine's typed results are rendered by replies.hpp.
// Thread-safety: pure functions over values.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
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
  extend,    // deadline: "days" more, "reason", within what the rule allows (operator approves)
  feedback,  // satisfaction after resolution: "rating", "channel", "comment" (operator)
};

[[nodiscard]] std::string_view to_string(Op op);
[[nodiscard]] std::optional<Op> parse_op(std::string_view text);
[[nodiscard]] std::span<const std::string_view> op_names();

// A request's "id" as it arrived: the JSON text of a string or of an integer from -2^63 to
// 2^64 - 1, kept as text so that the response echoes it byte for byte (a parsed and re-serialized
// id would turn 18446744073709551617 into 1.8446744073709552E19 and "\u0041" into "A").
class RequestId {
 public:
  // REQUIRES: `json` is one JSON string or integer token (parse_request checks it).
  [[nodiscard]] static RequestId from_json_text(std::string json) {
    RequestId id;
    id.json_ = std::move(json);
    return id;
  }
  explicit RequestId(std::int64_t n) : json_(std::to_string(n)) {}
  [[nodiscard]] const std::string& json_text() const { return json_; }

 private:
  RequestId() = default;
  std::string json_;
};

// One parsed request line.
struct Request {
  Op op = Op::hello;
  std::optional<RequestId> id;  // echoed back byte for byte
  boost::json::object body;     // the whole request object (read by parse_command)
};

// Parses one line (without its newline).
// Errors (invalid_input): not JSON ("where" = "byte N"), not an object, a key repeated in any of
// its objects ("where" = the key's path), an "id" that is neither a string nor an integer from
// -2^63 to 2^64 - 1 ("where" = "id"), "op" missing or not a string, an unknown "op". The id, when
// the line was an object with a valid one (not repeated), is still returned through `id_out` so
// that even an error response can echo it.
[[nodiscard]] Result<Request> parse_request(std::string_view line,
                                            std::optional<RequestId>* id_out = nullptr);

// {"id":…, "ok":true, …fields}\n — fields are moved in after id and ok, in their order.
[[nodiscard]] std::string ok_response(const std::optional<RequestId>& id,
                                      boost::json::object fields = {});

// {"id":…, "ok":false, "error":{"code","message","where"?}, …more}\n
[[nodiscard]] std::string error_response(const std::optional<RequestId>& id, const Error& error,
                                         boost::json::object more = {});

// {"event": …}\n
[[nodiscard]] std::string event_line(const boost::json::object& event);

// Where a dispute parser error (parse_dispute's "where": a field path, "byte N" or empty) points
// inside a submit request: "dispute.parties", "dispute at byte 47", "dispute".
[[nodiscard]] std::string dispute_where(std::string_view parser_where);

// The error object alone, for embedding (reload returns several).
[[nodiscard]] boost::json::object error_json(const Error& error);

}  // namespace tiaojie::daemon

// The NDJSON protocol's rendering of the engine's typed results (results.hpp): the fields of each
// answer in the order docs/protocol.md shows and tests/daemon/golden/protocol.txt pins, and the
// reply lines around them (protocol.hpp's ok_response / error_response). The HTTP JSON API may
// serve the same objects.
// Thread-safety: pure functions over values.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "daemon/protocol.hpp"
#include "daemon/results.hpp"

namespace tiaojie::daemon {

// The answer's fields, without "id" and "ok".
[[nodiscard]] boost::json::object reply_fields(const HelloAnswer& hello);
// The case id, the decision and the deadline, flat, so that a channel's integration reads it
// without knowing the internal event shapes; "feedback" for a resubmission's 回访 result.
// `sp`: where the object's memory comes from (reply_line's arena; the default heap otherwise).
[[nodiscard]] boost::json::object reply_fields(const SubmitAck& ack,
                                               boost::json::storage_ptr sp = {});
// The case's status, current body and deadline; "feedback" with the rating after `feedback`.
[[nodiscard]] boost::json::object reply_fields(const CaseChanged& changed);
// The case's state, clocks, counts and every event (without the repeat keys).
[[nodiscard]] boost::json::object reply_fields(const CaseView& view);
[[nodiscard]] boost::json::object reply_fields(const BacklogView& backlog);
// The workbench API's queue (not an NDJSON operation): total, as_of and the page's cases.
[[nodiscard]] boost::json::object reply_fields(const QueueView& queue);
[[nodiscard]] boost::json::object reply_fields(const Subscribed& subscribed);
[[nodiscard]] boost::json::object reply_fields(const StatsView& stats);
[[nodiscard]] boost::json::object reply_fields(const Reloaded& reloaded);
[[nodiscard]] boost::json::object reply_fields(const DryRun& dry_run);
// A pushed event: the stored event (without the repeat keys), its seq and the case's state.
[[nodiscard]] boost::json::object event_fields(const EventNotice& notice);

// One reply line: {"id":…,"ok":true,…fields} or {"id":…,"ok":false,"error":{…}}.
template <class T>
[[nodiscard]] std::string reply_line(const std::optional<RequestId>& id, const Result<T>& result) {
  return result ? ok_response(id, reply_fields(*result)) : error_response(id, result.error());
}
// A submit's acknowledgement, built in an arena on the stack.
[[nodiscard]] std::string reply_line(const std::optional<RequestId>& id,
                                     const Result<SubmitAck>& result);
// A refused reload lists every error of the files in "errors" beside the first in "error".
[[nodiscard]] std::string reply_line(const std::optional<RequestId>& id,
                                     const std::expected<Reloaded, ReloadRefused>& result);
// {"event": …}\n
[[nodiscard]] std::string event_line(const EventNotice& notice);

}  // namespace tiaojie::daemon

// The JSON form of events and of the decisions they carry. The store keeps each event's payload in
// this form, the daemon streams it to subscribers, and replay reads it back, so the spellings are a
// stored format: change one only with a store migration.
//
// Shapes (absent optionals are omitted; dates "2026-03-05"; instants RFC 3339 in +08:00):
//   event:          {"case_id":12,"kind":"escalated","at":"…","actor":"system",
//                    "body":"hz.street.fengyang","data":{…payload…}}
//   classification: {"category":"labour","priority":"high","mode":"joint_labour",
//                    "level":"street","deadline":{"days":15,"count":"calendar"},"tags":[…],
//                    "rules":{"category":{"table":…,"rule_id":…,"file":…,"line":12},…},
//                    "rules_version":"…"}
//   assignment:     {"lead":"…","partners":[…],"path":[{"body":"…","verdict":"…"}],
//                    "needs_review":false,"review_reason":"","graph_version":"…"}
// Decoding is strict: a missing or mistyped field is invalid_input with the field path in `where`.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

#include "lifecycle/event.hpp"
#include "model/error.hpp"

namespace tiaojie::lifecycle {

[[nodiscard]] boost::json::object classification_to_json(const Classification& c);
[[nodiscard]] Result<Classification> classification_from_json(
    const boost::json::value& json, std::string_view path = "classification");

[[nodiscard]] boost::json::object assignment_to_json(const Assignment& a);
[[nodiscard]] Result<Assignment> assignment_from_json(const boost::json::value& json,
                                                      std::string_view path = "assignment");

// The payload alone (what the store's `events.data` column holds).
[[nodiscard]] boost::json::object event_data_to_json(const EventData& data);
[[nodiscard]] std::string event_data_to_json_text(const EventData& data);
// Errors: invalid_input naming the field under `data`.
[[nodiscard]] Result<EventData> event_data_from_json(EventKind kind,
                                                     const boost::json::value& json);
[[nodiscard]] Result<EventData> event_data_from_json_text(EventKind kind, std::string_view text);

// A whole event. event_from_json(event_to_json(e)) == e.
[[nodiscard]] boost::json::object event_to_json(const Event& event);
[[nodiscard]] Result<Event> event_from_json(const boost::json::value& json);

}  // namespace tiaojie::lifecycle

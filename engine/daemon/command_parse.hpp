// From a protocol request object to a typed command (commands.hpp): every field the operation
// reads, checked once, with the error texts docs/protocol.md shows. The NDJSON dispatcher calls it
// after the role check (authorise_op), so that a request the role may not send is refused before
// its fields are read; the HTTP JSON API may call it on its request bodies the same way.
//
// Fields an operation does not read are ignored, and an optional text field of another type reads
// as empty (a "reason": 5 is no reason), as the protocol always did.
// Thread-safety: pure functions over values.
#pragma once

#include <boost/json/object.hpp>

#include "daemon/commands.hpp"
#include "lifecycle/calendar.hpp"
#include "model/dispute_json.hpp"

namespace tiaojie::daemon {

namespace internal {
struct ChannelFormats;
}  // namespace internal

// What parsing needs besides the request.
struct ParseContext {
  // The channels a dispute may name and the dispute's limits. REQUIRES: not null for submit.
  const DisputeSchema* schema = nullptr;
  // The native formats `submit` accepts besides canonical disputes. Default: null = none.
  const internal::ChannelFormats* formats = nullptr;
  // The window of a dry-run reload without "window_days" ([replay] dry_run_window_days).
  int dry_run_window_days = 30;
};

// The command of one request of operation `op` (the envelope's "op" and "id" are not read here).
// Errors, all invalid_input with "where" the field unless said otherwise:
//  - hello: "token" missing or not a string;
//  - submit: "dispute" missing, of another type, or failing the dispute parser (where "dispute.…",
//    or "dispute at byte N" for a dispute sent as text); with "format" (other than "native"): not a
//    string, or not a loaded format;
//  - every lifecycle operation, and get by id: "case" missing or not a positive 64-bit integer;
//  - get without "case": "external_id" missing or not a string (where "case");
//  - suspend, extend: "reason" missing or empty; extend: "days" not an integer from 1 to 3650;
//  - transfer: "body" missing or empty;
//  - resolve: "outcome" missing or not "resolved" / "failed"; "next_route" not one of
//    arbitration, litigation, administrative;
//  - feedback: "rating" missing or not a rating; "channel" missing, empty or over 64 bytes;
//    "comment" over 2000 bytes;
//  - subscribe: "filter" not an object; "body", "level", "category" or "kind" neither a string nor
//    an array of strings; a level other than community, street, district;
//  - reload with "dry_run": true: "window_days" not an integer from 1 to 3660.
[[nodiscard]] Result<Command> parse_command(Op op, const boost::json::object& request,
                                            const ParseContext& context);

// The record mapped by its format into a canonical dispute, with street and community from the
// formats' gazetteer and reply periods counted on `calendar` (may be null: none counted).
// Errors: "record" missing or not an object (invalid_input); the mapper's errors, their "where"
// put under "record" ("record.来电时间").
[[nodiscard]] Result<command::Submit> map_record(const command::SubmitRecord& submit,
                                                 const internal::ChannelFormats& formats,
                                                 const DisputeSchema& schema,
                                                 const lifecycle::WorkingCalendar* calendar);

// A canonical dispute with an address gets the street and community the gazetteer finds (or a
// location_review), as a native record does; the stored text is written again when that changed
// anything. Nothing happens without a gazetteer (`formats` null or without one).
void resolve_location(command::Submit& submit, const internal::ChannelFormats* formats);

}  // namespace tiaojie::daemon

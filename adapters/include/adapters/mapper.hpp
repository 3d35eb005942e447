// Maps one native record of a channel to the canonical dispute, as its Format declares.
//
// A native record is a JSON object: an NDJSON line or a `submit` payload as the channel sent it,
// or a CSV row as {header: cell text}. Field paths in the format reach into it: "诉求人" is a
// key; "原告[0].姓名" or "原告.0.姓名" walk objects and arrays; a key that itself contains a dot
// (a CSV header "原告.姓名") is found whole first.
//
// Reading rules, by target kind:
//   text      strings as given (trimmed); numbers written out; arrays of strings joined by "、"
//   datetime  strings in one of the format's date layouts (local Asia/Shanghai time); for
//             reply_due a date without a time means the end of that day (23:59:59), and a
//             period in the rule's words ("5个工作日") or, absent, its per-type default counts
//             from received_at (internal/reply_period.hpp)
// Native fields are found under their own names or the format's aliases for them.
//   amount    numbers, or text such as "40万元", "¥400,000" (see convert.hpp)
//   count     numbers, or text such as "32人"; with `count = [...]`, each field adds: an array
//             its length, a number itself, text its items separated by 、，,;；/ and spaces
//   boolean   true/false, 是/否, 有/无, 1/0, or through the rule's value maps
// Value maps apply to the trimmed text before the kind's reading.
//
// All or nothing: the result is a complete dispute that also passes the canonical parser's
// checks (dispute_json.hpp: lengths, UTF-8, reply_due after received_at), or the first Error.
// Errors are invalid_input with `where` = the native field(s) ("来电时间", "诉求内容+诉求类型")
// and a message that says what was found, what was expected and which canonical field it feeds.
// Thread-safe: pure functions of their arguments.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>

#include "adapters/format.hpp"
#include "adapters/gazetteer.hpp"
#include "lifecycle/calendar.hpp"
#include "model/dispute.hpp"
#include "model/dispute_json.hpp"
#include "model/error.hpp"

namespace tiaojie::adapters {

struct MappedDispute {
  Dispute dispute;
  // How street/community were found; method none when the format does not resolve addresses or
  // no gazetteer was given and the record declared nothing.
  LocationMatch location;
};

// REQUIRES: `record` outlives the call. `gazetteer` may be null: street and community are then
// taken as given. `schema` supplies the limits and known channels of the canonical parser.
// `calendar` counts reply periods in working days ("5个工作日"); null, or a year it lacks, counts
// weekends as the only rest days (provisional).
[[nodiscard]] Result<MappedDispute> map_record(
    const Format& format, const boost::json::object& record, const Gazetteer* gazetteer,
    const DisputeSchema& schema = {}, const lifecycle::WorkingCalendar* calendar = nullptr);

// Resolves a canonical dispute's location with the same gazetteer as map_record: a dispute with
// an address and no street gets the street and community the address names, or a
// location_review saying why not; one whose street contradicts its address gets a
// location_review. A dispute with a location_review already, or without an address, is left as
// it is. Returns what resolution found (method none when it did nothing).
LocationMatch resolve_dispute_location(Dispute& dispute, const Gazetteer& gazetteer);

// The native value at `path` in `record`, or null when absent (see the path rules above).
[[nodiscard]] const boost::json::value* find_native(const boost::json::object& record,
                                                    std::string_view path);

// The JSON object a caller may send or log for a mapped dispute: the canonical dispute plus
// {"location": {"street", "community", "method", "confidence", "matched", "note"}}, with "review":
// true and "candidates" when a person must place it.
[[nodiscard]] boost::json::object location_to_json(const LocationMatch& m);

}  // namespace tiaojie::adapters

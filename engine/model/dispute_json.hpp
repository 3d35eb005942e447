// Reading and writing the canonical dispute as JSON (design.md §3), with Boost.JSON.
//
// Parsing is strict: every bad field is an Error with code invalid_input, `where` set to the field
// path ("parties", "claimant.phone") and a message saying what was expected; unknown fields are
// errors too, so that a misspelt optional field is not silently ignored. Nothing is partially
// accepted: the result is a complete Dispute or an Error.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/dispute.hpp"
#include "model/error.hpp"

namespace tiaojie {

// Size limits on a dispute's fields, in bytes of UTF-8 unless said otherwise.
struct DisputeLimits {
  std::size_t max_external_id = 128;    // Default: 128
  std::size_t max_channel = 64;         // Default: 64
  std::size_t max_description = 32768;  // Default: 32 KiB (about 10,000 Chinese characters)
  std::size_t max_short_text = 256;  // Default: 256 (names, phones, streets, communities, category)
  std::size_t max_address = 1024;    // Default: 1024
  std::int64_t max_parties = 1000000;  // Default: 1,000,000
  double max_amount = 1e13;            // Default: 10 trillion yuan
};

// What a valid dispute must satisfy beyond its own shape.
struct DisputeSchema {
  DisputeLimits limits;
  // Known channel ids. Default: empty, meaning any well-formed channel id is accepted (the rules
  // and CLI tools use this); the daemon fills it from its configured channels.
  std::vector<std::string> channels;
};

// Parses one JSON document (one NDJSON line) into a Dispute.
// Errors (all invalid_input): JSON syntax ("where" = "byte N"), a non-object document, a missing
// or empty required field, a wrong type, invalid UTF-8, a field over its limit, a negative or
// non-integral number where a count is expected, an unknown channel, an unknown field, an
// unparseable received_at.
[[nodiscard]] Result<Dispute> parse_dispute(std::string_view json_text,
                                            const DisputeSchema& schema = {});

// The same for an already-parsed JSON value (for protocol messages that embed a dispute).
// `path_prefix` is prepended to field paths in errors ("dispute." gives "dispute.parties").
[[nodiscard]] Result<Dispute> dispute_from_json(const boost::json::value& json,
                                                const DisputeSchema& schema = {},
                                                std::string_view path_prefix = {});

// The canonical JSON form: absent optionals are omitted; received_at in +08:00.
// parse_dispute(dispute_to_json_text(d)) == d for every valid d.
[[nodiscard]] boost::json::object dispute_to_json(const Dispute& dispute);
[[nodiscard]] std::string dispute_to_json_text(const Dispute& dispute);

}  // namespace tiaojie

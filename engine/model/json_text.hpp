// What a JSON text says that Boost.JSON's parsed value no longer shows.
//
// Boost.JSON keeps the last of an object's repeated keys without a word, so {"outcome":"failed",
// "outcome":"resolved"} reads as one key: a reader that must refuse repeated keys counts the
// members in the text and in the value (the cheap check) and only on a difference looks for the
// repeated key. And a parsed number or string no longer says how it was written (1.0, 1E0,
// "\u0041"), so a value that must be echoed byte for byte is taken from the text. Thread-safety:
// pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie {

// The object members written in `text` (each ':' outside a string starts a member's value).
// REQUIRES: `text` is valid JSON (Boost.JSON parsed it).
[[nodiscard]] std::size_t members_in_text(std::string_view text);

// The object members held by `value`, nested ones included.
[[nodiscard]] std::size_t members_in_value(const boost::json::value& value);

// The dotted path of the first key that an object of `text` repeats ("dispute.description", "op";
// keys are compared decoded, so "\u0069d" repeats "id"), or nullopt when none does.
// REQUIRES: `text` is valid JSON.
[[nodiscard]] std::optional<std::string> first_repeated_key(std::string_view text);

// Ok when no object of `text` repeats a key; else invalid_input "is repeated: …" with where = the
// key's dotted path. `parsed` is `text` as Boost.JSON read it. Costs one pass over the text and one
// over the value; the repeated key is looked for only when there is one.
[[nodiscard]] Result<void> check_unique_keys(std::string_view text,
                                             const boost::json::value& parsed);

// The text of the value of the top-level object's member `key`, exactly as written ("\"a\\u0041\"",
// "-0", "{\"x\":1}"), or nullopt when `text` is not an object or has no such member. The first
// such member when the key is repeated. REQUIRES: `text` is valid JSON.
[[nodiscard]] std::optional<std::string_view> top_level_member_text(std::string_view text,
                                                                    std::string_view key);

}  // namespace tiaojie

// application/x-www-form-urlencoded, as HTML forms send it and as query strings carry it (the
// WHATWG URL standard's parser: '+' is a space, %XX a byte), into names and values. Values must be
// UTF-8 after decoding: they reach the engine as command fields.
// Thread-safety: pure functions over values.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie::daemon::http {

// Names to values; a name given twice keeps its first value (the form's own field comes first,
// anything appended after it is ignored).
using FormFields = std::map<std::string, std::string, std::less<>>;

// Errors (invalid_input, where the name): a '%' not followed by two hex digits, a name or value
// that is not UTF-8 after decoding.
[[nodiscard]] Result<FormFields> parse_form(std::string_view body);

// The query of a request target ("/queue?show=overdue" → "show=overdue"), "" without one.
[[nodiscard]] std::string_view query_of(std::string_view target);

// A field's value, or "" when absent.
[[nodiscard]] std::string_view field(const FormFields& fields, std::string_view name);

// `text` percent-encoded for a query value (unreserved characters kept).
[[nodiscard]] std::string url_encode(std::string_view text);

}  // namespace tiaojie::daemon::http

// The `decisions` table's columns as every SQL backend has them: their names in the order the
// backends' readers take them (SQLite: read_decision; PostgreSQL: read_pg_decision), and the
// reading of its enum columns. One list, so that the two schemas' readers cannot drift apart.
// Thread-safety: pure functions.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie::store::internal {

// How many columns decision_columns() gives, with and without the *_rule columns.
inline constexpr int k_decision_column_count = 15;
inline constexpr int k_decision_column_count_without_rules = 10;

// Those columns, in the readers' order, each prefixed with `table` ("x." for a join); without the
// *_rule columns when `rule_keys` is false.
[[nodiscard]] std::string decision_columns(std::string_view table = "", bool rule_keys = true);

// Parses an enum column's text into `out`. Errors: internal naming the value.
template <class E, class Parse>
[[nodiscard]] Result<void> read_decision_enum(std::string_view text, Parse parse, E& out) {
  auto v = parse(text);
  if (!v) {
    return std::unexpected(
        internal_error(fmt::format("unknown value \"{}\" in the decisions table", text)));
  }
  out = *v;
  return ok;
}

}  // namespace tiaojie::store::internal

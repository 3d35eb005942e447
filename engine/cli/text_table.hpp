// Plain-text tables for a terminal: columns aligned by display width, where a CJK character takes
// two columns (江南中 is 6 wide, not 3 or 9), so that Chinese names line up with ASCII ones.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tiaojie::cli {

// Terminal columns of valid UTF-8 `text`: 2 for East Asian wide and fullwidth characters, 1 for
// the rest (combining marks are not used in tiaojie's data and count 1).
[[nodiscard]] std::size_t display_width(std::string_view text);

// `text` cut to at most `max_width` columns, ending in "…" when it was cut.
[[nodiscard]] std::string fit_width(std::string_view text, std::size_t max_width);

// The rows under the header, each column padded to its widest cell, two spaces between columns,
// no trailing spaces; one line each.
[[nodiscard]] std::string format_table(const std::vector<std::string>& header,
                                       const std::vector<std::vector<std::string>>& rows);

}  // namespace tiaojie::cli

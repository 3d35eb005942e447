// Labels of the report's columns and of the domain's ids, in Chinese and English. One table, so
// that every format says the same thing in the same words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/render.hpp"

namespace tiaojie::report::internal {

// The label of a fixed text by its key ("open_start", "title", …); the key itself if unknown.
[[nodiscard]] std::string_view text(Lang lang, std::string_view key);

// A level, category or channel id in words ("street" → "街道级"); the id itself if unknown.
[[nodiscard]] std::string level_label(Lang lang, std::string_view id);
[[nodiscard]] std::string category_label(Lang lang, std::string_view id);
[[nodiscard]] std::string channel_label(Lang lang, std::string_view id);

// One table column: its key in the label table and how to read it from a row.
struct Column {
  std::string_view key;
  std::string (*value)(const UnitRow&);
};
// The unit tables' columns, in order (the row's name comes first and is not listed).
[[nodiscard]] const std::vector<Column>& unit_columns();

// "0.83" style ratio as a percentage "83%"; "–" when absent.
[[nodiscard]] std::string percent(std::optional<double> value);
// A row's display name: the body's name, or the label of a level/category/channel id.
[[nodiscard]] std::string display_name(Lang lang, std::string_view table, const UnitRow& row);
// "2026-11-16 – 2026-11-22": the week's Monday and Sunday.
[[nodiscard]] std::string week_dates(IsoWeek week);
// The scope in words, "" when the report covers everything.
[[nodiscard]] std::string scope_text(Lang lang, const ReportScope& scope);

}  // namespace tiaojie::report::internal

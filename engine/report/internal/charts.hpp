// Inline SVG charts of the HTML report: plain <svg> elements with <text> labels, no script, sized
// to print on A4 landscape. Each chart's root element has class "chart" and a stable id
// (chart-streets, chart-trend, chart-ageing, chart-categories) that tests and stylesheets rely on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/html_text.hpp"
#include "report/render.hpp"

namespace tiaojie::report::internal {

// Text safe inside HTML/SVG elements and attribute values (model/html_text.hpp).
using tiaojie::escape_html;

// Horizontal bars: open cases at the end of the week per street (rows in the given order, `name`
// as the label), the overdue part in red, the ratio printed at the end of each bar.
[[nodiscard]] std::string streets_chart(const std::vector<UnitRow>& streets, Lang lang);
// Lines over the trend weeks: open at end, overdue (mediation), new.
[[nodiscard]] std::string trend_chart(const std::vector<TrendPoint>& trend, Lang lang);
// Stacked horizontal bars of the ageing buckets per street (same order as streets_chart).
[[nodiscard]] std::string ageing_chart(const std::vector<UnitRow>& streets, Lang lang);

// Horizontal bars per category (rows in the given order, `name` as the label): open at the end
// of the week, with the week's new cases as a thinner bar below it.
[[nodiscard]] std::string categories_chart(const std::vector<UnitRow>& categories, Lang lang);

}  // namespace tiaojie::report::internal

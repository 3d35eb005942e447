// Handling time in working days (handling.hpp) as one table of text cells that every format lays
// out its own way (the same shape as the clocks' table), and as the JSON object of the schema
// (docs/reports.md "handling"). Labels live here rather than in labels.cpp so that the table can
// change on its own.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "report/internal/clock_table.hpp"
#include "report/render.hpp"

namespace tiaojie::report::internal {

// Rows: the total, then the levels, streets and bodies that resolved a case in the period or the
// one before; columns: group (合计/层级/街道/单位), name, id, then for the period and the one
// before the cases, mean (one decimal), median and P90 in working days, and the mean's change.
// No rows when neither period resolved a case.
[[nodiscard]] ClockTable handling_table(const HandlingSummary& handling, Lang lang,
                                        PeriodKind kind);

// The definition for the 口径说明 (and a provisional note when the calendar was missing).
[[nodiscard]] std::vector<std::string> handling_notes(const HandlingSummary& handling, Lang lang);

// {"provisional", "total": {…}, "levels": […], "streets": […], "bodies": […]}, each row
// {"key", "label", "current": {"cases", "mean", "median", "p90"}, "previous": {…}}.
[[nodiscard]] boost::json::object handling_json(const HandlingSummary& handling);

}  // namespace tiaojie::report::internal

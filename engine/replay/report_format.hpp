// The replay report as text (terminal), JSON (scripts) and self-contained HTML (to attach to a
// change request). All three carry the same facts; none carries personal data (case ids, rule
// ids, body ids and decision values only).
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "replay/replay.hpp"

namespace tiaojie::replay {

// Text: the summary counts, the category matrix (changed cells, then the unchanged diagonal), the
// rule shifts per field, the most affected cases and the bodies whose load moves.
[[nodiscard]] std::string format_report_text(const ReplayReport& report);

// JSON: {"window": {"since","until"}, "rules_version", "graph_version", "recorded_versions",
// "cases", "compared", "undecided", "unreadable", "unreadable_cases", "changed",
// "changed_by_field": {field: n}, "category_matrix": [{"from","to","cases"}],
// "rule_shifts": [{"field","from","to","cases"}], "top": [{"case_id","received_at","score",
// "changed": [...], "before": {...}, "after": {...}}], "load": [{"body","capacity","now",
// "projected","over","pushed_over"}]}.
[[nodiscard]] boost::json::object report_json(const ReplayReport& report);

// One HTML page, no external resources: the same sections as the text form, as tables.
[[nodiscard]] std::string format_report_html(const ReplayReport& report);

}  // namespace tiaojie::replay

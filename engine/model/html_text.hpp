// Text made safe for HTML: the one escaper of the workbench's pages, the weekly report's HTML and
// SVG charts, and replay's HTML report. Dispute text is written by the public, so a description
// holding "<script>" must render as text wherever it appears. Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace tiaojie {

// `text` with & < > " ' as character references: safe in element content and in quoted
// attribute values (single or double quotes) alike.
[[nodiscard]] std::string escape_html(std::string_view text);

}  // namespace tiaojie

// Office hours in the body graph (docs/graph.md): per body or per kind, the default otherwise, and
// bad hours reported at file:line:column.
#include <doctest/doctest.h>

#include <algorithm>

#include "graph/load.hpp"
#include "graph/mini_graph.hpp"
#include "support/text_edit.hpp"

namespace tg = tiaojie::graph;
using tiaojie::test::line_of;
using tiaojie::test::mini_graph_text;
using tiaojie::test::one_file;
using tiaojie::test::replace_once;

namespace {}  // namespace

TEST_CASE("a body has the default office hours unless it or its kind says otherwise") {
  auto text = replace_once(mini_graph_text(), "capacity = 100",
                           "capacity = 100\noffice_hours = [\"09:00-12:00\", \"13:30-18:00\"]");
  auto g = tg::check_graph_sources(one_file(text));
  REQUIRE(g.graph);
  const auto& centre = g.graph->body(*g.graph->find("d.centre"));
  CHECK(centre.office_hours.to_string() == "09:00-12:00, 13:30-18:00");
  for (std::size_t b = 0; b < g.graph->body_count(); ++b) {
    const auto& body = g.graph->body(static_cast<tg::BodyIndex>(b));
    if (body.id.value != "d.centre")
      CHECK(body.office_hours.to_string() == "08:30-12:00, 14:00-17:30");
  }
}

TEST_CASE("bad office hours are errors at their file:line:column") {
  auto text = replace_once(mini_graph_text(), "capacity = 100",
                           "capacity = 100\noffice_hours = [\"08:30-12:00\", \"14:00-7:30\"]");
  auto g = tg::check_graph_sources(one_file(text));
  CHECK_FALSE(g.graph);
  bool found = false;
  const int line = line_of(text, "office_hours");
  for (const auto& d : g.diagnostics) {
    if (d.message.find("'14:00-7:30' must be \"HH:MM-HH:MM\"") == std::string::npos) continue;
    found = true;
    // The second string of the array: column of its opening quote.
    CHECK(d.where == "mini.toml:" + std::to_string(line) + ":32");
  }
  CHECK(found);

  auto overlapping =
      replace_once(mini_graph_text(), "capacity = 100",
                   "capacity = 100\noffice_hours = [\"08:30-12:00\", \"11:00-17:30\"]");
  auto o = tg::check_graph_sources(one_file(overlapping));
  CHECK_FALSE(o.graph);
  bool overlap = false;
  for (const auto& d : o.diagnostics) {
    if (d.message.find("must start after 08:30-12:00 ends") == std::string::npos) continue;
    overlap = true;
    CHECK(d.where == "mini.toml:" + std::to_string(line_of(overlapping, "office_hours")) + ":16");
  }
  CHECK(overlap);
}

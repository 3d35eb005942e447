// The backlog dashboard (docs/workbench.md "Pages"): where the open and overdue cases are, per
// level and per street, and which bodies have the most overdue. The street table lists the
// district's own bodies first, then the streets in the graph's order (the official one for the
// shipped graph, BodyGraph::street_names). A viewer who sees the whole district gets every
// street, with or without open cases, so that a manager reads the same rows in the same places
// every week and sees which streets are clear; a narrower reach, or a graph of more streets than
// a city has (a province's), lists only the streets with cases.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "daemon/http/form.hpp"
#include "daemon/http/html.hpp"
#include "daemon/http/page_frame.hpp"
#include "daemon/http/pages.hpp"

namespace tiaojie::daemon::http {
namespace {

struct Counts {
  std::int64_t open = 0, waiting = 0, in_progress = 0, overdue = 0;
  void add(const BacklogBody& b) {
    open += b.open;
    waiting += b.waiting;
    in_progress += b.in_progress;
    overdue += b.overdue;
  }
};

void counts_header(Html& h, Markup first) {
  h << "<table class=\"dashboard\"><thead><tr><th>" << first
    << "</th><th>在办</th><th>待受理</th><th>办理中</th><th>逾期</th><th>逾期率</th></tr>"
       "</thead><tbody>";
}

void counts_cells(Html& h, const Counts& c) {
  h << "<td>";
  h.number(c.open) << "</td><td>";
  h.number(c.waiting) << "</td><td>";
  h.number(c.in_progress) << "</td><td";
  if (c.overdue > 0) h << " class=\"overdue\"";
  h << ">";
  h.number(c.overdue) << "</td><td>";
  h.text(c.open == 0 ? std::string("—")
                     : fmt::format("{:.1f}%", 100.0 * static_cast<double>(c.overdue) /
                                                  static_cast<double>(c.open)))
      << "</td></tr>";
}

// More streets than this (a province's graph) and the table lists only those with cases.
constexpr std::size_t k_every_street_up_to = 100;

}  // namespace

std::string dashboard_page(const Viewer& viewer, const BacklogView& backlog, const Names& names) {
  Counts total;
  std::map<int, Counts> levels;  // by Level; 3: not in the graph
  Counts district;               // bodies above any street
  Counts gone;                   // bodies no longer in the graph: their street is not known
  std::map<std::string_view, Counts> by_street;
  for (const auto& b : backlog.bodies) {
    total.add(b);
    levels[b.level ? static_cast<int>(*b.level) : 3].add(b);
    if (!b.level) {
      gone.add(b);
      continue;
    }
    const auto street = names.graph ? names.graph->street_of(b.body) : std::string_view{};
    (street.empty() ? district : by_street[street]).add(b);
  }
  auto streets = names.graph ? names.graph->street_names() : std::vector<std::string_view>{};
  const bool whole_district = viewer.reach_label.empty();
  if (!whole_district || streets.size() > k_every_street_up_to) {
    std::erase_if(streets, [&](std::string_view s) { return !by_street.contains(s); });
  }
  Html h;
  open_page(h, "积案看板", &viewer);
  h << "<p class=\"count\">";
  h.text(fmt::format("截至 {}：在办 {} 件，逾期 {} 件", format_date(backlog.as_of), total.open,
                     total.overdue))
      << "</p><h2>按层级</h2>";
  counts_header(h, "层级");
  for (const auto& [level, c] : levels) {
    h << "<tr><td>";
    h.text(level == 3 ? std::string_view("图中已无的机构") : label_zh(static_cast<Level>(level)))
        << "</td>";
    counts_cells(h, c);
  }
  h << "</tbody></table><h2>按街道</h2>";
  counts_header(h, "街道");
  if (whole_district || district.open > 0) {
    h << "<tr><td>区级</td>";
    counts_cells(h, district);
  }
  for (const auto street : streets) {
    h << "<tr><td><a href=\"/queue?street=";
    h.text(url_encode(street)) << "\">";
    h.text(street) << "</a></td>";
    const auto counted = by_street.find(street);
    counts_cells(h, counted == by_street.end() ? Counts{} : counted->second);
  }
  if (gone.open > 0) {
    h << "<tr><td>图中已无的机构</td>";
    counts_cells(h, gone);
  }
  h << "</tbody></table><h2>逾期最多的机构</h2>";
  std::vector<const BacklogBody*> late;
  for (const auto& b : backlog.bodies) {
    if (b.overdue > 0) late.push_back(&b);
  }
  std::sort(late.begin(), late.end(), [](const auto* a, const auto* b) {
    return a->overdue != b->overdue ? a->overdue > b->overdue : a->body < b->body;
  });
  if (late.size() > 20) late.resize(20);
  if (late.empty()) {
    h << "<p>没有逾期案件。</p>";
  } else {
    counts_header(h, "机构");
    for (const auto* b : late) {
      Counts c;
      c.add(*b);
      h << "<tr><td><a href=\"/queue?body=";
      h.text(url_encode(b->body)) << "\">";
      h.text(names.body(b->body)) << "</a></td>";
      counts_cells(h, c);
    }
    h << "</tbody></table>";
  }
  close_page(h);
  return std::move(h).str();
}

}  // namespace tiaojie::daemon::http

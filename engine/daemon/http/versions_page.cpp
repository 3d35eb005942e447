// The versions page: what decides and routes cases now (the rule set and body graph the daemon
// serves, the calendar it counts deadlines on), for staff who want to know why a case went where
// it did, and operators checking a reload took (docs/workbench.md "Pages").
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include "daemon/http/html.hpp"
#include "daemon/http/page_frame.hpp"
#include "daemon/http/pages.hpp"

namespace tiaojie::daemon::http {

namespace {

void dry_run_section(Html& h, const DryRun* run, const Names& names) {
  h << "<section class=\"dry-run\"><h2>最近一次试运行</h2>";
  if (!run) {
    h << "<p>自启动以来没有试运行（reload 的 dry_run，docs/operators.md）。</p></section>";
    return;
  }
  const auto& r = run->report;
  h << "<p>";
  h.text(
      fmt::format("{}：候选规则 {}（现行 {}），回放近 {} 天登记的 {} 件，其中 {} 件有原决定可比，"
                  "{} 件决定有变化，{} 件无法读取",
                  local_time(run->at), r.rules_version, run->serving_rules_version,
                  run->window_days, r.cases, r.compared, r.changed, r.unreadable))
      << "</p><table><thead><tr><th>变化的项目</th><th>件数</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < replay::k_field_count; ++i) {
    h << "<tr><td>";
    h.text(replay::to_string(static_cast<replay::Field>(i))) << "</td><td>";
    h.number(r.changed_by_field[i]) << "</td></tr>";
  }
  h << "</tbody></table>";
  std::vector<std::pair<std::int64_t, std::pair<std::string, std::string>>> shifts;
  for (const auto& [from_to, n] : r.category_matrix) {
    if (from_to.first != from_to.second) shifts.push_back({n, from_to});
  }
  std::sort(shifts.rbegin(), shifts.rend());
  if (!shifts.empty()) {
    h << "<table><thead><tr><th>原类别</th><th>新类别</th><th>件数</th></tr></thead><tbody>";
    for (std::size_t i = 0; i < shifts.size() && i < 10; ++i) {
      h << "<tr><td>";
      h.text(names.category(shifts[i].second.first)) << "</td><td>";
      h.text(names.category(shifts[i].second.second)) << "</td><td>";
      h.number(shifts[i].first) << "</td></tr>";
    }
    h << "</tbody></table>";
  }
  h << "</section>";
}

}  // namespace

std::string versions_page(const Viewer& viewer, const rules::RuleSet& rules,
                          const graph::BodyGraph& graph, const lifecycle::WorkingCalendar& calendar,
                          const DryRun* dry_run, const Names& names, std::string_view message) {
  Html h;
  open_page(h, "规则与机构图", &viewer);
  if (!message.empty()) {
    h << "<p class=\"notice\" role=\"status\">";
    h.text(message) << "</p>";
  }
  if (viewer.operates) {
    // Operators: the reload and dry run the NDJSON `reload` operation offers (docs/operators.md).
    h << "<section class=\"actions\"><h2>运维</h2>";
    post_form_open(h, "/versions/reload", viewer, "action");
    h << "<button type=\"submit\">重新载入规则与机构图</button></form>";
    post_form_open(h, "/versions/dry-run", viewer, "action");
    h << "<label>回放近 <input name=\"window_days\" type=\"number\" min=\"1\" max=\"3660\" "
         "value=\"30\" required> 天</label><button type=\"submit\">试运行（不替换）</button>"
         "</form></section>";
  }
  h << "<section class=\"rules\"><h2>分类规则</h2><p>";
  h.text(fmt::format("版本 {}：{} 张规则表，{} 条规则，{} 个关键词，{} 个纠纷类别", rules.version(),
                     rules.tables().size(), rules.rule_count(), rules.keyword_count(),
                     rules.categories().size()))
      << "</p><table><thead><tr><th>规则表</th><th>规则数</th><th>文件</th></tr></thead><tbody>";
  for (const auto& t : rules.tables()) {
    h << "<tr><td>";
    h.text(t.name) << "</td><td>";
    h.number(static_cast<std::int64_t>(t.rules.size())) << "</td><td>";
    h.text(std::filesystem::path(t.pos.file).filename().string()) << "</td></tr>";
  }
  h << "</tbody></table></section><section class=\"graph\"><h2>调解机构图</h2><p>";
  std::array<std::int64_t, 3> per_level{};
  for (std::size_t i = 0; i < graph.body_count(); ++i)
    ++per_level[static_cast<std::size_t>(graph.body(static_cast<graph::BodyIndex>(i)).level)];
  h.text(fmt::format("版本 {}：{} 个调解机构（社区 {}，街道 {}，区 {}），来自 {} 个文件",
                     graph.version(), graph.body_count(), per_level[0], per_level[1], per_level[2],
                     graph.files().size()))
      << "</p></section><section class=\"calendar\"><h2>工作日历</h2><p>";
  std::string years;
  for (int y : calendar.years()) years += (years.empty() ? "" : "、") + std::to_string(y);
  h.text(years.empty() ? std::string("未载入任何年份：期限均按暂定日历（周一至周五）计算")
                       : "已载入 " + years + " 年的节假日安排；其他年份的期限为暂定")
      << "</p></section>";
  dry_run_section(h, dry_run, names);
  close_page(h);
  return std::move(h).str();
}

}  // namespace tiaojie::daemon::http

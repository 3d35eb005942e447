// The versions page: what decides and routes cases now (the rule set and body graph the daemon
// serves, the calendar it counts deadlines on), for staff who want to know why a case went where
// it did, and operators checking a reload took (docs/workbench.md "Pages").
#include <fmt/format.h>

#include <array>
#include <filesystem>

#include "daemon/http/html.hpp"
#include "daemon/http/page_frame.hpp"
#include "daemon/http/pages.hpp"

namespace tiaojie::daemon::http {

std::string versions_page(const Viewer& viewer, const rules::RuleSet& rules,
                          const graph::BodyGraph& graph,
                          const lifecycle::WorkingCalendar& calendar) {
  Html h;
  open_page(h, "规则与机构图", &viewer);
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
  close_page(h);
  return std::move(h).str();
}

}  // namespace tiaojie::daemon::http

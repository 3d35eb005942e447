#include "cli/demo_report.hpp"

#include <fmt/core.h>

#include "graph/load.hpp"
#include "report/render.hpp"
#include "report/writer.hpp"
#include "store/open_store.hpp"

namespace tiaojie::cli {

Result<DemoReport> write_demo_report(const store::StoreLocation& store_at,
                                     const std::filesystem::path& graph_path,
                                     const std::filesystem::path& out_dir, report::IsoWeek week,
                                     Timestamp now, report::ReportOptions options) {
  auto graph = graph::load_graph(graph_path);
  if (!graph) return std::unexpected(graph.error());
  auto store = store::open_store(store_at, {.create_if_missing = false});
  if (!store) return std::unexpected(store.error());
  const auto rep = report::weekly_report(
      **store, graph->get(), report::ReportQuery{week, {}, now, {}, std::move(options)});
  if (!rep) return std::unexpected(rep.error());
  if (const auto bad = report::invariant_violations(*rep); !bad.empty()) {
    return std::unexpected(
        Error{ErrorCode::internal,
              fmt::format("the demo's report breaks an invariant: {}", bad.front()),
              {}});
  }
  auto files = report::write_week_files(out_dir, *rep, report::Lang::zh);
  if (!files) return std::unexpected(files.error());
  return DemoReport{report::render_markdown_first_screen(*rep, report::Lang::zh),
                    std::move(*files)};
}

}  // namespace tiaojie::cli

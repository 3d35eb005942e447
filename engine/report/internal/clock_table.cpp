#include "report/internal/clock_table.hpp"

#include <boost/json.hpp>

namespace tiaojie::report::internal {

namespace {

std::vector<std::string> cells(std::string unit, std::string id, const ClockCounts& c) {
  return {std::move(unit),
          std::move(id),
          std::to_string(c.suspended),
          std::to_string(c.resumed),
          std::to_string(c.suspended_at_end),
          std::to_string(c.suspended_days),
          std::to_string(c.extensions)};
}

boost::json::object counts_json(const ClockCounts& c) {
  return {{"suspended", c.suspended},
          {"resumed", c.resumed},
          {"suspended_at_end", c.suspended_at_end},
          {"suspended_days", c.suspended_days},
          {"extensions", c.extensions}};
}

}  // namespace

ClockTable clock_table(const ClockSummary& clocks, Lang lang) {
  const bool zh = lang == Lang::zh;
  ClockTable t;
  t.title = zh ? "期限中止与延长" : "Suspended and extended deadlines";
  t.head = {zh ? "单位" : "Unit",
            "id",
            zh ? "本周中止" : "Suspended",
            zh ? "本周恢复" : "Resumed",
            zh ? "周末仍中止" : "Suspended at end",
            zh ? "本周中止天数" : "Days suspended",
            zh ? "本周延长" : "Extensions"};
  if (clocks.total.empty()) return t;
  t.rows.push_back(cells(zh ? "合计" : "Total", "all", clocks.total));
  for (const auto& r : clocks.bodies) t.rows.push_back(cells(r.name, r.body, r.counts));
  return t;
}

boost::json::object clocks_json(const ClockSummary& clocks) {
  boost::json::array bodies;
  for (const auto& r : clocks.bodies) {
    auto o = counts_json(r.counts);
    o["body"] = r.body;
    o["label"] = r.name;
    bodies.push_back(std::move(o));
  }
  return {{"total", counts_json(clocks.total)}, {"bodies", std::move(bodies)}};
}

}  // namespace tiaojie::report::internal

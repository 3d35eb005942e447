#include "report/internal/clock_table.hpp"

#include <boost/json.hpp>

#include "report/internal/labels.hpp"

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

ClockTable clock_table(const ClockSummary& clocks, Lang lang, PeriodKind kind) {
  const bool zh = lang == Lang::zh;
  ClockTable t;
  t.title = zh ? "期限中止与延长" : "Suspended and extended deadlines";
  t.head = {zh ? "单位" : "Unit",
            std::string(text(lang, "code")),
            ptext(lang, "clock_suspended", kind),
            ptext(lang, "clock_resumed", kind),
            ptext(lang, "clock_at_end", kind),
            ptext(lang, "clock_days", kind),
            ptext(lang, "clock_extended", kind)};
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

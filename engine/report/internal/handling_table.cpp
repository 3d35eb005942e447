#include "report/internal/handling_table.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "report/internal/labels.hpp"

namespace tiaojie::report::internal {
namespace {

std::string one_decimal(std::optional<double> v) { return v ? fmt::format("{:.1f}", *v) : ""; }
std::string whole(std::optional<std::int64_t> v) { return v ? std::to_string(*v) : ""; }

std::vector<std::string> cells(std::string group, std::string name, std::string id,
                               const HandlingRow& r) {
  std::optional<double> change;
  if (r.current.mean && r.previous.mean) change = *r.current.mean - *r.previous.mean;
  return {std::move(group),
          std::move(name),
          std::move(id),
          std::to_string(r.current.cases),
          one_decimal(r.current.mean),
          whole(r.current.median),
          whole(r.current.p90),
          std::to_string(r.previous.cases),
          one_decimal(r.previous.mean),
          whole(r.previous.median),
          whole(r.previous.p90),
          one_decimal(change)};
}

boost::json::value stats_json(const HandlingStats& s) {
  return boost::json::object{
      {"cases", s.cases},
      {"mean", s.mean ? boost::json::value(*s.mean) : boost::json::value(nullptr)},
      {"median", s.median ? boost::json::value(*s.median) : boost::json::value(nullptr)},
      {"p90", s.p90 ? boost::json::value(*s.p90) : boost::json::value(nullptr)}};
}

boost::json::object row_json(const HandlingRow& r) {
  return {{"key", r.key},
          {"label", r.name},
          {"current", stats_json(r.current)},
          {"previous", stats_json(r.previous)}};
}

boost::json::array rows_json(const std::vector<HandlingRow>& rows) {
  boost::json::array out;
  for (const auto& r : rows) out.push_back(row_json(r));
  return out;
}

}  // namespace

ClockTable handling_table(const HandlingSummary& h, Lang lang, PeriodKind kind) {
  const bool zh = lang == Lang::zh;
  ClockTable t;
  t.title = zh ? "办理时长（工作日）" : "Handling time (working days)";
  const std::string previous = ptext(lang, "previous", kind);  // 上周 / 上月 / 上季度
  t.head = {zh ? "范围" : "Group",
            zh ? "名称" : "Name",
            zh ? "代码" : "Id",
            zh ? "办结件数" : "Resolved",
            zh ? "平均" : "Mean",
            zh ? "中位数" : "Median",
            "P90",
            zh ? previous + "件数" : previous + ": resolved",
            zh ? previous + "平均" : previous + ": mean",
            zh ? previous + "中位数" : previous + ": median",
            zh ? previous + "P90" : previous + ": P90",
            zh ? "平均较" + previous : "Mean vs " + previous};
  if (h.total.current.cases == 0 && h.total.previous.cases == 0) return t;
  t.rows.push_back(cells(zh ? "合计" : "Total", std::string(text(lang, "all")), "all", h.total));
  for (const auto& r : h.levels)
    t.rows.push_back(cells(zh ? "层级" : "Level", level_label(lang, r.key), r.key, r));
  for (const auto& r : h.streets) t.rows.push_back(cells(zh ? "街道" : "Street", r.name, r.key, r));
  for (const auto& r : h.bodies) t.rows.push_back(cells(zh ? "单位" : "Body", r.name, r.key, r));
  return t;
}

std::vector<std::string> handling_notes(const HandlingSummary& h, Lang lang) {
  std::vector<std::string> out;
  if (lang == Lang::zh) {
    out.emplace_back(
        "办理时长：本期调解成功的案件自收到之日至调解成功之日的工作日数，收到当日不计入（民法典"
        "第201条），当日收到当日办结为0个工作日；节假日不计，调休上班日计入；期限中止（如鉴定）"
        "期间的工作日扣除。调解不成、撤回及仍在办的案件不计。中位数、P90按最近秩计。");
    if (h.provisional) out.emplace_back("办理时长的部分年份尚无工作日历，暂按周一至周五计算。");
  } else {
    out.emplace_back(
        "Handling time: working days from the day a case resolved in the period was received to "
        "the day it was resolved, the day of receipt not counted (Civil Code art. 201: received "
        "and resolved the same day = 0); holidays not counted, make-up working days counted; the "
        "working days of a suspension (e.g. an appraisal) subtracted. Failed, withdrawn and open "
        "cases are not counted. Median and P90 by nearest rank.");
    if (h.provisional)
      out.emplace_back("Handling time: a year without a calendar file is counted Monday–Friday.");
  }
  return out;
}

boost::json::object handling_json(const HandlingSummary& h) {
  return {{"provisional", h.provisional},
          {"total", row_json(h.total)},
          {"levels", rows_json(h.levels)},
          {"streets", rows_json(h.streets)},
          {"bodies", rows_json(h.bodies)}};
}

}  // namespace tiaojie::report::internal

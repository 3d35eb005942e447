// render_json (render.hpp): the schema "tiaojie.report.weekly/1", documented in docs/reports.md.
#include <boost/json.hpp>

#include "report/internal/clock_table.hpp"
#include "report/internal/handling_table.hpp"
#include "report/internal/labels.hpp"
#include "report/render.hpp"

namespace tiaojie::report {
namespace {

namespace json = boost::json;

json::value optional_int(std::optional<std::int64_t> v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object flows_json(const Flows& f) {
  return {{"open_start", f.open_start},
          {"new", f.new_cases},
          {"reopened", f.reopened},
          {"transferred_in", f.transferred_in},
          {"transferred_out", f.transferred_out},
          {"escalated_in", f.escalated_in},
          {"escalated_out", f.escalated_out},
          {"resolved", f.resolved},
          {"failed", f.failed},
          {"withdrawn", f.withdrawn},
          {"closed", f.closed()},
          {"supervision_notices", f.supervision_notices},
          {"open_end", f.open_end},
          {"repeats", f.repeats},
          {"feedback", json::object{{"satisfied", f.satisfied},
                                    {"basically_satisfied", f.basically_satisfied},
                                    {"dissatisfied", f.dissatisfied},
                                    {"total", f.feedback()}}}};
}

json::object unit_json(Lang lang, std::string_view table, const UnitRow& r) {
  json::object o{{"key", r.key}, {"label", internal::display_name(lang, table, r)}};
  if (table == "bodies") {
    o["level"] = r.level;
    o["street"] = r.street;
  }
  o["flows"] = flows_json(r.flows);
  const auto& b = r.backlog;
  o["backlog"] = json::object{{"overdue_mediation", b.overdue_mediation},
                              {"overdue_hotline", b.overdue_hotline},
                              {"median_age_days", optional_int(b.median_age_days)},
                              {"p90_age_days", optional_int(b.p90_age_days)},
                              {"ageing", json::object{{"d0_7", b.ageing[0]},
                                                      {"d8_15", b.ageing[1]},
                                                      {"d16_30", b.ageing[2]},
                                                      {"d31_plus", b.ageing[3]}}}};
  auto rate = r.resolution_rate();
  o["resolution_rate"] = rate ? json::value(*rate) : json::value(nullptr);
  auto satisfaction = r.satisfaction_rate();
  o["satisfaction_rate"] = satisfaction ? json::value(*satisfaction) : json::value(nullptr);
  o["overdue_ratio"] = r.overdue_ratio();
  o["previous_open_end"] = r.previous_open_end;
  o["growth"] = r.growth();
  return o;
}

json::array units_json(Lang lang, std::string_view table, const std::vector<UnitRow>& rows) {
  json::array a;
  for (const auto& r : rows) a.push_back(unit_json(lang, table, r));
  return a;
}

json::value number_or_null(std::optional<double> v, bool rate) {
  if (!v) return nullptr;
  if (rate) return *v;
  return static_cast<std::int64_t>(*v);
}

json::object involved_json(const InvolvedTotals& t) {
  return {{"disputes", t.disputes}, {"parties", t.parties}, {"amount", t.amount}};
}

json::object key_json(Lang lang, const WeeklyReport& rep) {
  const auto& k = rep.key;
  json::array list;
  for (const auto& d : k.list) {
    list.push_back(
        json::object{{"case_id", d.case_id},
                     {"received_at", format_timestamp(d.received_at)},
                     {"category", d.category},
                     {"priority", to_string(d.priority)},
                     {"parties", d.parties ? json::value(*d.parties) : json::value(nullptr)},
                     {"amount", d.amount ? json::value(*d.amount) : json::value(nullptr)},
                     {"body", d.body},
                     {"body_label", d.body_name},
                     {"street", d.street},
                     {"status", lifecycle::to_string(d.status)},
                     {"group", d.group},
                     {"major", d.major},
                     {"reason", internal::key_reason(lang, d)}});
  }
  return {{"read", k.read},
          {"group_parties_min", rep.options.group_parties_min},
          {"major_amount_min", rep.options.major_amount_min},
          {"all", involved_json(k.all)},
          {"group", involved_json(k.group)},
          {"major", involved_json(k.major)},
          {"list", std::move(list)},
          {"not_listed", k.not_listed}};
}

}  // namespace

std::string render_json(const WeeklyReport& rep, Lang lang) {
  json::object o;
  o["schema"] = "tiaojie.report.weekly/2";
  // "week" keeps its name for every kind (a month's is "2026-11"); "kind" says which.
  o["week"] = format_period(rep.period);
  o["kind"] = to_string(rep.period.kind);
  o["title"] = internal::title(lang, rep);
  o["district"] = rep.options.district;
  o["issuer"] = rep.options.issuer;
  const auto issue = issue_number(rep.options, rep.period);
  o["issue"] = issue ? json::value(*issue) : json::value(nullptr);
  o["period"] = internal::period_text(lang, rep.period);
  o["as_of"] = rep.as_of ? json::value(format_timestamp(*rep.as_of)) : json::value(nullptr);
  o["start"] = format_timestamp(rep.start);
  o["end"] = format_timestamp(rep.end);
  o["generated_at"] = format_timestamp(rep.generated_at);
  json::array bodies;
  for (const auto& b : rep.scope.bodies) bodies.push_back(json::value(b));
  o["scope"] = json::object{
      {"level", rep.scope.level ? json::value(to_string(*rep.scope.level)) : json::value(nullptr)},
      {"bodies", bodies},
      {"street", rep.scope.street.empty() ? json::value(nullptr) : json::value(rep.scope.street)},
      {"label", internal::scope_text(lang, rep)}};
  o["graph_version"] = rep.graph_version;
  o["store_seq"] = rep.store_seq;
  o["total"] = unit_json(lang, "total", rep.total);
  json::array headline;
  for (const auto& f : internal::headline_figures(rep)) {
    headline.push_back(json::object{{"key", f.key == "new_cases" ? "new" : f.key},
                                    {"value", number_or_null(f.value, f.rate)},
                                    {"previous", number_or_null(f.previous, f.rate)},
                                    {"change", number_or_null(internal::change_value(f), f.rate)},
                                    {"change_text", internal::change_text(lang, f)}});
  }
  o["headline"] = std::move(headline);
  o["quiet"] = json::object{{"bodies", rep.quiet_bodies}, {"streets", rep.quiet_streets}};
  o["levels"] = units_json(lang, "levels", rep.levels);
  o["streets"] = units_json(lang, "streets", rep.streets);
  o["bodies"] = units_json(lang, "bodies", rep.bodies);
  o["categories"] = units_json(lang, "categories", rep.categories);
  o["channels"] = units_json(lang, "channels", rep.channels);
  json::array trend;
  for (const auto& p : rep.trend) {
    trend.push_back(json::object{{"week", format_period(p.period)},
                                 {"flows", flows_json(p.flows)},
                                 {"overdue_mediation", p.overdue_mediation},
                                 {"overdue_hotline", p.overdue_hotline}});
  }
  o["trend"] = trend;
  json::array worst, growth, oldest;
  for (const auto& r : rep.worst_overdue) {
    worst.push_back(json::object{{"body", r.key},
                                 {"label", r.name},
                                 {"overdue", r.backlog.overdue_mediation},
                                 {"open_end", r.flows.open_end},
                                 {"overdue_ratio", r.overdue_ratio()}});
  }
  for (const auto& r : rep.largest_growth) {
    growth.push_back(json::object{{"body", r.key},
                                  {"label", r.name},
                                  {"previous_open_end", r.previous_open_end},
                                  {"open_end", r.flows.open_end},
                                  {"growth", r.growth()}});
  }
  for (const auto& c : rep.oldest) {
    oldest.push_back(
        json::object{{"case_id", c.case_id},
                     {"body", c.body},
                     {"body_label", c.body_name},
                     {"category", c.category},
                     {"age_days", c.age_days},
                     {"due", c.due ? json::value(format_date(*c.due)) : json::value(nullptr)},
                     {"due_provisional", c.due_provisional},
                     {"overdue", c.overdue}});
  }
  o["worst_overdue"] = worst;
  o["worst_overdue_min_open"] = rep.options.overdue_min_open;
  o["key_disputes"] = key_json(lang, rep);
  o["provisional_open"] = rep.provisional_open;
  o["largest_growth"] = growth;
  o["oldest_open"] = oldest;
  o["clocks"] = internal::clocks_json(rep.clocks);
  o["handling"] = internal::handling_json(rep.handling);
  json::array notes;
  for (const auto& n : internal::period_notes(lang, rep)) notes.push_back(json::value(n));
  for (const auto& n : internal::definitions(lang, rep)) notes.push_back(json::value(n));
  o["notes"] = notes;
  return json::serialize(o) + "\n";
}

}  // namespace tiaojie::report

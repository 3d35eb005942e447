#include "replay/report_format.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "model/html_text.hpp"

namespace tiaojie::replay {
namespace {

std::string deadline_text(const Deadline& d) {
  return fmt::format("{}d {}", d.days, to_string(d.count));
}

// The CLI's open ends (the epoch, a far future) read as such rather than as odd dates.
std::string bound_text(Timestamp t, bool upper) {
  const auto s = t.time_since_epoch().count();
  if (!upper && s <= 0) return "(first stored)";
  if (upper && s >= (std::int64_t{1} << 39)) return "(last stored)";
  return format_timestamp(t);
}

std::string lead_text(const BodyId& b) { return b.value.empty() ? "(none)" : b.value; }

std::string field_value(const DecisionSummary& d, Field f) {
  switch (f) {
    case Field::category:
      return d.category;
    case Field::priority:
      return std::string(to_string(d.priority));
    case Field::mode:
      return std::string(to_string(d.mode));
    case Field::level:
      return std::string(to_string(d.level));
    case Field::deadline:
      return deadline_text(d.deadline);
    case Field::lead:
      return lead_text(d.lead);
  }
  return {};
}

std::string field_rule(const DecisionSummary& d, Field f) {
  switch (f) {
    case Field::category:
      return d.category_rule;
    case Field::priority:
      return d.priority_rule;
    case Field::mode:
      return d.mode_rule;
    case Field::level:
      return d.level_rule;
    case Field::deadline:
      return d.deadline_rule;
    case Field::lead:
      return {};
  }
  return {};
}

std::string changes_text(const AffectedCase& c) {
  std::string out;
  for (Field f : c.changed) {
    if (!out.empty()) out += "; ";
    out +=
        fmt::format("{} {} -> {}", to_string(f), field_value(c.before, f), field_value(c.after, f));
    if (f != Field::lead) {
      out += fmt::format(" [{} -> {}]", field_rule(c.before, f), field_rule(c.after, f));
    }
  }
  return out;
}

boost::json::object summary_json(const DecisionSummary& d) {
  boost::json::object o;
  o["category"] = d.category;
  o["priority"] = to_string(d.priority);
  o["mode"] = to_string(d.mode);
  o["level"] = to_string(d.level);
  o["deadline"] = {{"days", d.deadline.days}, {"count", to_string(d.deadline.count)}};
  o["lead"] = d.lead.value;
  o["decided_by"] = {{"category", d.category_rule},
                     {"priority", d.priority_rule},
                     {"mode", d.mode_rule},
                     {"level", d.level_rule},
                     {"deadline", d.deadline_rule}};
  o["rules_version"] = d.rules_version;
  return o;
}

}  // namespace

std::string format_report_text(const ReplayReport& r) {
  std::string out;
  out += fmt::format("replay of cases received {} .. {} (Asia/Shanghai)\n",
                     bound_text(r.since, false), bound_text(r.until, true));
  out += fmt::format("candidate rules {}  graph {}\n", r.rules_version, r.graph_version);
  for (const auto& [v, n] : r.recorded_versions) {
    out += fmt::format("  recorded under rules {}: {} cases\n", v.empty() ? "(unknown)" : v, n);
  }
  out += fmt::format("cases {}  compared {}  undecided {}  unreadable {}\n", r.cases, r.compared,
                     r.undecided, r.unreadable);
  for (const auto& id : r.unreadable_cases) out += fmt::format("  unreadable: case {}\n", id.value);
  out += fmt::format("changed {} cases\n", r.changed);
  for (std::size_t f = 0; f < k_field_count; ++f) {
    out += fmt::format("  {:<9} {}\n", to_string(static_cast<Field>(f)), r.changed_by_field[f]);
  }

  out += "\ncategory old -> new (changed)\n";
  bool any = false;
  for (const auto& [k, n] : r.category_matrix) {
    if (k.first == k.second) continue;
    out += fmt::format("  {} -> {}: {}\n", k.first, k.second, n);
    any = true;
  }
  if (!any) out += "  (none)\n";
  out += "category unchanged\n";
  for (const auto& [k, n] : r.category_matrix) {
    if (k.first == k.second) out += fmt::format("  {}: {}\n", k.first, n);
  }

  out += "\nrules responsible (field: old rule -> new rule)\n";
  if (r.rule_shifts.empty()) out += "  (none)\n";
  for (const auto& [s, n] : r.rule_shifts) {
    out += fmt::format("  {}: {} -> {}: {}\n", to_string(s.field), s.before, s.after, n);
  }

  out += fmt::format("\nmost affected cases ({})\n", r.top.size());
  if (r.top.empty()) out += "  (none)\n";
  for (const auto& c : r.top) {
    out += fmt::format("  case {} ({}) score {}: {}\n", c.case_id.value,
                       format_timestamp(c.received_at), c.score, changes_text(c));
  }

  out += "\nprojected open load (bodies that change or are over capacity)\n";
  if (r.load.empty()) out += "  (none)\n";
  for (const auto& b : r.load) {
    out += fmt::format("  {} now {} -> {} / capacity {}{}\n", b.body.value, b.now, b.projected,
                       b.capacity, b.pushed_over() ? "  PUSHED OVER" : (b.over() ? "  OVER" : ""));
  }
  return out;
}

boost::json::object report_json(const ReplayReport& r) {
  namespace json = boost::json;
  json::object o;
  o["window"] = {{"since", bound_text(r.since, false)}, {"until", bound_text(r.until, true)}};
  o["rules_version"] = r.rules_version;
  o["graph_version"] = r.graph_version;
  json::object versions;
  for (const auto& [v, n] : r.recorded_versions) versions[v] = n;
  o["recorded_versions"] = std::move(versions);
  o["cases"] = r.cases;
  o["compared"] = r.compared;
  o["undecided"] = r.undecided;
  o["unreadable"] = r.unreadable;
  json::array unreadable;
  for (const auto& id : r.unreadable_cases) unreadable.push_back(id.value);
  o["unreadable_cases"] = std::move(unreadable);
  o["changed"] = r.changed;
  json::object by_field;
  for (std::size_t f = 0; f < k_field_count; ++f) {
    by_field[to_string(static_cast<Field>(f))] = r.changed_by_field[f];
  }
  o["changed_by_field"] = std::move(by_field);
  json::array matrix;
  for (const auto& [k, n] : r.category_matrix) {
    matrix.push_back(json::object{{"from", k.first}, {"to", k.second}, {"cases", n}});
  }
  o["category_matrix"] = std::move(matrix);
  json::array shifts;
  for (const auto& [s, n] : r.rule_shifts) {
    shifts.push_back(json::object{
        {"field", to_string(s.field)}, {"from", s.before}, {"to", s.after}, {"cases", n}});
  }
  o["rule_shifts"] = std::move(shifts);
  json::array top;
  for (const auto& c : r.top) {
    json::array changed;
    for (Field f : c.changed) changed.push_back(json::string(to_string(f)));
    top.push_back(json::object{{"case_id", c.case_id.value},
                               {"received_at", format_timestamp(c.received_at)},
                               {"score", c.score},
                               {"changed", std::move(changed)},
                               {"before", summary_json(c.before)},
                               {"after", summary_json(c.after)}});
  }
  o["top"] = std::move(top);
  json::array load;
  for (const auto& b : r.load) {
    load.push_back(json::object{{"body", b.body.value},
                                {"capacity", b.capacity},
                                {"now", b.now},
                                {"projected", b.projected},
                                {"over", b.over()},
                                {"pushed_over", b.pushed_over()}});
  }
  o["load"] = std::move(load);
  return o;
}

std::string format_report_html(const ReplayReport& r) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>tiaojie "
      "replay</title>"
      "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
      "td,th{border:1px solid #bbb;padding:.2em .6em;text-align:left}.over{background:#fdd}"
      "</style></head><body>\n";
  out += fmt::format("<h1>Replay {} .. {}</h1>\n", escape_html(bound_text(r.since, false)),
                     escape_html(bound_text(r.until, true)));
  out += fmt::format(
      "<p>Candidate rules <code>{}</code>, graph <code>{}</code>. {} cases, {} compared, "
      "{} undecided, {} unreadable; <b>{} changed</b>.</p>\n",
      escape_html(r.rules_version), escape_html(r.graph_version), r.cases, r.compared, r.undecided,
      r.unreadable, r.changed);
  out += "<table><tr><th>field</th><th>cases changed</th></tr>\n";
  for (std::size_t f = 0; f < k_field_count; ++f) {
    out += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", to_string(static_cast<Field>(f)),
                       r.changed_by_field[f]);
  }
  out +=
      "</table>\n<h2>Category old &rarr; "
      "new</h2>\n<table><tr><th>old</th><th>new</th><th>cases</th></tr>\n";
  for (const auto& [k, n] : r.category_matrix) {
    out += fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       k.first == k.second ? "" : " class=\"over\"", escape_html(k.first),
                       escape_html(k.second), n);
  }
  out +=
      "</table>\n<h2>Rules responsible</h2>\n<table><tr><th>field</th><th>old rule</th><th>new "
      "rule</th>"
      "<th>cases</th></tr>\n";
  for (const auto& [s, n] : r.rule_shifts) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       to_string(s.field), escape_html(s.before), escape_html(s.after), n);
  }
  out +=
      "</table>\n<h2>Most affected "
      "cases</h2>\n<table><tr><th>case</th><th>received</th><th>score</th>"
      "<th>changes</th></tr>\n";
  for (const auto& c : r.top) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", c.case_id.value,
                       escape_html(format_timestamp(c.received_at)), c.score,
                       escape_html(changes_text(c)));
  }
  out +=
      "</table>\n<h2>Projected open "
      "load</h2>\n<table><tr><th>body</th><th>now</th><th>projected</th>"
      "<th>capacity</th></tr>\n";
  for (const auto& b : r.load) {
    out += fmt::format("<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       b.over() ? " class=\"over\"" : "", escape_html(b.body.value), b.now,
                       b.projected, b.capacity);
  }
  out += "</table>\n</body></html>\n";
  return out;
}

}  // namespace tiaojie::replay

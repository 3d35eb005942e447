#include "cli/explain_format.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <boost/json.hpp>

namespace tiaojie::cli {
namespace {

std::string by(const RuleRef& ref) {
  if (ref.empty()) return "default";
  return fmt::format("{}/{} ({}:{})", ref.table(), ref.rule_id(), ref.file(), ref.line());
}

boost::json::value ref_json(const RuleRef& ref) {
  if (ref.empty()) return nullptr;
  return boost::json::object{
      {"table", ref.table()}, {"rule", ref.rule_id()}, {"file", ref.file()}, {"line", ref.line()}};
}

}  // namespace

void append_explanation_text(std::string& out, const Dispute& d, const rules::RuleSet& rules,
                             const rules::Explanation& ex) {
  const auto& c = ex.classification;
  std::string label;
  if (const auto* cat = rules.find_category(c.category))
    label = fmt::format(" ({} / {})", cat->label_zh, cat->label_en);
  out += fmt::format("dispute {} from {}\n", d.external_id, d.channel);
  out += fmt::format("  category  {}{}\n            decided by {}\n", c.category, label,
                     by(c.category_rule));
  out += fmt::format("  priority  {}\n            decided by {}\n", to_string(c.priority),
                     by(c.priority_rule));
  out += fmt::format("  mode      {} ({})\n            decided by {}\n", to_string(c.mode),
                     label_zh(c.mode), by(c.mode_rule));
  out += fmt::format("  level     {} ({})\n            decided by {}\n", to_string(c.level),
                     label_zh(c.level), by(c.level_rule));
  out += fmt::format("  deadline  {} {} from {}\n            decided by {}\n", c.deadline.days,
                     c.deadline.count == DayCount::months
                         ? std::string("months")
                         : fmt::format("{} days", to_string(c.deadline.count)),
                     to_string(c.deadline.from), by(c.deadline_rule));
  out +=
      fmt::format("  tags      {}\n",
                  c.tags.empty() ? std::string("-") : fmt::format("{}", fmt::join(c.tags, ", ")));
  out += "  tables (in the order they ran):\n";
  for (const auto& t : ex.tables) {
    if (t.winner.empty()) {
      out += fmt::format("    {:<12} no rule matched\n", t.table);
      continue;
    }
    out +=
        fmt::format("    {:<12} {} → {}\n", t.table, t.winner.rule_id(), fmt::join(t.fields, ", "));
    if (!t.also_matched.empty()) {
      std::vector<std::string> ids;
      for (const auto& r : t.also_matched) ids.push_back(r.rule_id());
      out += fmt::format("    {:<12} also matched, lost: {}\n", "", fmt::join(ids, ", "));
    }
  }
  out += fmt::format("  keywords  {}\n", ex.keywords.empty()
                                             ? std::string("-")
                                             : fmt::format("{}", fmt::join(ex.keywords, " ")));
  out += fmt::format("  rules version {}\n", c.rules_version);
}

boost::json::object classification_json(const Classification& c) {
  boost::json::array tags;
  for (const auto& t : c.tags) tags.emplace_back(t);
  return boost::json::object{
      {"category", c.category},
      {"priority", to_string(c.priority)},
      {"mode", to_string(c.mode)},
      {"level", to_string(c.level)},
      {"deadline", boost::json::object{{"days", c.deadline.days},
                                       {"count", to_string(c.deadline.count)},
                                       {"from", to_string(c.deadline.from)}}},
      {"tags", std::move(tags)},
      {"decided_by", boost::json::object{{"category", ref_json(c.category_rule)},
                                         {"priority", ref_json(c.priority_rule)},
                                         {"mode", ref_json(c.mode_rule)},
                                         {"level", ref_json(c.level_rule)},
                                         {"deadline", ref_json(c.deadline_rule)}}},
      {"rules_version", c.rules_version.view()},
  };
}

boost::json::object explanation_json(const Dispute& d, const rules::Explanation& ex) {
  boost::json::array tables;
  for (const auto& t : ex.tables) {
    boost::json::array lost, fields;
    for (const auto& r : t.also_matched) lost.emplace_back(ref_json(r));
    for (const auto& f : t.fields) fields.emplace_back(f);
    tables.emplace_back(boost::json::object{{"table", t.table},
                                            {"hit", rules::to_string(t.hit)},
                                            {"winner", ref_json(t.winner)},
                                            {"fields", std::move(fields)},
                                            {"also_matched", std::move(lost)}});
  }
  boost::json::array keywords;
  for (const auto& k : ex.keywords) keywords.emplace_back(k);
  return boost::json::object{{"external_id", d.external_id},
                             {"channel", d.channel},
                             {"classification", classification_json(ex.classification)},
                             {"tables", std::move(tables)},
                             {"keywords", std::move(keywords)},
                             {"rules_version", ex.classification.rules_version.view()}};
}

}  // namespace tiaojie::cli

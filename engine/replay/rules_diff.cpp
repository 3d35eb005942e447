#include "replay/rules_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace tiaojie::replay {
namespace {

using rules::Conditions;
using rules::Outcome;
using rules::Rule;
using rules::RuleTable;

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += '"' + items[i] + '"';
  }
  return out + "]";
}

std::string text(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "(none)"; }
std::string text(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : "(none)"; }
std::string text(const std::optional<bool>& v) { return v ? (*v ? "true" : "false") : "(none)"; }
std::string text(const std::optional<std::string>& v) { return v ? '"' + *v + '"' : "(none)"; }
template <typename E>
std::string text(const std::optional<E>& v) {
  return v ? std::string(to_string(*v)) : "(none)";
}
std::string text(const Deadline& d) {
  return fmt::format("{} {} days", d.days, to_string(d.count));
}
std::string text(const std::optional<Deadline>& v) { return v ? text(*v) : "(none)"; }

class FieldDiffer {
 public:
  explicit FieldDiffer(std::vector<FieldChange>& out) : out_(out) {}

  void list(std::string field, const std::vector<std::string>& a,
            const std::vector<std::string>& b) {
    if (a == b) return;
    FieldChange c{std::move(field), quoted_list(a), quoted_list(b), {}, {}};
    const std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
    for (const auto& x : b) {
      if (!sa.contains(x)) c.added.push_back(x);
    }
    for (const auto& x : a) {
      if (!sb.contains(x)) c.removed.push_back(x);
    }
    out_.push_back(std::move(c));
  }

  template <typename T>
  void value(std::string field, const T& a, const T& b) {
    if (a == b) return;
    out_.push_back(FieldChange{std::move(field), text(a), text(b), {}, {}});
  }

  void plain(std::string field, std::string a, std::string b) {
    if (a == b) return;
    out_.push_back(FieldChange{std::move(field), std::move(a), std::move(b), {}, {}});
  }

 private:
  std::vector<FieldChange>& out_;
};

void diff_rule(const Rule& a, const Rule& b, std::vector<FieldChange>& out) {
  FieldDiffer d(out);
  d.plain("priority", std::to_string(a.priority), std::to_string(b.priority));
  const Conditions& x = a.when;
  const Conditions& y = b.when;
  d.list("when.keywords_any", x.keywords_any, y.keywords_any);
  d.list("when.keywords_all", x.keywords_all, y.keywords_all);
  d.list("when.keywords_none", x.keywords_none, y.keywords_none);
  d.list("when.channels", x.channels, y.channels);
  d.list("when.streets", x.streets, y.streets);
  d.list("when.communities", x.communities, y.communities);
  d.list("when.declared_categories", x.declared_categories, y.declared_categories);
  d.list("when.categories", x.categories, y.categories);
  d.value("when.parties_min", x.parties_min, y.parties_min);
  d.value("when.repeat_count_min", x.repeat_count_min, y.repeat_count_min);
  d.value("when.repeat_count_max", x.repeat_count_max, y.repeat_count_max);
  d.value("when.parties_max", x.parties_max, y.parties_max);
  d.value("when.amount_min", x.amount_min, y.amount_min);
  d.value("when.amount_below", x.amount_below, y.amount_below);
  d.value("when.injuries", x.injuries, y.injuries);
  const Outcome& p = a.then;
  const Outcome& q = b.then;
  d.value("then.category", p.category, q.category);
  d.value("then.priority", p.priority, q.priority);
  d.value("then.mode", p.mode, q.mode);
  d.value("then.level", p.level, q.level);
  d.plain("then.raise_priority", std::to_string(p.raise_priority),
          std::to_string(q.raise_priority));
  d.plain("then.raise_level", std::to_string(p.raise_level), std::to_string(q.raise_level));
  d.value("then.deadline", p.deadline, q.deadline);
  d.list("then.tags", p.tags, q.tags);
}

// The ids of `table`'s rules that `other` also has, in `table`'s evaluation order.
std::vector<std::string> kept_order(const RuleTable& table, const std::set<std::string>& other) {
  std::vector<std::string> ids;
  for (const auto& r : table.rules) {
    if (other.contains(r.id)) ids.push_back(r.id);
  }
  return ids;
}

std::set<std::string> rule_ids(const RuleTable& t) {
  std::set<std::string> ids;
  for (const auto& r : t.rules) ids.insert(r.id);
  return ids;
}

void diff_table(const RuleTable& a, const RuleTable& b, RuleSetDiff& diff) {
  TableChange change{a.name, {}};
  FieldDiffer d(change.fields);
  d.plain("hit", std::string(to_string(a.hit)), std::string(to_string(b.hit)));
  d.plain("order", std::to_string(a.order), std::to_string(b.order));
  const auto ids_a = rule_ids(a);
  const auto ids_b = rule_ids(b);
  d.list("rule order", kept_order(a, ids_b), kept_order(b, ids_a));
  // Reordering alone moves no element: the list shows the two orders, added/removed stay empty.
  if (!change.fields.empty()) diff.tables_changed.push_back(std::move(change));

  std::map<std::string, const Rule*> by_id;
  for (const auto& r : b.rules) by_id[r.id] = &r;
  for (const auto& r : a.rules) {
    auto it = by_id.find(r.id);
    if (it == by_id.end()) {
      diff.rules_removed.push_back({a.name, r.id, r.pos});
      continue;
    }
    RuleChange rc{{a.name, r.id, r.pos}, {b.name, r.id, it->second->pos}, {}};
    diff_rule(r, *it->second, rc.fields);
    if (!rc.fields.empty()) diff.rules_changed.push_back(std::move(rc));
  }
  for (const auto& r : b.rules) {
    if (!ids_a.contains(r.id)) diff.rules_added.push_back({b.name, r.id, r.pos});
  }
}

void append_change(std::string& out, const FieldChange& c) {
  if (!c.added.empty() || !c.removed.empty()) {
    out += fmt::format("    {}:", c.field);
    for (const auto& x : c.added) out += fmt::format(" +\"{}\"", x);
    for (const auto& x : c.removed) out += fmt::format(" -\"{}\"", x);
    out += '\n';
  } else {
    out += fmt::format("    {}: {} -> {}\n", c.field, c.before, c.after);
  }
}

}  // namespace

bool RuleSetDiff::empty() const {
  return tables_added.empty() && tables_removed.empty() && tables_changed.empty() &&
         rules_added.empty() && rules_removed.empty() && rules_changed.empty() &&
         categories_added.empty() && categories_removed.empty() && defaults_changed.empty();
}

RuleSetDiff diff_rule_sets(const rules::RuleSet& before, const rules::RuleSet& after) {
  RuleSetDiff diff;
  diff.before_version = before.version();
  diff.after_version = after.version();

  std::map<std::string, const RuleTable*> after_tables;
  for (const auto& t : after.tables()) after_tables[t.name] = &t;
  std::set<std::string> before_names;
  for (const auto& t : before.tables()) {
    before_names.insert(t.name);
    auto it = after_tables.find(t.name);
    if (it == after_tables.end()) {
      diff.tables_removed.push_back(t.name);
      for (const auto& r : t.rules) diff.rules_removed.push_back({t.name, r.id, r.pos});
    } else {
      diff_table(t, *it->second, diff);
    }
  }
  for (const auto& t : after.tables()) {
    if (before_names.contains(t.name)) continue;
    diff.tables_added.push_back(t.name);
    for (const auto& r : t.rules) diff.rules_added.push_back({t.name, r.id, r.pos});
  }

  std::set<std::string> cats_a, cats_b;
  for (const auto& c : before.categories()) cats_a.insert(c.id);
  for (const auto& c : after.categories()) cats_b.insert(c.id);
  for (const auto& c : cats_b) {
    if (!cats_a.contains(c)) diff.categories_added.push_back(c);
  }
  for (const auto& c : cats_a) {
    if (!cats_b.contains(c)) diff.categories_removed.push_back(c);
  }

  const Classification& x = before.defaults();
  const Classification& y = after.defaults();
  FieldDiffer d(diff.defaults_changed);
  d.plain("category", x.category, y.category);
  d.plain("priority", std::string(to_string(x.priority)), std::string(to_string(y.priority)));
  d.plain("mode", std::string(to_string(x.mode)), std::string(to_string(y.mode)));
  d.plain("level", std::string(to_string(x.level)), std::string(to_string(y.level)));
  d.plain("deadline", text(x.deadline), text(y.deadline));
  return diff;
}

std::string format_diff_text(const RuleSetDiff& diff) {
  if (diff.empty()) return "no differences\n";
  std::string out = fmt::format("rule set {} -> {}\n", diff.before_version, diff.after_version);
  for (const auto& t : diff.tables_added) out += fmt::format("+ table {}\n", t);
  for (const auto& t : diff.tables_removed) out += fmt::format("- table {}\n", t);
  for (const auto& t : diff.tables_changed) {
    out += fmt::format("~ table {}\n", t.table);
    for (const auto& c : t.fields)
      out += fmt::format("    {}: {} -> {}\n", c.field, c.before, c.after);
  }
  for (const auto& r : diff.rules_added) {
    out += fmt::format("+ rule {}.{} ({})\n", r.table, r.id, r.pos.to_string());
  }
  for (const auto& r : diff.rules_removed) {
    out += fmt::format("- rule {}.{} (was {})\n", r.table, r.id, r.pos.to_string());
  }
  for (const auto& r : diff.rules_changed) {
    out += fmt::format("~ rule {}.{} ({})\n", r.after.table, r.after.id, r.after.pos.to_string());
    for (const auto& c : r.fields) append_change(out, c);
  }
  for (const auto& c : diff.categories_added) out += fmt::format("+ category {}\n", c);
  for (const auto& c : diff.categories_removed) out += fmt::format("- category {}\n", c);
  if (!diff.defaults_changed.empty()) {
    out += "~ defaults\n";
    for (const auto& c : diff.defaults_changed) append_change(out, c);
  }
  return out;
}

}  // namespace tiaojie::replay

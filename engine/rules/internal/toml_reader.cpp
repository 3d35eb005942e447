#include "rules/internal/toml_reader.hpp"

#include <fmt/core.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>

#include "model/utf8.hpp"
#include "rules/deadline_basis.hpp"

namespace tiaojie::rules::internal {
namespace {

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date or time";
  }
}

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

class Reader {
 public:
  Reader(std::string_view display_path, std::vector<Diagnostic>& diagnostics)
      : path_(display_path), diagnostics_(diagnostics) {}

  SourcePos pos(const toml::source_region& r) const {
    return SourcePos{path_, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
  }
  [[nodiscard]] std::size_t error_count() const { return diagnostics_.size(); }
  void error(const toml::source_region& r, std::string message) {
    diagnostics_.push_back({Diagnostic::Severity::error, pos(r), std::move(message)});
  }
  void warning(const toml::source_region& r, std::string message) {
    diagnostics_.push_back({Diagnostic::Severity::warning, pos(r), std::move(message)});
  }

  // Visits every key of `table`: `fields` maps known keys to handlers; any other key is an
  // error naming the known ones.
  using Handler = std::function<void(const toml::node&)>;
  void fields(const toml::table& table, std::string_view what,
              const std::vector<std::pair<std::string_view, Handler>>& known) {
    for (auto&& [key, node] : table) {
      // `key = key`: clang 15 (the fuzz build) cannot capture a structured binding itself.
      auto it = std::find_if(known.begin(), known.end(),
                             [&key = key](const auto& k) { return k.first == key.str(); });
      if (it == known.end()) {
        std::string names;
        for (const auto& k : known) names += (names.empty() ? "" : ", ") + std::string(k.first);
        error(key.source(),
              fmt::format("unknown field '{}' in {} (known: {})", key.str(), what, names));
        continue;
      }
      it->second(node);
    }
  }

  std::optional<std::string> string(const toml::node& n, std::string_view field) {
    const auto* s = n.as_string();
    if (!s) {
      error(n.source(), fmt::format("'{}' must be a string, not {}", field, type_name(n)));
      return std::nullopt;
    }
    return s->get();
  }
  std::optional<std::string> id(const toml::node& n, std::string_view field) {
    auto s = string(n, field);
    if (s && !valid_id(*s)) {
      error(n.source(),
            fmt::format("'{}' must be letters, digits, '_', '-' or '.', got \"{}\"", field, *s));
      return std::nullopt;
    }
    return s;
  }
  std::optional<std::int64_t> integer(const toml::node& n, std::string_view field, std::int64_t min,
                                      std::int64_t max) {
    const auto* i = n.as_integer();
    if (!i) {
      error(n.source(), fmt::format("'{}' must be an integer, not {}", field, type_name(n)));
      return std::nullopt;
    }
    if (i->get() < min || i->get() > max) {
      error(n.source(),
            fmt::format("'{}' must be between {} and {}, got {}", field, min, max, i->get()));
      return std::nullopt;
    }
    return i->get();
  }
  std::optional<double> number(const toml::node& n, std::string_view field) {
    double v = 0;
    if (const auto* i = n.as_integer()) {
      v = static_cast<double>(i->get());
    } else if (const auto* f = n.as_floating_point()) {
      v = f->get();
    } else {
      error(n.source(), fmt::format("'{}' must be a number, not {}", field, type_name(n)));
      return std::nullopt;
    }
    if (!std::isfinite(v) || v < 0) {
      error(n.source(), fmt::format("'{}' must be a finite number >= 0", field));
      return std::nullopt;
    }
    return v;
  }
  std::optional<bool> boolean(const toml::node& n, std::string_view field) {
    const auto* b = n.as_boolean();
    if (!b) {
      error(n.source(), fmt::format("'{}' must be true or false, not {}", field, type_name(n)));
      return std::nullopt;
    }
    return b->get();
  }
  // A non-empty array of non-empty UTF-8 strings.
  std::vector<std::string> strings(const toml::node& n, std::string_view field) {
    std::vector<std::string> out;
    const auto* a = n.as_array();
    if (!a) {
      error(n.source(),
            fmt::format("'{}' must be an array of strings, not {}", field, type_name(n)));
      return out;
    }
    if (a->empty()) error(n.source(), fmt::format("'{}' must not be empty", field));
    for (const auto& e : *a) {
      auto s = string(e, field);
      if (!s) continue;
      if (s->empty()) {
        error(e.source(), fmt::format("'{}' must not contain an empty string", field));
      } else if (!is_valid_utf8(*s)) {
        error(e.source(), fmt::format("'{}' contains invalid UTF-8", field));
      } else {
        out.push_back(std::move(*s));
      }
    }
    return out;
  }
  template <class E>
  std::optional<E> choice(const toml::node& n, std::string_view field,
                          std::optional<E> (*parse)(std::string_view),
                          std::span<const std::string_view> names) {
    auto s = string(n, field);
    if (!s) return std::nullopt;
    auto v = parse(*s);
    if (!v)
      error(n.source(),
            fmt::format("'{}' must be one of {}, got \"{}\"", field, fmt::join(names, ", "), *s));
    return v;
  }
  const toml::table* table(const toml::node& n, std::string_view field) {
    const auto* t = n.as_table();
    if (!t) error(n.source(), fmt::format("'{}' must be a table, not {}", field, type_name(n)));
    return t;
  }

 private:
  std::string path_;
  std::vector<Diagnostic>& diagnostics_;
};

// deadline_days | deadline_months, deadline_count, deadline_from, shared by outcomes, defaults and
// expectations. A period is days (calendar or working) or months (民法典 art. 202), counted from
// the start event `deadline_from` (default: received).
struct DeadlineFields {
  std::optional<std::int64_t> days;
  std::optional<std::int64_t> months;
  std::optional<DayCount> count;
  std::optional<DeadlineStart> from;
  std::optional<std::int64_t> routing_days;
  std::optional<std::int64_t> extension_days;
  std::optional<std::int64_t> max_extensions;
  std::optional<DeadlineBasis> basis;
  const toml::node* basis_node = nullptr;
  const toml::node* routing_node = nullptr;
  const toml::node* extension_node = nullptr;
  const toml::node* max_extensions_node = nullptr;
  const toml::node* days_node = nullptr;
  const toml::node* months_node = nullptr;
  const toml::node* count_node = nullptr;
  const toml::node* from_node = nullptr;
  std::vector<std::pair<std::string_view, Reader::Handler>> handlers(Reader& r) {
    return {{"deadline_days",
             [&](const toml::node& n) {
               days_node = &n;
               days = r.integer(n, "deadline_days", 1, 3650);
             }},
            {"deadline_months",
             [&](const toml::node& n) {
               months_node = &n;
               months = r.integer(n, "deadline_months", 1, 120);
             }},
            {"deadline_count",
             [&](const toml::node& n) {
               count_node = &n;
               count = r.choice<DayCount>(n, "deadline_count", parse_day_count, day_count_names());
             }},
            {"deadline_from",
             [&](const toml::node& n) {
               from_node = &n;
               from = r.choice<DeadlineStart>(n, "deadline_from", parse_deadline_start,
                                              deadline_start_names());
             }},
            {"deadline_routing_days",
             [&](const toml::node& n) {
               routing_node = &n;
               routing_days = r.integer(n, "deadline_routing_days", 1, 3650);
             }},
            {"deadline_extension_days",
             [&](const toml::node& n) {
               extension_node = &n;
               extension_days = r.integer(n, "deadline_extension_days", 1, 3650);
             }},
            {"deadline_extensions",
             [&](const toml::node& n) {
               max_extensions_node = &n;
               max_extensions = r.integer(n, "deadline_extensions", 1, 100);
             }},
            {"deadline_basis", [&](const toml::node& n) {
               basis_node = &n;
               basis = r.choice<DeadlineBasis>(n, "deadline_basis", parse_deadline_basis,
                                               deadline_basis_names());
             }}};
  }
  // The extension fields against what the law of `basis` allows; a rule (not an expectation)
  // without a basis is warned about. False: an error was reported.
  bool check_basis(Reader& r, bool is_rule) {
    if (!basis_node) {
      if (is_rule) {
        r.warning((days_node ? days_node : months_node)->source(),
                  fmt::format("the deadline gives no 'deadline_basis' (its legal basis: {}); "
                              "without one, extensions are not checked against the law",
                              fmt::join(deadline_basis_names(), ", ")));
      }
      return true;
    }
    if (!basis) return false;
    const ExtensionLimit limit = extension_limit(*basis);
    if (limit.extension_days == 0 && (extension_node || max_extensions_node)) {
      r.error((extension_node ? extension_node : max_extensions_node)->source(),
              fmt::format("an extension on a rule whose basis {} ({}) allows none; remove "
                          "'deadline_extension_days' or change 'deadline_basis'",
                          to_string(*basis), article(*basis)));
      return false;
    }
    if (limit.extension_days > 0 && extension_days && *extension_days > limit.extension_days) {
      r.error(extension_node->source(),
              fmt::format("{} allows at most {} days of extension, not {}", article(*basis),
                          limit.extension_days, *extension_days));
      return false;
    }
    if (limit.max_extensions > 0 && max_extensions && *max_extensions > limit.max_extensions) {
      r.error(max_extensions_node->source(),
              fmt::format("{} allows {} extension{}, not {}", article(*basis), limit.max_extensions,
                          limit.max_extensions == 1 ? "" : "s", *max_extensions));
      return false;
    }
    return true;
  }
  std::optional<Deadline> finish(Reader& r, bool is_rule = true) {
    if (days_node && months_node) {
      r.error(months_node->source(), "give 'deadline_days' or 'deadline_months', not both");
      return std::nullopt;
    }
    if (months_node && count && *count != DayCount::months) {
      r.error(count_node->source(),
              fmt::format("a month count on a {}-day rule: 'deadline_months' is counted "
                          "in months (deadline_count = \"months\" or no deadline_count)",
                          to_string(*count)));
      return std::nullopt;
    }
    if (days_node && count == DayCount::months) {
      r.error(count_node->source(),
              "'deadline_count = \"months\"' counts 'deadline_months', not 'deadline_days'");
      return std::nullopt;
    }
    if (!days_node && !months_node) {
      if (count_node)
        r.error(count_node->source(),
                "'deadline_count' needs 'deadline_days' or 'deadline_months'");
      if (from_node)
        r.error(from_node->source(), "'deadline_from' needs 'deadline_days' or 'deadline_months'");
      for (const auto* n : {routing_node, extension_node, max_extensions_node, basis_node}) {
        if (n)
          r.error(n->source(),
                  "the deadline's routing, extension and basis fields need 'deadline_days' or "
                  "'deadline_months'");
      }
      return std::nullopt;
    }
    if (max_extensions_node && !extension_node) {
      r.error(max_extensions_node->source(),
              "'deadline_extensions' needs 'deadline_extension_days' (the cap)");
      return std::nullopt;
    }
    if (routing_node && from.value_or(DeadlineStart::received) == DeadlineStart::received) {
      r.error(routing_node->source(),
              "'deadline_routing_days' runs until a later start event: it needs "
              "deadline_from = \"accepted\" or \"mediation_started\"");
      return std::nullopt;
    }
    if (days_node && !days) return std::nullopt;
    if (months_node && !months) return std::nullopt;
    if (!check_basis(r, is_rule)) return std::nullopt;
    Deadline d;
    d.days = static_cast<int>(months ? *months : *days);
    d.count = months ? DayCount::months : count.value_or(DayCount::calendar);
    d.from = from.value_or(DeadlineStart::received);
    d.routing_days = static_cast<int>(routing_days.value_or(0));
    d.extension_days = static_cast<int>(extension_days.value_or(0));
    d.max_extensions = static_cast<int>(max_extensions.value_or(0));
    return d;
  }
};

class FileReader {
 public:
  FileReader(std::string_view name, std::string_view display_path, std::vector<Diagnostic>& d)
      : name_(name), r_(display_path, d) {}

  FileContent read(const toml::table& root) {
    const toml::node* table_node = nullptr;
    const toml::node* rules_node = nullptr;
    r_.fields(root, "a rule file",
              {{"table", [&](const toml::node& n) { table_node = &n; }},
               {"rule", [&](const toml::node& n) { rules_node = &n; }},
               {"category", [&](const toml::node& n) { read_categories(n); }},
               {"defaults", [&](const toml::node& n) { read_defaults(n); }},
               {"test", [&](const toml::node& n) { tests_node_ = &n; }}});
    if (table_node || rules_node) {
      RuleTable t;
      t.name = std::filesystem::path(name_).stem().string();
      t.pos = SourcePos{r_.pos(root.source()).file, 1, 1};
      if (table_node) read_table_header(*table_node, t);
      if (rules_node) read_rules(*rules_node, t);
      out_.table = std::move(t);
    }
    if (tests_node_) read_tests(*tests_node_);
    return std::move(out_);
  }

 private:
  void use_category(const std::string& id, const toml::node& n) {
    out_.category_uses.emplace_back(id, r_.pos(n.source()));
  }

  void read_table_header(const toml::node& n, RuleTable& t) {
    const auto* tbl = r_.table(n, "table");
    if (!tbl) return;
    t.pos = r_.pos(n.source());
    r_.fields(*tbl, "[table]",
              {{"name",
                [&](const toml::node& v) {
                  if (auto s = r_.id(v, "name")) t.name = *s;
                }},
               {"hit",
                [&](const toml::node& v) {
                  auto s = r_.string(v, "hit");
                  if (!s) return;
                  if (*s == "first")
                    t.hit = HitPolicy::first;
                  else if (*s == "unique")
                    t.hit = HitPolicy::unique;
                  else
                    r_.error(v.source(),
                             fmt::format("'hit' must be first or unique, got \"{}\"", *s));
                }},
               {"order",
                [&](const toml::node& v) {
                  if (auto i = r_.integer(v, "order", -1000000, 1000000))
                    t.order = static_cast<int>(*i);
                }},
               {"description", [&](const toml::node& v) { (void)r_.string(v, "description"); }}});
  }

  void read_rules(const toml::node& n, RuleTable& t) {
    const auto* arr = n.as_array();
    if (!arr || !arr->is_array_of_tables()) {
      r_.error(n.source(), "'rule' must be an array of tables: write [[rule]]");
      return;
    }
    for (const auto& e : *arr) read_rule(*e.as_table(), t);
  }

  void read_rule(const toml::table& tbl, RuleTable& t) {
    Rule rule;
    rule.pos = r_.pos(tbl.source());
    const auto errors_before = r_.error_count();
    bool has_id = false, id_given = false, has_then = false;
    r_.fields(tbl, "[[rule]]",
              {{"id",
                [&](const toml::node& v) {
                  id_given = true;
                  if (auto s = r_.id(v, "id")) rule.id = *s, has_id = true;
                }},
               {"priority",
                [&](const toml::node& v) {
                  if (auto i = r_.integer(v, "priority", -1000000, 1000000))
                    rule.priority = static_cast<int>(*i);
                }},
               {"description", [&](const toml::node& v) { (void)r_.string(v, "description"); }},
               {"when",
                [&](const toml::node& v) {
                  if (const auto* w = r_.table(v, "when")) read_when(*w, rule.when);
                }},
               {"then", [&](const toml::node& v) {
                  has_then = true;
                  if (const auto* w = r_.table(v, "then")) read_then(*w, rule.then);
                }}});
    if (!has_id) {
      if (!id_given) r_.error(tbl.source(), "rule has no 'id'");
      return;
    }
    if (!has_then)
      r_.error(tbl.source(), fmt::format("rule '{}' has no 'then' (its outcome)", rule.id));
    for (const auto& other : t.rules) {
      if (other.id == rule.id) {
        r_.error(tbl.source(), fmt::format("duplicate rule id '{}' (first at {})", rule.id,
                                           other.pos.to_string()));
        return;
      }
    }
    if (r_.error_count() != errors_before) out_.broken_rules.push_back(rule.id);
    t.rules.push_back(std::move(rule));
  }

  void read_when(const toml::table& tbl, Conditions& c) {
    auto list = [&](std::string_view f, std::vector<std::string>& into) {
      return std::pair<std::string_view, Reader::Handler>{
          f, [&, f](const toml::node& v) { into = r_.strings(v, f); }};
    };
    auto categories = [&](std::string_view f, std::vector<std::string>& into) {
      return std::pair<std::string_view, Reader::Handler>{
          f, [&, f](const toml::node& v) {
            into = r_.strings(v, f);
            const auto* a = v.as_array();
            for (std::size_t i = 0; i < into.size(); ++i) {
              use_category(into[i], a && a->size() == into.size() ? (*a)[i] : v);
            }
          }};
    };
    // Each name at its own element, so that an unknown one is reported at its column.
    auto places = [&](std::string_view f, std::vector<std::string>& into,
                      std::vector<std::pair<std::string, SourcePos>>& uses) {
      return std::pair<std::string_view, Reader::Handler>{
          f, [&, f](const toml::node& v) {
            into = r_.strings(v, f);
            if (const auto* a = v.as_array(); a && a->size() == into.size()) {
              for (std::size_t i = 0; i < into.size(); ++i)
                uses.emplace_back(into[i], r_.pos((*a)[i].source()));
            }
          }};
    };
    r_.fields(
        tbl, "'when'",
        {list("keywords_any", c.keywords_any),
         list("keywords_all", c.keywords_all),
         list("keywords_none", c.keywords_none),
         list("channels", c.channels),
         places("streets", c.streets, out_.street_uses),
         places("communities", c.communities, out_.community_uses),
         categories("declared_categories", c.declared_categories),
         categories("categories", c.categories),
         {"parties_min",
          [&](const toml::node& v) {
            c.parties_min = r_.integer(v, "parties_min", 0, 1000000000);
          }},
         {"parties_max",
          [&](const toml::node& v) {
            c.parties_max = r_.integer(v, "parties_max", 0, 1000000000);
          }},
         {"amount_min", [&](const toml::node& v) { c.amount_min = r_.number(v, "amount_min"); }},
         {"amount_below",
          [&](const toml::node& v) { c.amount_below = r_.number(v, "amount_below"); }},
         {"repeat_count_min",
          [&](const toml::node& v) {
            c.repeat_count_min = r_.integer(v, "repeat_count_min", 0, 1000000);
          }},
         {"repeat_count_max",
          [&](const toml::node& v) {
            c.repeat_count_max = r_.integer(v, "repeat_count_max", 0, 1000000);
          }},
         {"injuries", [&](const toml::node& v) { c.injuries = r_.boolean(v, "injuries"); }}});
  }

  void read_then(const toml::table& tbl, Outcome& o) {
    DeadlineFields deadline;
    auto known = deadline.handlers(r_);
    known.insert(
        known.end(),
        {{"category",
          [&](const toml::node& v) {
            if ((o.category = r_.id(v, "category"))) {
              use_category(*o.category, v);
              out_.decided_categories.emplace_back(*o.category, r_.pos(v.source()));
            }
          }},
         {"priority",
          [&](const toml::node& v) {
            o.priority = r_.choice<Priority>(v, "priority", parse_priority, priority_names());
          }},
         {"mode",
          [&](const toml::node& v) {
            o.mode = r_.choice<Mode>(v, "mode", parse_mode, mode_names());
          }},
         {"level",
          [&](const toml::node& v) {
            o.level = r_.choice<Level>(v, "level", parse_level, level_names());
          }},
         {"raise_priority",
          [&](const toml::node& v) {
            o.raise_priority = static_cast<int>(r_.integer(v, "raise_priority", 1, 3).value_or(0));
          }},
         {"raise_level",
          [&](const toml::node& v) {
            o.raise_level = static_cast<int>(r_.integer(v, "raise_level", 1, 2).value_or(0));
          }},
         {"tags", [&](const toml::node& v) { o.tags = r_.strings(v, "tags"); }}});
    const auto errors_before = r_.error_count();
    r_.fields(tbl, "'then'", known);
    o.deadline = deadline.finish(r_);
    if (r_.error_count() == errors_before && !o.category && !o.priority && !o.mode && !o.level &&
        !o.raise_priority && !o.raise_level && !o.deadline && o.tags.empty()) {
      r_.error(tbl.source(),
               "'then' decides nothing: give category, priority, mode, level, "
               "raise_priority, raise_level, deadline_days or tags");
    }
  }

  void read_categories(const toml::node& n) {
    const auto* arr = n.as_array();
    if (!arr || !arr->is_array_of_tables()) {
      r_.error(n.source(), "'category' must be an array of tables: write [[category]]");
      return;
    }
    for (const auto& e : *arr) {
      Category c;
      c.pos = r_.pos(e.source());
      r_.fields(*e.as_table(), "[[category]]",
                {{"id",
                  [&](const toml::node& v) {
                    if (auto s = r_.id(v, "id")) c.id = *s;
                  }},
                 {"zh",
                  [&](const toml::node& v) {
                    if (auto s = r_.string(v, "zh")) c.label_zh = *s;
                  }},
                 {"en", [&](const toml::node& v) {
                    if (auto s = r_.string(v, "en")) c.label_en = *s;
                  }}});
      if (c.id.empty()) {
        r_.error(e.source(), "category has no 'id'");
      } else {
        out_.categories.push_back(std::move(c));
      }
    }
  }

  void read_defaults(const toml::node& n) {
    const auto* tbl = r_.table(n, "defaults");
    if (!tbl) return;
    DefaultsEntry d;
    d.pos = r_.pos(n.source());
    DeadlineFields deadline;
    auto known = deadline.handlers(r_);
    known.insert(
        known.end(),
        {{"category",
          [&](const toml::node& v) {
            if ((d.category = r_.id(v, "category"))) {
              d.values.category = *d.category;
              use_category(*d.category, v);
              out_.decided_categories.emplace_back(*d.category, r_.pos(v.source()));
            }
          }},
         {"priority",
          [&](const toml::node& v) {
            if (auto p = r_.choice<Priority>(v, "priority", parse_priority, priority_names()))
              d.values.priority = *p;
          }},
         {"mode",
          [&](const toml::node& v) {
            if (auto m = r_.choice<Mode>(v, "mode", parse_mode, mode_names())) d.values.mode = *m;
          }},
         {"level", [&](const toml::node& v) {
            if (auto l = r_.choice<Level>(v, "level", parse_level, level_names()))
              d.values.level = *l;
          }}});
    r_.fields(*tbl, "[defaults]", known);
    if (auto dl = deadline.finish(r_)) d.values.deadline = *dl;
    out_.defaults = std::move(d);
  }

  void read_tests(const toml::node& n) {
    const auto* arr = n.as_array();
    if (!arr || !arr->is_array_of_tables()) {
      r_.error(n.source(), "'test' must be an array of tables: write [[test]]");
      return;
    }
    for (const auto& e : *arr) read_test(*e.as_table());
  }

  void read_test(const toml::table& tbl) {
    RuleTestCase t;
    t.pos = r_.pos(tbl.source());
    t.table = out_.table ? out_.table->name : std::string();
    bool has_dispute = false;
    r_.fields(tbl, "[[test]]",
              {{"name",
                [&](const toml::node& v) {
                  if (auto s = r_.string(v, "name")) t.name = *s;
                }},
               {"dispute",
                [&](const toml::node& v) {
                  if (const auto* d = r_.table(v, "dispute"))
                    has_dispute = read_dispute(*d, t.dispute);
                }},
               {"expect", [&](const toml::node& v) {
                  if (const auto* x = r_.table(v, "expect")) read_expect(*x, t);
                }}});
    if (!has_dispute) {
      r_.error(tbl.source(), "test has no 'dispute' with a 'description'");
      return;
    }
    if (t.name.empty()) t.name = t.pos.to_string();
    if (t.rule && !out_.table)
      r_.error(tbl.source(), "'expect.rule' needs a rule table in this file");
    out_.tests.push_back(std::move(t));
  }

  bool read_dispute(const toml::table& tbl, Dispute& d) {
    d.external_id = "test";
    d.channel = "test";
    bool has_description = false;
    auto text = [&](std::string_view f, auto setter) {
      return std::pair<std::string_view, Reader::Handler>{f, [&, f, setter](const toml::node& v) {
                                                            if (auto s = r_.string(v, f))
                                                              setter(*s);
                                                          }};
    };
    r_.fields(
        tbl, "a test dispute",
        {text("external_id", [&](std::string s) { d.external_id = std::move(s); }),
         text("channel", [&](std::string s) { d.channel = std::move(s); }),
         {"description",
          [&](const toml::node& v) {
            auto s = r_.string(v, "description");
            if (s && !s->empty() && is_valid_utf8(*s))
              d.description = *s, has_description = true;
            else if (s)
              r_.error(v.source(), "'description' must be non-empty UTF-8");
          }},
         {"parties",
          [&](const toml::node& v) { d.parties = r_.integer(v, "parties", 0, 1000000); }},
         {"amount_claimed",
          [&](const toml::node& v) { d.amount_claimed = r_.number(v, "amount_claimed"); }},
         {"repeat_count",
          [&](const toml::node& v) {
            d.repeat_count = r_.integer(v, "repeat_count", 0, 1000000).value_or(0);
          }},
         {"injuries",
          [&](const toml::node& v) { d.injuries = r_.boolean(v, "injuries").value_or(false); }},
         text("street", [&](std::string s) { d.street = std::move(s); }),
         text("community", [&](std::string s) { d.community = std::move(s); }),
         text("declared_category", [&](std::string s) { d.declared_category = std::move(s); })});
    return has_description;
  }

  void read_expect(const toml::table& tbl, RuleTestCase& t) {
    DeadlineFields deadline;
    auto known = deadline.handlers(r_);
    known.insert(known.end(),
                 {{"category",
                   [&](const toml::node& v) {
                     if ((t.category = r_.id(v, "category"))) use_category(*t.category, v);
                   }},
                  {"priority",
                   [&](const toml::node& v) {
                     t.priority =
                         r_.choice<Priority>(v, "priority", parse_priority, priority_names());
                   }},
                  {"mode",
                   [&](const toml::node& v) {
                     t.mode = r_.choice<Mode>(v, "mode", parse_mode, mode_names());
                   }},
                  {"level",
                   [&](const toml::node& v) {
                     t.level = r_.choice<Level>(v, "level", parse_level, level_names());
                   }},
                  {"tags",
                   [&](const toml::node& v) {
                     std::vector<std::string> tags;
                     if (const auto* a = v.as_array(); a && a->empty()) {
                       t.tags = tags;  // [] = no tags expected
                       return;
                     }
                     t.tags = r_.strings(v, "tags");
                   }},
                  {"rule", [&](const toml::node& v) { t.rule = r_.string(v, "rule"); }}});
    r_.fields(tbl, "'expect'", known);
    t.deadline = deadline.finish(r_, /*is_rule=*/false);
  }

  std::string name_;
  Reader r_;
  FileContent out_;
  const toml::node* tests_node_ = nullptr;
};

}  // namespace

FileContent read_rule_file(std::string_view name, std::string_view display_path,
                           std::string_view contents, std::vector<Diagnostic>& diagnostics) {
  toml::table root;
  try {
    root = toml::parse(contents, display_path);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    diagnostics.push_back(
        {Diagnostic::Severity::error,
         SourcePos{std::string(display_path), static_cast<int>(b.line), static_cast<int>(b.column)},
         std::string(e.description())});
    return {};
  }
  return FileReader(name, display_path, diagnostics).read(root);
}

}  // namespace tiaojie::rules::internal

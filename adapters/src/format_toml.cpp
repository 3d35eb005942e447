// Reads format files with toml++. toml++ exceptions are turned into Errors here and nowhere else.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "adapters/format.hpp"

namespace tiaojie::adapters {
namespace {

constexpr std::pair<std::string_view, ValueKind> k_targets[] = {
    {"external_id", ValueKind::text},        {"received_at", ValueKind::datetime},
    {"reply_due", ValueKind::datetime},      {"description", ValueKind::text},
    {"parties", ValueKind::count},           {"amount_claimed", ValueKind::amount},
    {"injuries", ValueKind::boolean},        {"street", ValueKind::text},
    {"community", ValueKind::text},          {"address", ValueKind::text},
    {"claimant.name", ValueKind::text},      {"claimant.phone", ValueKind::text},
    {"claimant.id_number", ValueKind::text}, {"respondent.name", ValueKind::text},
    {"respondent.phone", ValueKind::text},   {"respondent.id_number", ValueKind::text},
    {"declared_category", ValueKind::text},  {"feedback", ValueKind::text},
    {"feedback_comment", ValueKind::text},
};

class Reader {
 public:
  explicit Reader(std::string_view name) : name_(name) {}

  std::string where(const toml::node& n) const {
    return fmt::format("{}:{}:{}", name_, n.source().begin.line, n.source().begin.column);
  }
  Error error(const toml::node& n, std::string message) const {
    return invalid_input(std::move(message), where(n));
  }

  std::optional<Error> unknown_keys(const toml::table& t,
                                    std::initializer_list<std::string_view> known,
                                    std::string_view what) const {
    for (auto&& [k, v] : t) {
      if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
        return error(v, fmt::format("unknown key \"{}\" in {}; known: {}", k.str(), what,
                                    fmt::join(known, ", ")));
      }
    }
    return std::nullopt;
  }

  Result<std::string> string(const toml::node& n, std::string_view key) const {
    if (auto s = n.value<std::string>()) return *s;
    return std::unexpected(error(n, fmt::format("{} must be a string", key)));
  }

  Result<std::vector<std::string>> strings(const toml::node& n, std::string_view key) const {
    if (n.is_string()) return std::vector<std::string>{*n.value<std::string>()};
    const auto* arr = n.as_array();
    if (!arr)
      return std::unexpected(
          error(n, fmt::format("{} must be a string or an array of strings", key)));
    std::vector<std::string> out;
    for (const auto& item : *arr) {
      auto s = string(item, key);
      if (!s) return std::unexpected(s.error());
      out.push_back(std::move(*s));
    }
    return out;
  }

  // A scalar that must suit a target of `kind`.
  Result<Scalar> scalar(const toml::node& n, ValueKind kind, std::string_view key) const {
    switch (kind) {
      case ValueKind::boolean:
        if (auto b = n.value_exact<bool>()) return Scalar{*b};
        return std::unexpected(
            error(n, fmt::format("{} must be true or false for this target", key)));
      case ValueKind::count:
        if (auto i = n.value_exact<std::int64_t>(); i && *i >= 0) return Scalar{*i};
        return std::unexpected(
            error(n, fmt::format("{} must be a non-negative integer for this target", key)));
      case ValueKind::amount:
        if (auto i = n.value_exact<std::int64_t>(); i && *i >= 0)
          return Scalar{static_cast<double>(*i)};
        if (auto d = n.value_exact<double>(); d && *d >= 0) return Scalar{*d};
        return std::unexpected(
            error(n, fmt::format("{} must be a non-negative number for this target", key)));
      case ValueKind::text:
      case ValueKind::datetime:
        if (auto s = n.value_exact<std::string>()) return Scalar{*s};
        return std::unexpected(error(n, fmt::format("{} must be a string for this target", key)));
    }
    return std::unexpected(error(n, "unreachable"));
  }

  Result<FieldRule> field(const toml::table& t) const {
    if (auto e =
            unknown_keys(t,
                         {"target", "from", "concat", "count", "separator", "labels", "required",
                          "default", "prefix", "map", "contains", "unmapped", "date_formats",
                          "working_days", "calendar_days", "hours", "default_from", "default_by"},
                         "[[field]]")) {
      return std::unexpected(*e);
    }
    FieldRule rule;
    rule.declared_at = where(t);
    const toml::node* target = t.get("target");
    if (!target) return std::unexpected(error(t, "[[field]] needs a target"));
    auto name = string(*target, "target");
    if (!name) return std::unexpected(name.error());
    auto kind = target_kind(*name);
    if (!kind) {
      std::vector<std::string_view> names;
      for (auto [n, k] : k_targets) names.push_back(n);
      return std::unexpected(error(
          *target, fmt::format("unknown target \"{}\"; known: {}", *name, fmt::join(names, ", "))));
    }
    rule.target = *name;
    rule.kind = *kind;

    int ways = 0;
    for (auto [key, combine] :
         {std::pair{"from", Combine::first}, std::pair{"concat", Combine::concat},
          std::pair{"count", Combine::count}}) {
      const toml::node* n = t.get(key);
      if (!n) continue;
      ++ways;
      auto s = strings(*n, key);
      if (!s) return std::unexpected(s.error());
      if (s->empty())
        return std::unexpected(error(*n, fmt::format("{} must name at least one field", key)));
      rule.sources = std::move(*s);
      rule.combine = combine;
    }
    if (ways > 1) return std::unexpected(error(t, "give only one of from, concat, count"));
    if (ways == 0 && !t.get("default")) {
      return std::unexpected(
          error(t, fmt::format("field {} needs from, concat, count or default", rule.target)));
    }
    if (rule.combine == Combine::count && rule.kind != ValueKind::count) {
      return std::unexpected(
          error(t, fmt::format("count can only fill parties, not {}", rule.target)));
    }
    if (rule.combine == Combine::concat && rule.kind != ValueKind::text) {
      return std::unexpected(
          error(t, fmt::format("concat can only fill a text field, not {}", rule.target)));
    }
    if (const auto* n = t.get("separator")) {
      auto s = string(*n, "separator");
      if (!s) return std::unexpected(s.error());
      rule.separator = *s;
    }
    if (const auto* n = t.get("labels")) {
      auto s = strings(*n, "labels");
      if (!s) return std::unexpected(s.error());
      if (s->size() != rule.sources.size()) {
        return std::unexpected(error(*n, fmt::format("labels has {} entries for {} fields",
                                                     s->size(), rule.sources.size())));
      }
      rule.labels = std::move(*s);
    }
    if (const auto* n = t.get("required")) {
      if (auto b = n->value_exact<bool>()) {
        rule.required = *b;
      } else if (n->is_array()) {
        auto s = strings(*n, "required");
        if (!s) return std::unexpected(s.error());
        for (const auto& f : *s) {
          if (std::find(rule.sources.begin(), rule.sources.end(), f) == rule.sources.end()) {
            return std::unexpected(
                error(*n, fmt::format("required names {}, which this rule does not read", f)));
          }
        }
        rule.required = true;
        rule.required_sources = std::move(*s);
      } else {
        return std::unexpected(error(
            *n, "required must be true, false or a list of the fields that must not be empty"));
      }
    }
    if (const auto* n = t.get("default")) {
      auto s = scalar(*n, rule.kind, "default");
      if (!s) return std::unexpected(s.error());
      rule.default_value = std::move(*s);
      rule.default_at = where(*n);
    }
    if (const auto* n = t.get("prefix")) {
      auto s = string(*n, "prefix");
      if (!s) return std::unexpected(s.error());
      rule.prefix = *s;
    }
    if (const auto* n = t.get("map")) {
      const auto* m = n->as_table();
      if (!m)
        return std::unexpected(error(*n, "map must be a table of native value = canonical value"));
      for (auto&& [k, v] : *m) {
        auto s = scalar(v, rule.kind, fmt::format("map value for \"{}\"", k.str()));
        if (!s) return std::unexpected(s.error());
        rule.map.emplace_back(std::string(k.str()), std::move(*s));
        rule.map_at.push_back(where(v));
      }
    }
    if (const auto* n = t.get("contains")) {
      const auto* arr = n->as_array();
      if (!arr)
        return std::unexpected(error(*n, "contains must be an array of {text = …, value = …}"));
      for (const auto& item : *arr) {
        const auto* it = item.as_table();
        if (!it || !it->get("text") || !it->get("value") || it->size() != 2) {
          return std::unexpected(
              error(item, "each contains entry must be {text = \"…\", value = …}"));
        }
        auto text = string(*it->get("text"), "contains.text");
        if (!text) return std::unexpected(text.error());
        auto s = scalar(*it->get("value"), rule.kind, "contains.value");
        if (!s) return std::unexpected(s.error());
        rule.contains.emplace_back(std::move(*text), std::move(*s));
        rule.contains_at.push_back(where(*it->get("value")));
      }
    }
    if (const auto* n = t.get("unmapped")) {
      auto s = string(*n, "unmapped");
      if (!s) return std::unexpected(s.error());
      if (*s == "error")
        rule.unmapped = FieldRule::Unmapped::error;
      else if (*s == "keep")
        rule.unmapped = FieldRule::Unmapped::keep;
      else if (*s == "drop")
        rule.unmapped = FieldRule::Unmapped::drop;
      else
        return std::unexpected(
            error(*n, fmt::format("unmapped must be error, keep or drop, got \"{}\"", *s)));
    }
    if (const auto* n = t.get("date_formats")) {
      if (rule.kind != ValueKind::datetime) {
        return std::unexpected(error(
            *n, fmt::format("date_formats only applies to a date-time, not {}", rule.target)));
      }
      auto s = strings(*n, "date_formats");
      if (!s) return std::unexpected(s.error());
      rule.date_formats = std::move(*s);
    }
    if (auto e = reply_period_keys(t, rule)) return std::unexpected(*e);
    return rule;
  }

  // working_days, calendar_days, hours, default_from, default_by: reply_due only.
  std::optional<Error> reply_period_keys(const toml::table& t, FieldRule& rule) const {
    for (auto [key, into] :
         {std::pair{"working_days", &rule.working_days},
          std::pair{"calendar_days", &rule.calendar_days}, std::pair{"hours", &rule.hours},
          std::pair{"default_from", &rule.default_from}}) {
      const toml::node* n = t.get(key);
      if (!n) continue;
      if (rule.target != "reply_due")
        return error(*n, fmt::format("{} only applies to reply_due, not {}", key, rule.target));
      auto s = strings(*n, key);
      if (!s) return s.error();
      if (std::any_of(s->begin(), s->end(), [](const std::string& x) { return x.empty(); })) {
        return error(*n, fmt::format("{} must not hold an empty string", key));
      }
      *into = std::move(*s);
    }
    const toml::node* n = t.get("default_by");
    if (!n) return std::nullopt;
    if (rule.default_from.empty())
      return error(*n, "default_by needs default_from (the field its texts are found in)");
    const auto* arr = n->as_array();
    if (!arr) return error(*n, "default_by must be an array of {text = …, value = …}");
    for (const auto& item : *arr) {
      const auto* it = item.as_table();
      if (!it || !it->get("text") || !it->get("value") || it->size() != 2) {
        return error(item, "each default_by entry must be {text = \"…\", value = \"…\"}");
      }
      auto text = string(*it->get("text"), "default_by.text");
      if (!text) return text.error();
      auto value = string(*it->get("value"), "default_by.value");
      if (!value) return value.error();
      if (!parse_period(rule, *value)) {
        return error(*it->get("value"),
                     fmt::format("\"{}\" is not a period in this rule's words (working_days, "
                                 "calendar_days, hours)",
                                 *value));
      }
      rule.default_by.emplace_back(std::move(*text), std::move(*value));
    }
    return std::nullopt;
  }

 private:
  std::string name_;
};

}  // namespace

std::optional<ValueKind> target_kind(std::string_view target) {
  for (auto [name, kind] : k_targets) {
    if (name == target) return kind;
  }
  return std::nullopt;
}

const FieldRule* Format::rule_for(std::string_view target) const {
  for (const auto& r : fields) {
    if (r.target == target) return &r;
  }
  return nullptr;
}

Result<Format> parse_format(std::string_view text, std::string_view name) {
  toml::table doc;
  try {
    doc = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return std::unexpected(invalid_input(
        std::string(e.description()),
        fmt::format("{}:{}:{}", name, e.source().begin.line, e.source().begin.column)));
  }
  Reader r(name);
  if (auto e = r.unknown_keys(doc, {"format", "field", "aliases"}, "the file"))
    return std::unexpected(*e);
  const auto* head = doc.get_as<toml::table>("format");
  if (!head)
    return std::unexpected(invalid_input("missing [format] table", fmt::format("{}:1:1", name)));
  if (auto e = r.unknown_keys(*head, {"id", "channel", "label", "date_formats", "resolve_address"},
                              "[format]")) {
    return std::unexpected(*e);
  }
  Format f;
  f.file = std::string(name);
  const auto* id = head->get("id");
  if (!id) return std::unexpected(r.error(*head, "[format] needs an id"));
  auto ids = r.string(*id, "id");
  if (!ids) return std::unexpected(ids.error());
  f.id = *ids;
  f.channel = f.id;
  if (const auto* n = head->get("channel")) {
    auto s = r.string(*n, "channel");
    if (!s) return std::unexpected(s.error());
    f.channel = *s;
  }
  if (const auto* n = head->get("label")) {
    auto s = r.string(*n, "label");
    if (!s) return std::unexpected(s.error());
    f.label = *s;
  }
  f.date_formats = {"%Y-%m-%d %H:%M:%S",  "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                    "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H:%M", "%Y年%m月%d日 %H时%M分",
                    "%Y/%m/%d %H:%M:%S",  "%Y/%m/%d %H:%M",    "%Y-%m-%d",
                    "%Y年%m月%d日",       "%Y/%m/%d"};
  if (const auto* n = head->get("date_formats")) {
    auto s = r.strings(*n, "date_formats");
    if (!s) return std::unexpected(s.error());
    f.date_formats = std::move(*s);
  }
  if (const auto* n = head->get("resolve_address")) {
    auto b = n->value_exact<bool>();
    if (!b) return std::unexpected(r.error(*n, "resolve_address must be true or false"));
    f.resolve_address = *b;
  }
  const auto* fields = doc.get_as<toml::array>("field");
  if (!fields) return std::unexpected(r.error(*head, "no [[field]] rules"));
  for (const auto& item : *fields) {
    const auto* t = item.as_table();
    if (!t) return std::unexpected(r.error(item, "[[field]] must be a table"));
    auto rule = r.field(*t);
    if (!rule) return std::unexpected(rule.error());
    if (f.rule_for(rule->target)) {
      return std::unexpected(r.error(*t, fmt::format("a second rule for {}", rule->target)));
    }
    f.fields.push_back(std::move(*rule));
  }
  if (const auto* n = doc.get("aliases")) {
    const auto* t = n->as_table();
    if (!t)
      return std::unexpected(r.error(*n, "[aliases] must be a table of field = [other names]"));
    // A column name must lead to one field: an alias listed for two fields, or naming a field the
    // format reads under its own name, would make the value depend on the order of the lookups.
    const auto read = f.native_fields();
    std::map<std::string, std::string, std::less<>> field_of_alias;
    for (auto&& [k, v] : *t) {
      auto names = r.strings(v, fmt::format("aliases of {}", k.str()));
      if (!names) return std::unexpected(names.error());
      for (std::size_t i = 0; i < names->size(); ++i) {
        const std::string& name = (*names)[i];
        const toml::node& at = v.is_array() ? *v.as_array()->get(i) : v;
        if (t->contains(name) || std::find(read.begin(), read.end(), name) != read.end()) {
          return std::unexpected(r.error(
              at,
              fmt::format("alias \"{}\" of {} is itself a field the format reads", name, k.str())));
        }
        auto [known, fresh] = field_of_alias.emplace(name, std::string(k.str()));
        if (!fresh) {
          return std::unexpected(r.error(
              at,
              known->second == k.str()
                  ? fmt::format("alias \"{}\" is listed twice for {}", name, k.str())
                  : fmt::format("alias \"{}\" is already an alias of {}", name, known->second)));
        }
      }
      f.aliases.emplace(std::string(k.str()), std::move(*names));
    }
  }
  for (std::string_view needed : {"external_id", "description"}) {
    if (!f.rule_for(needed)) {
      return std::unexpected(
          r.error(*head, fmt::format("no [[field]] fills {}, which every dispute needs", needed)));
    }
  }
  return f;
}

Result<Format> load_format(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(io_error("cannot read the format file", file.string()));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_format(buffer.str(), file.string());
}

Result<std::map<std::string, Format, std::less<>>> load_formats(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return std::unexpected(not_found("no such formats folder", dir.string()));
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  if (ec) return std::unexpected(io_error(ec.message(), dir.string()));
  std::sort(files.begin(), files.end());
  std::map<std::string, Format, std::less<>> out;
  for (const auto& file : files) {
    auto f = load_format(file);
    if (!f) return std::unexpected(f.error());
    if (auto it = out.find(f->id); it != out.end()) {
      return std::unexpected(
          conflict(fmt::format("format id \"{}\" is also declared in {}", f->id, it->second.file),
                   file.string()));
    }
    std::string id = f->id;
    out.emplace(std::move(id), std::move(*f));
  }
  return out;
}

}  // namespace tiaojie::adapters

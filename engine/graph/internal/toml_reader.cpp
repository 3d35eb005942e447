// Reads one graph file with toml++ into RawGraph. toml++ exceptions stop here: a parse_error
// becomes one diagnostic with the file:line:column toml++ reports.
#include <fmt/format.h>
#include <toml++/toml.h>

#include "graph/internal/raw.hpp"

namespace tiaojie::graph::internal {

void Diagnostics::add(Diagnostic::Severity severity, std::string where, std::string message) {
  (severity == Diagnostic::Severity::error ? errors_ : warnings_)++;
  if (items_.size() < k_max_kept)
    items_.push_back({severity, std::move(where), std::move(message)});
}
void Diagnostics::absorb(Diagnostics&& other) {
  errors_ += other.errors_;
  warnings_ += other.warnings_;
  for (auto& d : other.items_) {
    if (items_.size() < k_max_kept) items_.push_back(std::move(d));
  }
  other.items_.clear();
}
void Diagnostics::error(SourcePos pos, std::string message) {
  add(Diagnostic::Severity::error, where(pos), std::move(message));
}
void Diagnostics::warning(SourcePos pos, std::string message) {
  add(Diagnostic::Severity::warning, where(pos), std::move(message));
}
void Diagnostics::error_at(std::string where, std::string message) {
  add(Diagnostic::Severity::error, std::move(where), std::move(message));
}
void Diagnostics::warning_at(std::string where, std::string message) {
  add(Diagnostic::Severity::warning, std::move(where), std::move(message));
}
std::string Diagnostics::where(SourcePos pos) const {
  std::string_view file = pos.file < files_.size() ? std::string_view(files_[pos.file]) : "?";
  return fmt::format("{}:{}:{}", file, pos.line, pos.column);
}

namespace {

// One file being read: turns toml++ nodes into raw values, reporting what does not fit.
class FileReader {
 public:
  FileReader(std::uint32_t file, Diagnostics& diag) : file_(file), diag_(diag) {}

  SourcePos pos(const toml::source_region& region) const {
    return {file_, region.begin.line, region.begin.column};
  }
  SourcePos pos(const toml::node& node) const { return pos(node.source()); }

  std::optional<std::string> string(const toml::node& node, std::string_view key) {
    if (const auto* s = node.as_string()) return s->get();
    diag_.error(pos(node), fmt::format("'{}' must be a string", key));
    return std::nullopt;
  }

  // A string or an array of strings (escalates_to = "x" or ["x", "y"]).
  std::vector<LocatedString> strings(const toml::node& node, std::string_view key) {
    std::vector<LocatedString> out;
    if (const auto* s = node.as_string()) {
      out.push_back({s->get(), pos(node)});
    } else if (const auto* array = node.as_array()) {
      for (const auto& element : *array) {
        if (const auto* e = element.as_string()) {
          out.push_back({e->get(), pos(element)});
        } else {
          diag_.error(pos(element), fmt::format("'{}' must hold strings", key));
        }
      }
    } else {
      diag_.error(pos(node), fmt::format("'{}' must be a string or an array of strings", key));
    }
    return out;
  }

  std::optional<Level> level(const toml::node& node) {
    auto text = string(node, "level");
    if (!text) return std::nullopt;
    if (auto l = parse_level(*text)) return l;
    diag_.error(pos(node), fmt::format("unknown level '{}' (expected one of: {})", *text,
                                       fmt::join(level_names(), ", ")));
    return std::nullopt;
  }

  std::optional<std::uint32_t> capacity(const toml::node& node) {
    const auto* i = node.as_integer();
    if (!i || i->get() <= 0 || i->get() > 100'000'000) {
      diag_.error(pos(node),
                  "'capacity' must be a positive integer (open cases the body can carry)");
      return std::nullopt;
    }
    return static_cast<std::uint32_t>(i->get());
  }

  std::optional<ModeSet> modes(const toml::node& node, std::string_view key) {
    ModeSet set = 0;
    for (const auto& m : strings(node, key)) {
      if (auto mode = parse_mode(m.value)) {
        set |= mode_bit(*mode);
      } else {
        diag_.error(m.pos, fmt::format("unknown mode '{}' in '{}' (expected one of: {})", m.value,
                                       key, fmt::join(mode_names(), ", ")));
      }
    }
    return set;
  }

  // office_hours = ["08:30-12:00", "14:00-17:30"]: each interval's error at its own string.
  std::optional<OfficeHours> office_hours(const toml::node& node) {
    const auto* array = node.as_array();
    if (!array) {
      diag_.error(pos(node),
                  "'office_hours' must be an array of \"HH:MM-HH:MM\" strings, e.g. "
                  "[\"08:30-12:00\", \"14:00-17:30\"]");
      return std::nullopt;
    }
    std::vector<OfficeInterval> intervals;
    bool good = true;
    for (const auto& element : *array) {
      const auto* text = element.as_string();
      auto interval = text ? parse_office_interval(text->get())
                           : Result<OfficeInterval>(std::unexpected(invalid_input(
                                 "'office_hours' must hold \"HH:MM-HH:MM\" strings")));
      if (!interval) {
        diag_.error(pos(element), interval.error().message);
        good = false;
        continue;
      }
      intervals.push_back(*interval);
    }
    if (!good) return std::nullopt;
    auto hours = make_office_hours(intervals);
    if (!hours) {
      diag_.error(pos(node), hours.error().message);
      return std::nullopt;
    }
    return *hours;
  }

  // Reads a key that [kind.*] and [[body]] share; false when the key is not one of them.
  bool defaults_field(std::string_view key, const toml::node& node, RawDefaults& out) {
    if (key == "level") {
      out.level = level(node);
    } else if (key == "capacity") {
      out.capacity = capacity(node);
    } else if (key == "competences") {
      out.competences = strings(node, key);
    } else if (key == "leads") {
      out.leads = modes(node, key);
    } else if (key == "joins") {
      out.joins = modes(node, key);
    } else if (key == "office_hours") {
      out.office_hours = office_hours(node);
    } else {
      return false;
    }
    return true;
  }

  void unknown_key(const toml::key& key, std::string_view table, std::string_view allowed) {
    diag_.error(pos(key.source()),
                fmt::format("unknown key '{}' in {} (allowed: {})", key.str(), table, allowed));
  }

  void header(const toml::table& table, RawGraph& out) {
    RawHeader h;
    h.pos = pos(table);
    for (auto&& [key, node] : table) {
      if (key == "name") {
        h.name = string(node, "name").value_or("");
      } else if (key == "categories") {
        h.categories = strings(node, "categories");
      } else if (key == "intake") {
        auto v = string(node, "intake");
        h.intake = {v.value_or(""), pos(node)};
      } else {
        unknown_key(key, "[graph]", "name, categories, intake");
      }
    }
    if (h.intake.value.empty()) diag_.error(h.pos, "[graph] needs 'intake' (the intake body's id)");
    if (h.categories.empty())
      diag_.error(h.pos, "[graph] needs 'categories' (the categories it routes)");
    out.headers.push_back(std::move(h));
  }

  void kinds(const toml::table& table, RawGraph& out) {
    for (auto&& [key, node] : table) {
      const auto* t = node.as_table();
      if (!t) {
        diag_.error(pos(node), fmt::format("[kind.{}] must be a table", key.str()));
        continue;
      }
      RawKind k{std::string(key.str()), {}, pos(key.source())};
      for (auto&& [field, value] : *t) {
        if (!defaults_field(field.str(), value, k.defaults)) {
          unknown_key(field, fmt::format("[kind.{}]", k.name),
                      "level, capacity, competences, leads, joins, office_hours");
        }
      }
      out.kinds.push_back(std::move(k));
    }
  }

  void body(const toml::table& table, RawGraph& out) {
    RawBody b;
    b.pos = pos(table);
    for (auto&& [key, node] : table) {
      auto k = key.str();
      if (defaults_field(k, node, b.fields)) continue;
      if (k == "id") {
        b.id = {string(node, k).value_or(""), pos(node)};
      } else if (k == "name") {
        b.name = string(node, k).value_or("");
      } else if (k == "kind") {
        b.kind = {string(node, k).value_or(""), pos(node)};
      } else if (k == "jurisdiction") {
        b.jurisdiction = {string(node, k).value_or(""), pos(node)};
      } else if (k == "escalates_to") {
        b.escalates_to = strings(node, k);
      } else if (k == "refers_to") {
        b.refers_to = strings(node, k);
      } else if (k == "partners_with") {
        b.partners_with = strings(node, k);
      } else {
        unknown_key(key, "[[body]]",
                    "id, name, kind, level, jurisdiction, capacity, competences, leads, joins, "
                    "office_hours, escalates_to, refers_to, partners_with");
      }
    }
    if (b.id.value.empty()) {
      diag_.error(b.pos, "[[body]] needs a non-empty 'id'");
      return;
    }
    if (b.name.empty()) diag_.error(b.pos, fmt::format("body {} needs a 'name'", b.id.value));
    if (b.jurisdiction.value.empty()) {
      diag_.error(b.pos, fmt::format("body {} needs a 'jurisdiction' (e.g. \"海珠区/凤阳街道\")",
                                     b.id.value));
      return;
    }
    out.bodies.push_back(std::move(b));
  }

  void document(const toml::table& root, RawGraph& out) {
    for (auto&& [key, node] : root) {
      if (key == "graph") {
        if (const auto* t = node.as_table())
          header(*t, out);
        else
          diag_.error(pos(node), "'graph' must be a table: [graph]");
      } else if (key == "kind") {
        if (const auto* t = node.as_table())
          kinds(*t, out);
        else
          diag_.error(pos(node), "'kind' must be a table of tables: [kind.NAME]");
      } else if (key == "body") {
        const auto* array = node.as_array();
        if (!array) {
          diag_.error(pos(node), "'body' must be an array of tables: [[body]]");
          continue;
        }
        for (const auto& element : *array) {
          if (const auto* t = element.as_table())
            body(*t, out);
          else
            diag_.error(pos(element), "each 'body' must be a table");
        }
      } else {
        unknown_key(key, "a graph file", "[graph], [kind.NAME], [[body]]");
      }
    }
  }

 private:
  std::uint32_t file_;
  Diagnostics& diag_;
};

}  // namespace

void read_graph_file(std::uint32_t file, const std::string& name, const std::string& text,
                     RawGraph& out, Diagnostics& diag) {
  FileReader reader(file, diag);
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    diag.error(reader.pos(e.source()), std::string(e.description()));
    return;
  }
  reader.document(root, out);
}

}  // namespace tiaojie::graph::internal

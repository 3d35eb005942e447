#include "rules/rule_set.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "rules/classify.hpp"
#include "rules/internal/analysis.hpp"
#include "rules/internal/check_references.hpp"
#include "rules/internal/compiled.hpp"
#include "rules/internal/toml_reader.hpp"

namespace tiaojie::rules {

std::string SourcePos::to_string() const {
  if (line <= 0) return file;
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string_view to_string(HitPolicy policy) {
  return policy == HitPolicy::first ? "first" : "unique";
}

std::string Diagnostic::to_string() const {
  return fmt::format("{}: {}: {}", pos.to_string(),
                     severity == Severity::error ? "error" : "warning", message);
}

bool RuleSetReport::has_errors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::error; });
}

std::string_view normalise_street(std::string_view street) {
  for (std::string_view suffix : {std::string_view("街道"), std::string_view("街")}) {
    if (street.size() > suffix.size() && street.ends_with(suffix))
      return street.substr(0, street.size() - suffix.size());
  }
  return street;
}

RuleSet::RuleSet(std::vector<RuleTable> tables, std::vector<Category> categories,
                 Classification defaults, std::vector<RuleTestCase> tests,
                 std::vector<SourceFile> files, std::string version)
    : tables_(std::move(tables)),
      categories_(std::move(categories)),
      defaults_(std::move(defaults)),
      tests_(std::move(tests)),
      files_(std::move(files)),
      version_(std::move(version)),
      compiled_(
          std::make_unique<internal::CompiledRules>(internal::compile_rules(tables_, defaults_))) {}

RuleSet::~RuleSet() = default;

const Category* RuleSet::find_category(std::string_view id) const {
  auto it = std::find_if(categories_.begin(), categories_.end(),
                         [&](const Category& c) { return c.id == id; });
  return it == categories_.end() ? nullptr : &*it;
}

std::size_t RuleSet::keyword_count() const { return compiled_->keywords.size(); }
std::size_t RuleSet::rule_count() const { return compiled_->programs.size(); }

namespace {

using Severity = Diagnostic::Severity;

std::string content_hash(const std::vector<SourceFile>& files) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto feed = [&](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
  };
  for (const auto& f : files) {
    feed(f.name);
    feed(std::string_view("\0", 1));
    feed(std::to_string(f.contents.size()));
    feed(std::string_view("\0", 1));
    feed(f.contents);
  }
  return fmt::format("{:016x}", h);
}

void warn(std::vector<Diagnostic>& d, SourcePos pos, std::string message) {
  d.push_back({Severity::warning, std::move(pos), std::move(message)});
}
void fail(std::vector<Diagnostic>& d, SourcePos pos, std::string message) {
  d.push_back({Severity::error, std::move(pos), std::move(message)});
}

// Rules in evaluation order; overlaps in unique tables are errors, shadowed rules in first
// tables are warnings.
// Rules with errors of their own (`broken`, by id) take no part: what they would match is not
// known, so any verdict about them would be a derived error, not a real one.
void order_and_check(RuleTable& t, const std::set<std::string, std::less<>>& broken,
                     std::vector<Diagnostic>& d) {
  auto is_broken = [&](const Rule& r) { return broken.contains(r.id); };
  if (t.hit == HitPolicy::unique) {
    for (std::size_t j = 1; j < t.rules.size(); ++j) {
      if (is_broken(t.rules[j])) continue;
      for (std::size_t i = 0; i < j; ++i) {
        if (is_broken(t.rules[i])) continue;
        if (internal::can_overlap(t.rules[i].when, t.rules[j].when)) {
          fail(d, t.rules[j].pos,
               fmt::format("rule '{}' overlaps rule '{}' ({}) in unique table '{}': some dispute "
                           "can match both",
                           t.rules[j].id, t.rules[i].id, t.rules[i].pos.to_string(), t.name));
          break;
        }
      }
    }
    return;  // file order is the evaluation order; priorities do not matter when nothing overlaps
  }
  std::stable_sort(t.rules.begin(), t.rules.end(),
                   [](const Rule& a, const Rule& b) { return a.priority > b.priority; });
  for (std::size_t j = 1; j < t.rules.size(); ++j) {
    if (is_broken(t.rules[j])) continue;
    for (std::size_t i = 0; i < j; ++i) {
      if (is_broken(t.rules[i])) continue;
      if (internal::implies(t.rules[j].when, t.rules[i].when)) {
        warn(d, t.rules[j].pos,
             fmt::format(
                 "rule '{}' is shadowed by rule '{}' ({}): every dispute it matches, the earlier "
                 "rule matches first, so it never wins",
                 t.rules[j].id, t.rules[i].id, t.rules[i].pos.to_string()));
        break;
      }
    }
  }
}

std::string display_name(std::string_view dir, const std::string& name) {
  if (dir.empty()) return name;
  std::string out(dir);
  if (!out.ends_with('/')) out += '/';
  return out + name;
}

}  // namespace

RuleSetReport check_rule_set_files(const std::map<std::string, std::string>& files,
                                   std::string_view display_dir, const References& refs) {
  RuleSetReport report;
  auto& d = report.diagnostics;
  std::vector<SourceFile> sources;
  std::vector<RuleTable> tables;
  std::vector<Category> categories;
  std::vector<RuleTestCase> tests;
  std::vector<std::pair<std::string, SourcePos>> category_uses;
  std::optional<internal::DefaultsEntry> defaults;
  internal::Uses uses;
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>>
      broken;  // table → rule ids

  if (files.empty()) fail(d, SourcePos{std::string(display_dir)}, "no *.toml rule files");
  for (const auto& [name, contents] : files) {  // std::map: sorted by name
    sources.push_back({name, contents});
    const auto shown = display_name(display_dir, name);
    auto content = internal::read_rule_file(name, shown, contents, d);
    std::move(content.street_uses.begin(), content.street_uses.end(),
              std::back_inserter(uses.streets));
    std::move(content.community_uses.begin(), content.community_uses.end(),
              std::back_inserter(uses.communities));
    std::move(content.decided_categories.begin(), content.decided_categories.end(),
              std::back_inserter(uses.decided));
    if (content.table) {
      broken[content.table->name].insert(content.broken_rules.begin(), content.broken_rules.end());
      for (const auto& other : tables) {
        if (other.name == content.table->name) {
          fail(d, content.table->pos,
               fmt::format("duplicate table name '{}' (also at {})", other.name,
                           other.pos.to_string()));
        }
      }
      tables.push_back(std::move(*content.table));
    }
    for (auto& c : content.categories) {
      if (const auto* first = [&]() -> const Category* {
            for (const auto& x : categories)
              if (x.id == c.id) return &x;
            return nullptr;
          }()) {
        fail(d, c.pos,
             fmt::format("duplicate category '{}' (first at {})", c.id, first->pos.to_string()));
      } else {
        categories.push_back(std::move(c));
      }
    }
    if (content.defaults) {
      if (defaults) {
        fail(d, content.defaults->pos,
             fmt::format("a second [defaults] (the first is at {})", defaults->pos.to_string()));
      } else {
        defaults = std::move(content.defaults);
      }
    }
    std::move(content.tests.begin(), content.tests.end(), std::back_inserter(tests));
    std::move(content.category_uses.begin(), content.category_uses.end(),
              std::back_inserter(category_uses));
  }

  for (const auto& [id, pos] : category_uses) {
    // `id = id`: clang 15 (the fuzz build) cannot capture a structured binding itself.
    auto known = std::any_of(categories.begin(), categories.end(),
                             [&id = id](const Category& c) { return c.id == id; });
    if (!known) fail(d, pos, fmt::format("unknown category '{}': no [[category]] declares it", id));
  }
  // An undeclared category has its error above; "not routed" would only echo it.
  std::erase_if(uses.decided, [&](const auto& use) {
    return std::none_of(categories.begin(), categories.end(),
                        [&](const Category& c) { return c.id == use.first; });
  });
  internal::check_references(refs, uses, tables, d);
  if (tables.size() > static_cast<std::size_t>(Decision::k_max_tables)) {
    fail(d, tables.back().pos,
         fmt::format("too many rule tables ({}; at most {})", tables.size(),
                     Decision::k_max_tables));
  }
  for (auto& t : tables) order_and_check(t, broken[t.name], d);
  std::stable_sort(tables.begin(), tables.end(),
                   [](const RuleTable& a, const RuleTable& b) { return a.order < b.order; });

  // Keep diagnostics in file order, errors and warnings interleaved as they occur in the files.
  std::stable_sort(d.begin(), d.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.pos.file, a.pos.line, a.pos.column) <
           std::tie(b.pos.file, b.pos.line, b.pos.column);
  });
  if (report.has_errors()) return report;

  auto version = content_hash(sources);
  report.rules = std::make_shared<const RuleSet>(
      std::move(tables), std::move(categories), defaults ? defaults->values : Classification{},
      std::move(tests), std::move(sources), std::move(version));
  return report;
}

RuleSetReport check_rule_set(const std::filesystem::path& dir, const References& refs) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> files;
  RuleSetReport failed;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    fail(failed.diagnostics, SourcePos{dir.string()}, "not a folder of rule files");
    return failed;
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) {
      fail(failed.diagnostics, SourcePos{entry.path().string()}, "cannot read the file");
      continue;
    }
    files.emplace(entry.path().filename().string(), std::move(text).str());
  }
  if (ec)
    fail(failed.diagnostics, SourcePos{dir.string()}, "cannot list the folder: " + ec.message());
  if (!failed.diagnostics.empty()) return failed;
  return check_rule_set_files(files, dir.string(), refs);
}

namespace {
Result<LoadedRuleSet> to_result(RuleSetReport report) {
  if (!report.has_errors()) {
    return LoadedRuleSet{std::move(report.rules), std::move(report.diagnostics)};
  }
  const Diagnostic* first = nullptr;
  std::string rest;
  for (const auto& x : report.diagnostics) {
    if (x.severity != Severity::error) continue;
    if (!first)
      first = &x;
    else
      rest += "\n" + x.to_string();
  }
  bool io = first->message.starts_with("cannot ") || first->message.starts_with("not a folder");
  Error e{io ? ErrorCode::io_error : ErrorCode::invalid_input, first->message + rest,
          first->pos.to_string()};
  return std::unexpected(std::move(e));
}
}  // namespace

Result<LoadedRuleSet> load_rule_set(const std::filesystem::path& dir) {
  return to_result(check_rule_set(dir));
}

Result<LoadedRuleSet> load_rule_set_from_files(const std::map<std::string, std::string>& files,
                                               std::string_view display_dir) {
  return to_result(check_rule_set_files(files, display_dir));
}

}  // namespace tiaojie::rules

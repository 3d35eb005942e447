#include "rules/coverage.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <set>
#include <unordered_map>

#include "model/dispute_json.hpp"
#include "rules/classify.hpp"

namespace tiaojie::rules {
namespace {

bool has_tag(const Classification& c, std::string_view tag) {
  return std::find(c.tags.begin(), c.tags.end(), tag) != c.tags.end();
}

Result<std::string> string_member(const boost::json::object& o, std::string_view key,
                                  const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string() || v->as_string().empty()) {
    return std::unexpected(
        invalid_input(fmt::format("'{}' must be a non-empty string", key), where));
  }
  return std::string(v->as_string());
}

Result<bool> bool_member(const boost::json::object& o, std::string_view key,
                         const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_bool()) {
    return std::unexpected(invalid_input(fmt::format("'{}' must be true or false", key), where));
  }
  return v->as_bool();
}

Result<void> only_members(const boost::json::object& o,
                          std::initializer_list<std::string_view> known, const std::string& where) {
  for (const auto& kv : o) {
    if (std::find(known.begin(), known.end(), kv.key()) == known.end()) {
      return std::unexpected(
          invalid_input(fmt::format("unknown member '{}'", std::string_view(kv.key())), where));
    }
  }
  return {};
}

Result<CorpusExpectation> parse_expectation(const boost::json::value* v, const std::string& where) {
  if (!v || !v->is_object())
    return std::unexpected(invalid_input("'expect' must be an object", where));
  const auto& o = v->as_object();
  if (auto ok = only_members(o, {"category", "mode", "level", "police", "labour"}, where); !ok) {
    return std::unexpected(ok.error());
  }
  CorpusExpectation e;
  auto category = string_member(o, "category", where);
  auto mode = string_member(o, "mode", where);
  auto level = string_member(o, "level", where);
  auto police = bool_member(o, "police", where);
  auto labour = bool_member(o, "labour", where);
  for (const auto* r : {&category, &mode, &level}) {
    if (!*r) return std::unexpected(r->error());
  }
  if (!police) return std::unexpected(police.error());
  if (!labour) return std::unexpected(labour.error());
  auto m = parse_mode(*mode);
  if (!m) return std::unexpected(invalid_input(fmt::format("unknown mode '{}'", *mode), where));
  auto l = parse_level(*level);
  if (!l) return std::unexpected(invalid_input(fmt::format("unknown level '{}'", *level), where));
  e.category = std::move(*category);
  e.mode = *m;
  e.level = *l;
  e.police = *police;
  e.labour = *labour;
  return e;
}

Result<CorpusCase> parse_record(std::string_view line_text, int line) {
  const auto where = fmt::format("line {}", line);
  boost::system::error_code ec;
  auto doc = boost::json::parse(line_text, ec);
  if (ec) return std::unexpected(invalid_input(fmt::format("bad JSON: {}", ec.message()), where));
  if (!doc.is_object())
    return std::unexpected(invalid_input("a record must be a JSON object", where));
  const auto& o = doc.as_object();
  if (auto ok = only_members(o, {"id", "dispute", "repeat_count", "expect"}, where); !ok)
    return std::unexpected(ok.error());
  CorpusCase c;
  c.line = line;
  auto id = string_member(o, "id", where);
  if (!id) return std::unexpected(id.error());
  c.id = std::move(*id);
  const auto* d = o.if_contains("dispute");
  if (!d) return std::unexpected(invalid_input("'dispute' is missing", where));
  auto dispute = dispute_from_json(*d, {}, fmt::format("{}: dispute.", where));
  if (!dispute) return std::unexpected(dispute.error());
  c.dispute = std::move(*dispute);
  // Beside the dispute, not in it: the engine counts repeats (docs/repeats.md), a channel never
  // states them.
  if (const auto* n = o.if_contains("repeat_count"); n != nullptr) {
    if (!n->is_int64() || n->as_int64() < 0)
      return std::unexpected(invalid_input("'repeat_count' must be a whole number from 0", where));
    c.dispute.repeat_count = n->as_int64();
  }
  auto expect = parse_expectation(o.if_contains("expect"), where);
  if (!expect) return std::unexpected(expect.error());
  c.expect = std::move(*expect);
  return c;
}

}  // namespace

bool involves_police(const Classification& decision) {
  return decision.mode == Mode::joint_police || has_tag(decision, "police");
}

bool involves_labour(const Classification& decision) {
  return decision.mode == Mode::joint_labour || has_tag(decision, "labour");
}

Result<std::vector<CorpusCase>> parse_corpus(std::string_view ndjson) {
  std::vector<CorpusCase> out;
  std::set<std::string, std::less<>> ids;
  int line = 0;
  while (!ndjson.empty()) {
    ++line;
    const auto end = ndjson.find('\n');
    auto text = ndjson.substr(0, end);
    ndjson = end == std::string_view::npos ? std::string_view{} : ndjson.substr(end + 1);
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto record = parse_record(text, line);
    if (!record) return std::unexpected(record.error());
    if (!ids.insert(record->id).second) {
      return std::unexpected(invalid_input(fmt::format("duplicate id '{}'", record->id),
                                           fmt::format("line {}", line)));
    }
    out.push_back(std::move(*record));
  }
  if (out.empty()) return std::unexpected(invalid_input("the corpus has no record"));
  return out;
}

std::vector<const RuleUse*> CoverageReport::unexercised() const {
  std::vector<const RuleUse*> out;
  for (const auto& r : rules) {
    if (r.wins == 0) out.push_back(&r);
  }
  return out;
}

std::vector<const CategoryCoverage*> CoverageReport::under_covered(std::size_t min_records) const {
  std::vector<const CategoryCoverage*> out;
  for (const auto& c : categories) {
    if (c.records < min_records) out.push_back(&c);
  }
  return out;
}

CoverageReport measure_coverage(const RuleSet& rules, std::span<const CorpusCase> corpus) {
  CoverageReport report;
  // "table\0rule id" → index into report.rules: explain() names rules by RuleRef.
  std::unordered_map<std::string, std::size_t> rule_index;
  for (const auto& t : rules.tables()) {
    for (const auto& r : t.rules) {
      rule_index.emplace(t.name + '\0' + r.id, report.rules.size());
      report.rules.push_back({t.name, &r, 0, 0});
    }
  }
  std::unordered_map<std::string, std::size_t> category_index;
  for (const auto& c : rules.categories()) {
    category_index.emplace(c.id, report.categories.size());
    report.categories.push_back({c.id, 0, 0, 0});
  }
  auto use_of = [&](const RuleRef& ref) -> RuleUse* {
    auto it = rule_index.find(ref.table() + '\0' + ref.rule_id());
    return it == rule_index.end() ? nullptr : &report.rules[it->second];
  };

  for (const auto& record : corpus) {
    auto ex = explain(rules, record.dispute);
    for (const auto& t : ex.tables) {
      if (auto* u = use_of(t.winner)) ++u->wins, ++u->matches;
      for (const auto& m : t.also_matched) {
        if (auto* u = use_of(m)) ++u->matches;
      }
    }
    const auto& got = ex.classification;
    const auto& want = record.expect;
    CorpusMiss miss{&record, got, {}};
    auto score = [&](bool right, std::size_t& counter, const char* field) {
      if (right) {
        ++counter;
      } else {
        miss.wrong.emplace_back(field);
      }
    };
    score(got.category == want.category, report.category_right, "category");
    score(got.mode == want.mode, report.mode_right, "mode");
    score(got.level == want.level, report.level_right, "level");
    score(involves_police(got) == want.police, report.police_right, "police");
    score(involves_labour(got) == want.labour, report.labour_right, "labour");
    ++report.records;
    if (miss.wrong.empty()) ++report.all_right;
    if (got.category != want.category) ++report.confusion[{want.category, got.category}];
    if (auto it = category_index.find(want.category); it != category_index.end()) {
      auto& row = report.categories[it->second];
      ++row.records;
      if (got.category == want.category) ++row.category_right;
      if (miss.wrong.empty()) ++row.all_right;
    }
    if (!miss.wrong.empty()) report.misses.push_back(std::move(miss));
  }
  return report;
}

double percent(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace tiaojie::rules

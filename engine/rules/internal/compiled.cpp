#include "rules/internal/compiled.hpp"

#include <algorithm>

namespace tiaojie::rules::internal {

int Interner::intern(std::string_view text) {
  if (auto it = ids_.find(text); it != ids_.end()) return it->second;
  int id = static_cast<int>(names_.size());
  names_.emplace_back(text);
  ids_.emplace(std::string(text), id);
  return id;
}

int Interner::find(std::string_view text) const {
  auto it = ids_.find(text);
  return it == ids_.end() ? -1 : it->second;
}

namespace {

std::size_t words_for(std::size_t bits) { return (bits + 63) / 64; }

void set_bit(std::uint64_t* words, std::size_t bit) {
  words[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

std::vector<int> intern_all(Interner& interner, const std::vector<std::string>& values,
                            bool street) {
  std::vector<int> ids;
  for (const auto& v : values) ids.push_back(interner.intern(street ? normalise_street(v) : v));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

CompiledRules compile_rules(const std::vector<RuleTable>& tables, const Classification& defaults) {
  CompiledRules c;
  Interner keyword_ids;
  auto keyword = [&](const std::string& k) {
    auto before = keyword_ids.size();
    auto id = static_cast<std::uint32_t>(keyword_ids.intern(k));
    if (keyword_ids.size() != before) c.keywords.push_back(k);
    return id;
  };

  // Per rule: the keywords whose presence makes it a candidate.
  std::vector<std::vector<std::uint32_t>> triggers;
  c.default_category = c.categories.intern(defaults.category);
  for (std::size_t t = 0; t < tables.size(); ++t) {
    c.table_begin.push_back(static_cast<int>(c.programs.size()));
    const std::string& table_name = tables[t].name;
    for (const auto& rule : tables[t].rules) {
      const auto& w = rule.when;
      RuleProgram p;
      std::vector<std::uint32_t> trigger;
      for (const auto& k : w.keywords_any) trigger.push_back(keyword(k));
      for (const auto& k : w.keywords_all) p.all.push_back(keyword(k));
      for (const auto& k : w.keywords_none) p.none.push_back(keyword(k));
      // Without keywords_any, any one keyword of keywords_all is a necessary trigger.
      if (trigger.empty() && !p.all.empty()) trigger.push_back(p.all.front());
      triggers.push_back(std::move(trigger));
      p.has_channels = !w.channels.empty();
      p.channels = intern_all(c.channels, w.channels, false);
      p.has_streets = !w.streets.empty();
      p.streets = intern_all(c.streets, w.streets, true);
      p.has_communities = !w.communities.empty();
      p.communities = intern_all(c.communities, w.communities, false);
      p.has_declared = !w.declared_categories.empty();
      p.declared = intern_all(c.categories, w.declared_categories, false);
      p.has_categories = !w.categories.empty();
      p.categories = intern_all(c.categories, w.categories, false);
      p.parties_min = w.parties_min;
      p.parties_max = w.parties_max;
      p.repeat_count_min = w.repeat_count_min;
      p.repeat_count_max = w.repeat_count_max;
      p.amount_min = w.amount_min;
      p.amount_below = w.amount_below;
      p.injuries = w.injuries;
      if (rule.then.category) p.category = c.categories.intern(*rule.then.category);
      p.outcome = &rule.then;
      c.programs.push_back(std::move(p));
      c.refs.push_back(RuleRef{table_name, rule.id, rule.pos.file, rule.pos.line});
    }
  }
  c.table_begin.push_back(static_cast<int>(c.programs.size()));

  c.chars = CharAutomaton::build(c.keywords);
  if (!c.chars) c.bytes = KeywordAutomaton(c.keywords);
  c.keyword_words = std::max<std::size_t>(1, words_for(c.keywords.size()));
  c.rule_words = std::max<std::size_t>(1, words_for(c.programs.size()));

  // Keyword id → rules it triggers.
  std::vector<std::vector<std::uint32_t>> rules_of_keyword(c.keywords.size());
  c.always_candidates.assign(c.rule_words, 0);
  for (std::size_t r = 0; r < triggers.size(); ++r) {
    if (triggers[r].empty()) set_bit(c.always_candidates.data(), r);
    for (auto k : triggers[r]) rules_of_keyword[k].push_back(static_cast<std::uint32_t>(r));
  }
  auto outputs_of = [&c](std::size_t o) {
    return c.chars ? c.chars->outputs(o) : c.bytes.outputs(o);
  };
  const auto outputs = c.chars ? c.chars->output_count() : c.bytes.output_count();
  c.output_keywords.assign(outputs * c.keyword_words, 0);
  c.output_candidates.assign(outputs * c.rule_words, 0);
  for (std::size_t o = 0; o < outputs; ++o) {
    for (auto k : outputs_of(o)) {
      set_bit(&c.output_keywords[o * c.keyword_words], k);
      for (auto r : rules_of_keyword[k]) set_bit(&c.output_candidates[o * c.rule_words], r);
    }
  }
  return c;
}

}  // namespace tiaojie::rules::internal

#include "rules/classify.hpp"

#include <algorithm>
#include <bit>
#include <memory>

#include "rules/internal/compiled.hpp"

namespace tiaojie::rules {
namespace {

using internal::CompiledRules;
using internal::RuleProgram;

// Bitset words on the stack for the usual sizes, on the heap beyond (thousands of keywords).
class Words {
 public:
  explicit Words(std::size_t n) {
    if (n > k_inline) {
      heap_ = std::make_unique<std::uint64_t[]>(n);
      data_ = heap_.get();
    } else {
      std::fill_n(inline_, n, 0);
    }
  }
  std::uint64_t* data() { return data_; }
  const std::uint64_t* data() const { return data_; }
  [[nodiscard]] bool test(std::size_t bit) const { return (data_[bit / 64] >> (bit % 64)) & 1U; }

 private:
  static constexpr std::size_t k_inline = 32;
  std::uint64_t inline_[k_inline];
  std::unique_ptr<std::uint64_t[]> heap_;
  std::uint64_t* data_ = inline_;
};

// What the description revealed: keywords found, rules worth testing.
struct Scan {
  Words keywords;
  Words candidates;
  Scan(const CompiledRules& c, std::string_view text)
      : keywords(c.keyword_words), candidates(c.rule_words) {
    std::copy_n(c.always_candidates.data(), c.rule_words, candidates.data());
    const auto kw = c.keyword_words;
    const auto rw = c.rule_words;
    internal::scan_keywords(c, text, [&](std::size_t o) {
      const auto* k = &c.output_keywords[o * kw];
      for (std::size_t i = 0; i < kw; ++i) keywords.data()[i] |= k[i];
      const auto* r = &c.output_candidates[o * rw];
      for (std::size_t i = 0; i < rw; ++i) candidates.data()[i] |= r[i];
    });
  }
};

// The dispute's set-valued fields as interned ids (-1: absent or named by no rule), each looked
// up the first time a candidate rule tests it: a hash lookup per field and dispute otherwise,
// where most rule sets test one or two of the four.
class Facts {
 public:
  Facts(const CompiledRules& c, const Dispute& d) : c_(c), d_(d) {}
  int channel() const {
    return once(channel_, [&] { return c_.channels.find(d_.channel); });
  }
  int street() const {
    return once(street_,
                [&] { return d_.street ? c_.streets.find(normalise_street(*d_.street)) : -1; });
  }
  int community() const {
    return once(community_, [&] { return d_.community ? c_.communities.find(*d_.community) : -1; });
  }
  int declared() const {
    return once(declared_, [&] {
      return d_.declared_category ? c_.categories.find(*d_.declared_category) : -1;
    });
  }

 private:
  static constexpr int k_not_yet = -2;
  template <class Find>
  static int once(int& id, Find&& find) {
    if (id == k_not_yet) id = find();
    return id;
  }
  const CompiledRules& c_;
  const Dispute& d_;
  mutable int channel_ = k_not_yet, street_ = k_not_yet, community_ = k_not_yet,
              declared_ = k_not_yet;
};

bool in(const std::vector<int>& set, int id) {
  return id >= 0 && std::binary_search(set.begin(), set.end(), id);
}

bool matches(const RuleProgram& p, const Scan& scan, const Facts& f, const Dispute& d,
             int category) {
  for (auto k : p.all) {
    if (!scan.keywords.test(k)) return false;
  }
  for (auto k : p.none) {
    if (scan.keywords.test(k)) return false;
  }
  if (p.has_channels && !in(p.channels, f.channel())) return false;
  if (p.parties_min && (!d.parties || *d.parties < *p.parties_min)) return false;
  if (p.parties_max && (!d.parties || *d.parties > *p.parties_max)) return false;
  if (p.repeat_count_min && d.repeat_count < *p.repeat_count_min) return false;
  if (p.repeat_count_max && d.repeat_count > *p.repeat_count_max) return false;
  if (p.amount_min && (!d.amount_claimed || *d.amount_claimed < *p.amount_min)) return false;
  if (p.amount_below && (!d.amount_claimed || !(*d.amount_claimed < *p.amount_below))) return false;
  if (p.injuries && d.injuries != *p.injuries) return false;
  if (p.has_streets && !in(p.streets, f.street())) return false;
  if (p.has_communities && !in(p.communities, f.community())) return false;
  if (p.has_declared && !in(p.declared, f.declared())) return false;
  if (p.has_categories && !in(p.categories, category)) return false;
  return true;
}

// Calls on_match(global rule index) for each candidate rule of table t that matches, in
// evaluation order, until on_match returns false.
template <class OnMatch>
void for_each_match(const CompiledRules& c, int t, const Scan& scan, const Facts& facts,
                    const Dispute& d, int category, OnMatch&& on_match) {
  const auto begin = static_cast<std::size_t>(c.table_begin[static_cast<std::size_t>(t)]);
  const auto end = static_cast<std::size_t>(c.table_begin[static_cast<std::size_t>(t) + 1]);
  const auto* cand = scan.candidates.data();
  for (std::size_t w = begin / 64; w * 64 < end; ++w) {
    std::uint64_t bits = cand[w];
    if (w == begin / 64 && begin % 64) bits &= ~std::uint64_t{0} << (begin % 64);
    while (bits) {
      const auto r = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
      if (r >= end) return;
      bits &= bits - 1;
      if (matches(c.programs[r], scan, facts, d, category) && !on_match(static_cast<int>(r)))
        return;
    }
  }
}

// The running decision while tables are applied: the Verdict so far, and the category as an
// interned id for the rules that condition on it.
struct Running {
  Verdict v;
  int category = -1;
  Running(const RuleSet& rules, const CompiledRules& c) : category(c.default_category) {
    const auto& d = rules.defaults();
    v.category = d.category;
    v.priority = d.priority;
    v.mode = d.mode;
    v.level = d.level;
    v.deadline = d.deadline;
    v.table_count = static_cast<int>(rules.tables().size());
    std::fill_n(v.table_winner, Decision::k_max_tables, -1);
  }
};

template <class E>
E raise(E value, int steps, E top) {
  auto v = static_cast<int>(value) + steps;
  return static_cast<E>(std::clamp(v, 0, static_cast<int>(top)));
}

// Applies the outcome of rule r, table t's winner.
void apply(const CompiledRules& c, int t, int r, Running& run) {
  const auto& p = c.programs[static_cast<std::size_t>(r)];
  const auto& o = *p.outcome;
  auto& v = run.v;
  v.table_winner[t] = r;
  if (p.category >= 0) {
    run.category = p.category;
    v.category_rule = r;
    v.category = *o.category;
  }
  if (o.priority) v.priority = *o.priority, v.priority_rule = r;
  if (o.raise_priority) {
    v.priority = raise(v.priority, o.raise_priority, Priority::urgent);
    v.priority_rule = r;
  }
  if (o.mode) v.mode = *o.mode, v.mode_rule = r;
  if (o.level) v.level = *o.level, v.level_rule = r;
  if (o.raise_level) {
    v.level = raise(v.level, o.raise_level, Level::district);
    v.level_rule = r;
  }
  if (o.deadline) v.deadline = *o.deadline, v.deadline_rule = r;
}

std::vector<std::string> fields_of(const Outcome& o) {
  std::vector<std::string> f;
  if (o.category) f.emplace_back("category");
  if (o.priority || o.raise_priority) f.emplace_back("priority");
  if (o.mode) f.emplace_back("mode");
  if (o.level || o.raise_level) f.emplace_back("level");
  if (o.deadline) f.emplace_back("deadline");
  if (!o.tags.empty()) f.emplace_back("tags");
  return f;
}

}  // namespace

RuleRef global_rule_ref(const RuleSet& rules, int r) {
  if (r < 0) return {};
  return rules.compiled().refs[static_cast<std::size_t>(r)];
}

RuleRef rule_ref(const RuleSet& rules, int table_index, int rule_index) {
  const auto& c = rules.compiled();
  return global_rule_ref(rules, c.table_begin[static_cast<std::size_t>(table_index)] + rule_index);
}

Decision decide(const RuleSet& rules, const Dispute& dispute) {
  const auto& c = rules.compiled();
  Scan scan(c, dispute.description);
  Facts facts(c, dispute);
  Decision decision;
  decision.table_count = static_cast<int>(rules.tables().size());
  int category = c.default_category;
  for (int t = 0; t < decision.table_count; ++t) {
    int winner = -1;
    for_each_match(c, t, scan, facts, dispute, category, [&](int r) {
      winner = r;
      return false;
    });
    decision.winner[t] = winner < 0 ? -1 : winner - c.table_begin[static_cast<std::size_t>(t)];
    if (winner >= 0 && c.programs[static_cast<std::size_t>(winner)].category >= 0) {
      category = c.programs[static_cast<std::size_t>(winner)].category;
    }
  }
  return decision;
}

namespace {
Running run_tables(const RuleSet& rules, const Dispute& dispute) {
  const auto& c = rules.compiled();
  Scan scan(c, dispute.description);
  Facts facts(c, dispute);
  Running run(rules, c);
  for (int t = 0; t < run.v.table_count; ++t) {
    for_each_match(c, t, scan, facts, dispute, run.category, [&](int r) {
      apply(c, t, r, run);
      return false;
    });
  }
  return run;
}
}  // namespace

Classification classify(const RuleSet& rules, const Dispute& dispute) {
  return to_classification(rules, classify_verdict(rules, dispute));
}

Verdict classify_verdict(const RuleSet& rules, const Dispute& dispute) {
  return run_tables(rules, dispute).v;
}

Classification to_classification(const RuleSet& rules, const Verdict& v) {
  const auto& compiled = rules.compiled();
  Classification c;
  c.category = v.category;
  c.priority = v.priority;
  c.mode = v.mode;
  c.level = v.level;
  c.deadline = v.deadline;
  // The defaults' tags, then each winner's in table order, each tag once.
  c.tags = rules.defaults().tags;
  for (int t = 0; t < v.table_count; ++t) {
    if (v.table_winner[t] < 0) continue;
    for (const auto& tag :
         compiled.programs[static_cast<std::size_t>(v.table_winner[t])].outcome->tags) {
      if (std::find(c.tags.begin(), c.tags.end(), tag) == c.tags.end()) c.tags.push_back(tag);
    }
  }
  c.category_rule = global_rule_ref(rules, v.category_rule);
  c.priority_rule = global_rule_ref(rules, v.priority_rule);
  c.mode_rule = global_rule_ref(rules, v.mode_rule);
  c.level_rule = global_rule_ref(rules, v.level_rule);
  c.deadline_rule = global_rule_ref(rules, v.deadline_rule);
  c.rules_version = rules.version();
  return c;
}

Explanation explain(const RuleSet& rules, const Dispute& dispute) {
  const auto& c = rules.compiled();
  Scan scan(c, dispute.description);
  Facts facts(c, dispute);
  Running run(rules, c);
  Explanation out;
  for (std::size_t k = 0; k < c.keywords.size(); ++k) {
    if (scan.keywords.test(k)) out.keywords.push_back(c.keywords[k]);
  }
  const int tables = static_cast<int>(rules.tables().size());
  for (int t = 0; t < tables; ++t) {
    TableTrace trace;
    const auto& table = rules.tables()[static_cast<std::size_t>(t)];
    trace.table = table.name;
    trace.hit = table.hit;
    int winner = -1;
    for_each_match(c, t, scan, facts, dispute, run.category, [&](int r) {
      if (winner < 0) {
        winner = r;
        trace.winner = global_rule_ref(rules, r);
        trace.fields = fields_of(*c.programs[static_cast<std::size_t>(r)].outcome);
      } else {
        trace.also_matched.push_back(global_rule_ref(rules, r));
      }
      return true;
    });
    if (winner >= 0) apply(c, t, winner, run);
    out.tables.push_back(std::move(trace));
  }
  out.classification = to_classification(rules, run.v);
  return out;
}

}  // namespace tiaojie::rules

// Property tests on random rules and disputes: the static overlap and shadow analyses never
// contradict a concrete dispute, and the compiled classifier picks the same winner as a naive
// reading of the rule language.
#include "rules/internal/analysis.hpp"

#include <doctest/doctest.h>
#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "rules/classify.hpp"

using namespace tiaojie;
using namespace tiaojie::rules;

namespace {

// Small pools make coincidences (shared keywords, nested keywords, equal bounds) frequent.
const std::vector<std::string> k_keywords = {"工", "资", "工资", "欠薪", "资欠", "薪"};
const std::vector<std::string> k_letters = {"工", "资", "欠", "薪", "x"};
const std::vector<std::string> k_channels = {"walk_in", "online", "hotline_12345"};
const std::vector<std::string> k_streets = {"凤阳", "赤岗街", "江海街道"};
const std::vector<std::string> k_category_ids = {"labour", "other"};

struct Random {
  std::mt19937 rng{12345};
  bool chance(int percent) { return static_cast<int>(rng() % 100) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[rng() % v.size()];
  }
  std::vector<std::string> subset(const std::vector<std::string>& pool) {
    std::vector<std::string> out;
    for (const auto& x : pool) {
      if (chance(40)) out.push_back(x);
    }
    if (out.empty()) out.push_back(pick(pool));
    return out;
  }

  Conditions conditions() {
    Conditions c;
    if (chance(60)) c.keywords_any = subset(k_keywords);
    if (chance(20)) c.keywords_all = subset(k_keywords);
    if (chance(20)) c.keywords_none = subset(k_keywords);
    if (chance(30)) c.channels = subset(k_channels);
    if (chance(20)) c.streets = {pick(k_streets)};
    if (chance(20)) c.declared_categories = subset(k_category_ids);
    if (chance(15)) c.categories = {pick(k_category_ids)};
    if (chance(30)) c.parties_min = rng() % 12;
    if (chance(20)) c.parties_max = rng() % 12;
    if (chance(25)) c.amount_min = static_cast<double>(rng() % 5) * 100;
    if (chance(20)) c.amount_below = static_cast<double>(rng() % 5) * 100;
    if (chance(25)) c.injuries = chance(50);
    return c;
  }

  Dispute dispute() {
    Dispute d;
    d.external_id = "r";
    d.channel = pick(k_channels);
    for (auto n = rng() % 8; n > 0; --n) d.description += pick(k_letters);
    if (d.description.empty()) d.description = "x";
    if (chance(80)) d.parties = rng() % 14;
    if (chance(80)) d.amount_claimed = static_cast<double>(rng() % 6) * 90;
    d.injuries = chance(50);
    if (chance(70)) d.street = pick(std::vector<std::string>{"凤阳街道", "赤岗", "江海街", "琶洲"});
    if (chance(60)) d.declared_category = pick(k_category_ids);
    return d;
  }
};

bool has(const std::string& text, const std::string& k) {
  return text.find(k) != std::string::npos;
}

// The rule language read literally (docs/rules.md), with "other" as the category so far.
bool naive_match(const Conditions& c, const Dispute& d) {
  auto in = [](const std::vector<std::string>& set, const std::optional<std::string>& v,
               bool street) {
    if (set.empty()) return true;
    if (!v) return false;
    for (const auto& s : set) {
      if (street ? normalise_street(s) == normalise_street(*v) : s == *v) return true;
    }
    return false;
  };
  if (!c.keywords_any.empty() &&
      std::none_of(c.keywords_any.begin(), c.keywords_any.end(),
                   [&](const auto& k) { return has(d.description, k); })) {
    return false;
  }
  for (const auto& k : c.keywords_all) {
    if (!has(d.description, k)) return false;
  }
  for (const auto& k : c.keywords_none) {
    if (has(d.description, k)) return false;
  }
  if (!in(c.channels, d.channel, false)) return false;
  if (!in(c.streets, d.street, true)) return false;
  if (!in(c.declared_categories, d.declared_category, false)) return false;
  if (!in(c.categories, std::string("other"), false)) return false;
  if (c.parties_min && (!d.parties || *d.parties < *c.parties_min)) return false;
  if (c.parties_max && (!d.parties || *d.parties > *c.parties_max)) return false;
  if (c.amount_min && (!d.amount_claimed || *d.amount_claimed < *c.amount_min)) return false;
  if (c.amount_below && (!d.amount_claimed || !(*d.amount_claimed < *c.amount_below))) return false;
  if (c.injuries && d.injuries != *c.injuries) return false;
  return true;
}

std::string toml_list(const std::vector<std::string>& v) {
  std::vector<std::string> q;
  for (const auto& s : v) q.push_back("\"" + s + "\"");
  return fmt::format("[{}]", fmt::join(q, ", "));
}

std::string to_toml(const Conditions& c) {
  std::string t;
  auto list = [&](std::string_view name, const std::vector<std::string>& v) {
    if (!v.empty()) t += fmt::format("when.{} = {}\n", name, toml_list(v));
  };
  list("keywords_any", c.keywords_any);
  list("keywords_all", c.keywords_all);
  list("keywords_none", c.keywords_none);
  list("channels", c.channels);
  list("streets", c.streets);
  list("declared_categories", c.declared_categories);
  list("categories", c.categories);
  if (c.parties_min) t += fmt::format("when.parties_min = {}\n", *c.parties_min);
  if (c.parties_max) t += fmt::format("when.parties_max = {}\n", *c.parties_max);
  if (c.amount_min) t += fmt::format("when.amount_min = {:.1f}\n", *c.amount_min);
  if (c.amount_below) t += fmt::format("when.amount_below = {:.1f}\n", *c.amount_below);
  if (c.injuries) t += fmt::format("when.injuries = {}\n", *c.injuries ? "true" : "false");
  return t;
}

}  // namespace

TEST_CASE(
    "rules said not to overlap are never both matched, and shadowing rules match all they shadow") {
  Random r;
  int both = 0, shadowed = 0;  // how often each property was really exercised
  for (int round = 0; round < 3000; ++round) {
    auto a = r.conditions(), b = r.conditions();
    const bool overlap = internal::can_overlap(a, b);
    const bool a_covers_b = internal::implies(b, a);
    for (int i = 0; i < 60; ++i) {
      auto d = r.dispute();
      const bool ma = naive_match(a, d), mb = naive_match(b, d);
      both += ma && mb;
      shadowed += mb && a_covers_b;
      if (ma && mb) REQUIRE_MESSAGE(overlap, (to_toml(a) + "---\n" + to_toml(b)));
      if (mb && a_covers_b) REQUIRE_MESSAGE(ma, (to_toml(a) + "---\n" + to_toml(b)));
    }
  }
  CHECK(both > 1000);
  CHECK(shadowed > 100);
}

TEST_CASE("the compiled classifier picks the winner a naive reading of the table picks") {
  Random r;
  int decided = 0;
  for (int round = 0; round < 150; ++round) {
    std::vector<Conditions> conditions;
    std::vector<int> priorities;
    std::string file = "[table]\nhit = \"first\"\n";
    const auto n = 1 + r.rng() % 25;
    for (std::size_t i = 0; i < n; ++i) {
      conditions.push_back(r.conditions());
      priorities.push_back(static_cast<int>(r.rng() % 4));
      file += fmt::format("[[rule]]\nid = \"r{}\"\npriority = {}\n{}then.tags = [\"r{}\"]\n", i,
                          priorities.back(), to_toml(conditions.back()), i);
    }
    auto loaded = load_rule_set_from_files(
        {{"t.toml", file},
         {"categories.toml", "[[category]]\nid = \"labour\"\n[[category]]\nid = \"other\"\n"}});
    REQUIRE_MESSAGE(loaded, file);
    for (int i = 0; i < 100; ++i) {
      auto d = r.dispute();
      // Naive: highest priority, then file order.
      int best = -1;
      for (std::size_t k = 0; k < n; ++k) {
        if (naive_match(conditions[k], d) &&
            (best < 0 || priorities[k] > priorities[static_cast<std::size_t>(best)])) {
          best = static_cast<int>(k);
        }
      }
      decided += best >= 0;
      auto c = classify(*loaded->rules, d);
      const std::string expected = best < 0 ? "" : fmt::format("r{}", best);
      REQUIRE_MESSAGE(
          c.tags == (best < 0 ? std::vector<std::string>{} : std::vector<std::string>{expected}),
          (file + "\n" + d.description));
    }
  }
  CHECK(decided > 3000);
}

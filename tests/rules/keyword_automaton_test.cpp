#include "rules/internal/keyword_automaton.hpp"

#include <doctest/doctest.h>

#include <random>
#include <set>

#include "rules/automaton_support.hpp"

using tiaojie::rules::internal::KeywordAutomaton;
using tiaojie::test::found;
using tiaojie::test::naive;

TEST_CASE("the automaton finds Chinese keywords, overlapping and nested ones included") {
  std::vector<std::string> keywords = {"拖欠工资", "工资", "欠薪", "拖欠", "资"};
  KeywordAutomaton a(keywords);
  CHECK(found(a, "某工地拖欠工资三个月") == std::set<std::uint32_t>{0, 1, 3, 4});
  CHECK(found(a, "老板欠薪跑路") == std::set<std::uint32_t>{2});
  CHECK(found(a, "").empty());
  CHECK(found(a, "邻居噪音扰民").empty());
}

TEST_CASE("a keyword never matches across a code point boundary") {
  // 工 = E5 B7 A5; "资" = E8 B5 84. A keyword made of the tail of one character and the head of
  // the next cannot be valid UTF-8, so valid keywords only match whole characters.
  std::vector<std::string> keywords = {"工资"};
  KeywordAutomaton a(keywords);
  CHECK(found(a, "加工资料").size() == 1);  // 工资 really occurs in 加工资料 as characters
  CHECK(found(a, "工作资料").empty());
}

TEST_CASE("the automaton agrees with a naive substring search on random inputs") {
  // Small alphabets make overlaps, repeats and shared prefixes frequent.
  const std::vector<std::string> alphabet = {"工", "资", "欠", "薪", "a", "b", "拖", "，"};
  std::mt19937 rng(20261124);
  auto word = [&](std::size_t max_len) {
    std::string s;
    auto len = 1 + rng() % max_len;
    for (std::size_t i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 300; ++round) {
    std::set<std::string> unique;
    auto count = 1 + rng() % 40;
    while (unique.size() < count) unique.insert(word(4));
    std::vector<std::string> keywords(unique.begin(), unique.end());
    KeywordAutomaton a(keywords);
    for (int t = 0; t < 20; ++t) {
      auto text = word(60);
      REQUIRE(found(a, text) == naive(keywords, text));
    }
  }
}

TEST_CASE("an automaton without keywords matches nothing") {
  KeywordAutomaton a(std::vector<std::string>{});
  CHECK(a.output_count() == 0);
  CHECK(found(a, "任何文字").empty());
}

#include "rules/internal/char_automaton.hpp"

#include <doctest/doctest.h>

#include <random>
#include <set>

#include "model/dispute_json.hpp"
#include "rules/automaton_support.hpp"
#include "rules/internal/compiled.hpp"
#include "rules/internal/keyword_automaton.hpp"
#include "rules/rule_set.hpp"
#include "support/disputes.hpp"
#include "support/paths.hpp"

using tiaojie::rules::internal::CharAutomaton;
using tiaojie::rules::internal::KeywordAutomaton;
using tiaojie::test::found;
using tiaojie::test::naive;

namespace {

CharAutomaton build(const std::vector<std::string>& keywords) {
  auto a = CharAutomaton::build(keywords);
  REQUIRE(a.has_value());
  return *a;
}

}  // namespace

TEST_CASE("the code point automaton finds Chinese keywords, overlapping and nested ones included") {
  std::vector<std::string> keywords = {"拖欠工资", "工资", "欠薪", "拖欠", "资"};
  auto a = build(keywords);
  CHECK(found(a, "某工地拖欠工资三个月") == std::set<std::uint32_t>{0, 1, 3, 4});
  CHECK(found(a, "老板欠薪跑路") == std::set<std::uint32_t>{2});
  CHECK(found(a, "加工资料").size() == 2);  // 工资 and 资
  CHECK(found(a, "工作资料") == std::set<std::uint32_t>{4});
  CHECK(found(a, "").empty());
}

TEST_CASE("the code point automaton agrees with the byte automaton on valid and broken UTF-8") {
  // One-, two-, three- and four-byte characters, and pieces that are not UTF-8: lone
  // continuation bytes, truncated sequences, overlongs, a surrogate, bytes above F4. The byte
  // automaton is the reference: replacing it must not change which keywords a text contains.
  const std::vector<std::string> chars = {"工", "资", "欠", "a", "é", "😀", "\xEF\xBF\xBD", "，"};
  const std::vector<std::string> broken = {
      "\x80",     "\xBF",         "\xE5",         "\xE5\xB7",         "\xF0\x9F\x98",
      "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xF5\x80\x80\x80", "\xF4\x90\x80\x80",
      "\xC3",     "\xFF"};
  std::mt19937 rng(20261126);
  auto word = [&](std::size_t max_len) {
    std::string s;
    const auto len = 1 + rng() % max_len;
    for (std::size_t i = 0; i < len; ++i) s += chars[rng() % chars.size()];
    return s;
  };
  for (int round = 0; round < 300; ++round) {
    std::set<std::string> unique;
    const auto count = 1 + rng() % 30;
    while (unique.size() < count) unique.insert(word(4));
    std::vector<std::string> keywords(unique.begin(), unique.end());
    auto a = build(keywords);
    KeywordAutomaton bytes(keywords);
    for (int t = 0; t < 30; ++t) {
      std::string text;
      const auto pieces = rng() % 40;
      for (std::size_t i = 0; i < pieces; ++i) {
        text += rng() % 4 == 0 ? broken[rng() % broken.size()] : chars[rng() % chars.size()];
      }
      // Raw bytes cut out of a keyword as well: a character torn in half right before a match.
      if (rng() % 2 == 0) text += keywords[rng() % keywords.size()].substr(1) + word(3);
      INFO("round " << round << " text " << t);
      REQUIRE(found(a, text) == found(bytes, text));
      REQUIRE(found(a, text) == naive(keywords, text));
    }
  }
}

TEST_CASE(
    "the code point automaton agrees with the byte automaton on the shipped rules and generated "
    "disputes") {
  using namespace tiaojie;
  auto loaded = rules::load_rule_set(test::source_dir() / "rules");
  REQUIRE(loaded.has_value());
  const auto& compiled = loaded->rules->compiled();
  REQUIRE(compiled.chars.has_value());  // classify() runs the code point automaton
  KeywordAutomaton bytes(compiled.keywords);
  std::size_t with_keywords = 0;
  for (const auto& line : test::generated_disputes(3000, 11)) {
    auto d = parse_dispute(line);
    REQUIRE(d.has_value());
    const auto ours = found(*compiled.chars, d->description);
    REQUIRE(ours == found(bytes, d->description));
    with_keywords += !ours.empty();
  }
  CHECK(with_keywords > 2000);  // the comparison is not vacuous
}

TEST_CASE(
    "keywords that are not UTF-8, or too many characters, leave classify the byte automaton") {
  CHECK_FALSE(CharAutomaton::build({"工资", "\xE5\xB7"}).has_value());
  CHECK_FALSE(CharAutomaton::build({"工资", "欠薪"}, 10).has_value());  // 5 states × 5 classes > 10
  CHECK(CharAutomaton::build({"工资", "欠薪"}, 25).has_value());
  auto empty = build({});
  CHECK(empty.output_count() == 0);
  CHECK(found(empty, "任何文字").empty());
}

// The shipped rules on the project's corpus (tests/data/corpus): a regression gate on real
// behaviour, with the thresholds of issue 14 (docs/rules.md has the figures); and the corpus
// reader and scorer themselves (rules/coverage.hpp).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "rules/classify.hpp"
#include "rules/coverage.hpp"
#include "support/paths.hpp"

using namespace tiaojie;
using namespace tiaojie::rules;

namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

std::shared_ptr<const RuleSet> load_rules(const std::map<std::string, std::string>& files) {
  auto loaded = load_rule_set_from_files(files);
  if (!loaded) FAIL(loaded.error().to_string());
  return loaded->rules;
}

const char* k_two_rules = R"(
[table]
name = "category"
[[rule]]
id = "wages"
when.keywords_any = ["工资"]
then = { category = "labour", level = "street", mode = "joint_labour" }
[[rule]]
id = "unused"
when.keywords_any = ["从来没有人写这个"]
then = { category = "family" }
[[category]]
id = "labour"
zh = "劳动争议纠纷"
en = "Labour"
[[category]]
id = "family"
zh = "婚姻家庭纠纷"
en = "Marriage and family"
[[category]]
id = "other"
zh = "其他纠纷"
en = "Other"
)";

// One corpus line for a hotline dispute with this description and expectation.
std::string fmt_record(std::string_view id, std::string_view description, std::string_view expect) {
  std::string s = R"({"id":")";
  s += id;
  s += R"(","dispute":{"external_id":")";
  s += id;
  s += R"(","channel":"hotline_12345","description":")";
  s += description;
  s += R"("},"expect":)";
  s += expect;
  s += "}\n";
  return s;
}

}  // namespace

TEST_CASE(
    "the shipped rules meet the corpus thresholds: 95% exact category, 90% every field, no rule "
    "unexercised") {
  auto rules = load_rule_set(test::source_dir() / "rules");
  REQUIRE(rules);
  auto corpus = parse_corpus(read_text(test::source_dir() / "tests/data/corpus/disputes.ndjson"));
  REQUIRE_MESSAGE(corpus, corpus.error().to_string());
  CHECK(corpus->size() >= 400);

  const auto report = measure_coverage(*rules->rules, *corpus);
  for (const auto& m : report.misses) {
    std::string wrong;
    for (const auto& w : m.wrong) wrong += w + " ";
    MESSAGE(m.record->id << ": " << wrong << "— " << m.record->dispute.description);
  }
  for (const auto* u : report.unexercised())
    MESSAGE("unexercised: " << u->table << "/" << u->rule->id);
  CHECK(percent(report.category_right, report.records) >= 95.0);
  CHECK(percent(report.all_right, report.records) >= 90.0);
  CHECK(report.unexercised().empty());
  CHECK(report.under_covered(10).empty());
}

TEST_CASE("a corpus record is a dispute with its expected category, mode, level and involvement") {
  auto corpus = parse_corpus(
      R"({"id":"a","dispute":{"external_id":"a","channel":"petition","description":"欠工资","parties":3},)"
      R"("expect":{"category":"labour","mode":"petition","level":"street","police":false,"labour":true}})"
      "\n\n");
  REQUIRE(corpus);
  REQUIRE(corpus->size() == 1);
  const auto& c = corpus->front();
  CHECK(c.id == "a");
  CHECK(c.line == 1);
  CHECK(c.dispute.channel == "petition");
  CHECK(c.dispute.parties == 3);
  CHECK(c.expect.category == "labour");
  CHECK(c.expect.mode == Mode::petition);
  CHECK(c.expect.level == Level::street);
  CHECK_FALSE(c.expect.police);
  CHECK(c.expect.labour);
}

TEST_CASE("a bad corpus record is an error naming its line") {
  const std::string good = fmt_record(
      "a", "工资",
      R"({"category":"labour","mode":"people","level":"street","police":false,"labour":false})");
  auto bad_mode = parse_corpus(
      good +
      fmt_record(
          "b", "x",
          R"({"category":"labour","mode":"jail","level":"street","police":false,"labour":false})"));
  REQUIRE_FALSE(bad_mode);
  CHECK(bad_mode.error().where == "line 2");
  CHECK(bad_mode.error().message.find("jail") != std::string::npos);

  auto duplicate = parse_corpus(good + good);
  REQUIRE_FALSE(duplicate);
  CHECK(duplicate.error().message.find("duplicate id 'a'") != std::string::npos);

  auto missing =
      parse_corpus(R"({"id":"c","dispute":{"external_id":"c","channel":"x","description":"y"}})");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("expect") != std::string::npos);

  auto bad_dispute = parse_corpus(
      R"({"id":"d","dispute":{"external_id":"d","channel":"x","description":""},)"
      R"("expect":{"category":"other","mode":"people","level":"community","police":false,"labour":false}})");
  REQUIRE_FALSE(bad_dispute);
  CHECK(bad_dispute.error().where.find("line 1: dispute.") == 0);

  CHECK_FALSE(parse_corpus("\n \n"));
  CHECK_FALSE(parse_corpus("not json\n"));
}

TEST_CASE("coverage scores each field, counts wins per rule and lists confusions") {
  auto rules = load_rules({{"rules.toml", k_two_rules}});
  auto corpus = parse_corpus(
      fmt_record(
          "right", "拖欠工资",
          R"({"category":"labour","mode":"joint_labour","level":"street","police":false,"labour":true})") +
      fmt_record(
          "wrong_mode", "工资",
          R"({"category":"labour","mode":"people","level":"street","police":false,"labour":true})") +
      fmt_record(
          "missed", "老公不回家",
          R"({"category":"family","mode":"people","level":"community","police":false,"labour":false})"));
  REQUIRE(corpus);
  const auto report = measure_coverage(*rules, *corpus);
  CHECK(report.records == 3);
  CHECK(report.category_right == 2);
  CHECK(report.mode_right == 2);    // "wrong_mode" expects people, the rule says joint_labour
  CHECK(report.labour_right == 3);  // joint_labour involves the labour centre
  CHECK(report.all_right == 1);
  REQUIRE(report.misses.size() == 2);
  CHECK(report.misses[0].record->id == "wrong_mode");
  CHECK(report.misses[0].wrong == std::vector<std::string>{"mode"});
  CHECK(report.misses[1].wrong == std::vector<std::string>{"category"});
  CHECK(report.confusion.at({"family", "other"}) == 1);

  const auto unexercised = report.unexercised();
  REQUIRE(unexercised.size() == 1);
  CHECK(unexercised[0]->rule->id == "unused");
  const auto under = report.under_covered(1);
  REQUIRE(under.size() == 1);  // "other" has no record; labour has two, family one
  CHECK(under[0]->id == "other");
}

TEST_CASE("involvement is the mode or the tag: a petition tagged police involves the police") {
  Classification c;
  c.mode = Mode::petition;
  CHECK_FALSE(involves_police(c));
  c.tags = {"police"};
  CHECK(involves_police(c));
  CHECK_FALSE(involves_labour(c));
  c.mode = Mode::joint_labour;
  CHECK(involves_labour(c));
  c = Classification{};
  c.mode = Mode::joint_police;
  CHECK(involves_police(c));
}

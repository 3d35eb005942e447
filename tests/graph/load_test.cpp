#include "graph/load.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "graph/internal/files.hpp"
#include "graph/mini_graph.hpp"
#include "graph/rule_outcomes.hpp"
#include "support/paths.hpp"
#include "support/text_edit.hpp"

namespace tg = tiaojie::graph;
using tiaojie::test::line_of;
using tiaojie::test::mini_graph_text;
using tiaojie::test::one_file;
using tiaojie::test::replace_once;

namespace {

tg::CheckedGraph check(const std::string& text) { return tg::check_graph_sources(one_file(text)); }

// The error diagnostics whose message contains `part`.
std::vector<tg::Diagnostic> errors_with(const tg::CheckedGraph& g, const std::string& part) {
  std::vector<tg::Diagnostic> out;
  for (const auto& d : g.diagnostics) {
    if (d.severity == tg::Diagnostic::Severity::error &&
        d.message.find(part) != std::string::npos) {
      out.push_back(d);
    }
  }
  return out;
}

std::string fmt_name(int i) { return (i < 10 ? "f0" : "f") + std::to_string(i) + ".toml"; }

}  // namespace

TEST_CASE("the mini graph loads clean") {
  auto g = check(mini_graph_text());
  for (const auto& d : g.diagnostics) INFO(d.to_string());
  REQUIRE(g.ok());
  CHECK(g.warning_count == 0);
  CHECK(g.graph->body_count() == 13);
  CHECK(g.graph->version().starts_with("g-"));
  CHECK(g.graph->body(g.graph->intake()).id.value == "d.centre");
}

TEST_CASE("the graph version is a content hash") {
  auto a = check(mini_graph_text());
  auto b = check(mini_graph_text());
  auto c = check(mini_graph_text() + "\n# a comment changes the bytes\n");
  REQUIRE((a.ok() && b.ok() && c.ok()));
  CHECK(a.graph->version() == b.graph->version());
  CHECK(a.graph->version() != c.graph->version());
}

TEST_CASE("a graph folder has one version wherever it lies, and renaming a file changes it") {
  namespace fs = std::filesystem;
  const auto shipped = tiaojie::test::source_dir() / "config" / "bodies";
  const auto root =
      fs::temp_directory_path() / ("tiaojie-graph-version-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "a");
  fs::create_directories(root / "elsewhere" / "deeper");
  fs::copy(shipped, root / "a" / "bodies", fs::copy_options::recursive);
  fs::copy(shipped, root / "elsewhere" / "deeper" / "bodies", fs::copy_options::recursive);
  auto original = tg::check_graph(shipped);
  auto a = tg::check_graph(root / "a" / "bodies");
  auto b = tg::check_graph(root / "elsewhere" / "deeper" / "bodies");
  auto slash = tg::check_graph((root / "a" / "bodies").string() + "/");
  REQUIRE((original.ok() && a.ok() && b.ok() && slash.ok()));
  CHECK(a.graph->version() == original.graph->version());
  CHECK(b.graph->version() == original.graph->version());
  CHECK(slash.graph->version() == original.graph->version());

  // The same bytes under another file name are another version (the design: names and bytes).
  std::vector<fs::path> files;
  fs::copy(shipped, root / "b", fs::copy_options::recursive);
  for (const auto& e : fs::recursive_directory_iterator(root / "b")) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  REQUIRE_FALSE(files.empty());
  std::sort(files.begin(), files.end());
  fs::rename(files.back(), files.back().parent_path() / ("z-" + files.back().filename().string()));
  auto renamed = tg::check_graph(root / "b");
  REQUIRE(renamed.ok());
  CHECK(renamed.graph->version() != original.graph->version());
  fs::remove_all(root);
}

TEST_CASE("the shipped Haizhu graph checks clean") {
  auto g = tg::check_graph(tiaojie::test::source_dir() / "config" / "bodies");
  for (const auto& d : g.diagnostics) INFO(d.to_string());
  REQUIRE(g.ok());
  CHECK(g.warning_count == 0);
  // 8 district bodies, 3 per street, 18 generated communities per street plus 青凤社区.
  CHECK(g.graph->body_count() == 8 + 18 * 3 + 18 * 18 + 1);
  CHECK(g.graph->find("hz.community.jiangnanzhong.qingfeng"));

  // Its 18 streets, once each, in the official order of their division codes 440105001–018 (as
  // the district lists them; sorted by bytes, 华洲 would come first); a district body is in none.
  const auto streets = g.graph->street_names();
  const std::vector<std::string_view> official = {
      "赤岗街道", "新港街道",   "昌岗街道", "江南中街道", "滨江街道",   "素社街道",
      "海幢街道", "南华西街道", "龙凤街道", "沙园街道",   "南石头街道", "凤阳街道",
      "瑞宝街道", "江海街道",   "琶洲街道", "南洲街道",   "华洲街道",   "官洲街道"};
  CHECK(streets == official);
  const auto qingfeng = g.graph->street_of("hz.community.jiangnanzhong.qingfeng");
  CHECK(qingfeng == "江南中街道");
  CHECK(std::find(streets.begin(), streets.end(), qingfeng) != streets.end());
}

TEST_CASE("a TOML syntax error is reported at its line and column") {
  auto text = mini_graph_text() + "\n[[body]]\nid = \"x\nname = \"y\"\n";
  auto g = check(text);
  CHECK_FALSE(g.ok());
  REQUIRE(!g.diagnostics.empty());
  CHECK(g.diagnostics[0].where.starts_with(
      "mini.toml:" + std::to_string(line_of(text, "id = \"x")) + ":"));
}

TEST_CASE("a duplicate body id names both places") {
  auto text = mini_graph_text() + tiaojie::test::mini_community("a1", "a", "甲", "四社区");
  auto g = check(text);
  auto e = errors_with(g, "duplicate body id 'a1'");
  REQUIRE(e.size() == 1);
  auto second = text.rfind("id = \"a1\"");
  auto second_line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(second), '\n');
  CHECK(e[0].where == "mini.toml:" + std::to_string(second_line) + ":6");
  CHECK(e[0].message.find("first declared at mini.toml:" +
                          std::to_string(line_of(text, "id = \"a1\""))) != std::string::npos);
  CHECK(g.graph == nullptr);
}

TEST_CASE("a dangling id is reported where it is written") {
  auto text = replace_once(mini_graph_text(), "escalates_to = \"a.committee\"",
                           "escalates_to = \"a.comittee\"");
  auto g = check(text);
  auto e = errors_with(g, "escalates_to names no body 'a.comittee'");
  REQUIRE(e.size() == 1);
  CHECK(e[0].where == "mini.toml:" + std::to_string(line_of(text, "a.comittee")) + ":16");
}

TEST_CASE("an escalation cycle is printed") {
  auto text = replace_once(mini_graph_text(), "partners_with = [\"d.committee\"]",
                           "partners_with = [\"d.committee\"]\nescalates_to = \"d.committee\"");
  text = replace_once(text, "refers_to = [\"d.labour\", \"d.medical\"]",
                      "refers_to = [\"d.labour\", \"d.medical\"]\nescalates_to = \"d.labour\"");
  auto g = check(text);
  auto e = errors_with(g, "escalation cycle");
  REQUIRE(e.size() == 1);
  CHECK((e[0].message == "escalation cycle: d.committee → d.labour → d.committee" ||
         e[0].message == "escalation cycle: d.labour → d.committee → d.labour"));
  CHECK(g.graph == nullptr);
}

TEST_CASE("a body whose escalation never reaches the district is an error") {
  auto text = replace_once(mini_graph_text(),
                           "jurisdiction = \"D/乙街道\"\nescalates_to = \"d.committee\"\n"
                           "refers_to",
                           "jurisdiction = \"D/乙街道\"\nrefers_to");
  auto g = check(text);
  auto e = errors_with(g, "b.committee never reaches a district body");
  CHECK(e.size() == 1);
}

TEST_CASE("escalating down a level or out of the jurisdiction is an error") {
  auto down = replace_once(mini_graph_text(),
                           "jurisdiction = \"D/甲街道\"\nescalates_to = \"d.committee\"\n"
                           "refers_to",
                           "jurisdiction = \"D/甲街道\"\nescalates_to = \"a1\"\nrefers_to");
  CHECK(errors_with(check(down), "a.committee (street) escalates down to a1 (community)").size() ==
        1);
  auto out = replace_once(mini_graph_text(), "escalates_to = \"a.committee\"",
                          "escalates_to = \"b.committee\"");
  CHECK(errors_with(check(out), "a1 escalates to b.committee outside its jurisdiction").size() ==
        1);
}

TEST_CASE("a category some community cannot route is an error") {
  // Without the district committee's referral to the medical committee, no community reaches it.
  auto text = replace_once(mini_graph_text(), "refers_to = [\"d.labour\", \"d.medical\"]",
                           "refers_to = [\"d.labour\"]");
  auto g = check(text);
  auto e = errors_with(g, "cannot route category medical");
  // Three communities and two streets; the district itself reaches medical directly.
  CHECK(e.size() == 5);
  CHECK(std::any_of(e.begin(), e.end(), [](const auto& d) {
    return d.message.starts_with("D/甲街道/一社区 cannot route category medical");
  }));
}

TEST_CASE("unknown keys, categories, modes, levels and kinds are errors with places") {
  auto text = replace_once(mini_graph_text(), "capacity = 100", "capacity = 100\ncapcity = 3");
  text = replace_once(text, "competences = [\"neighbour\", \"public_security\"]",
                      "competences = [\"neighbour\", \"public_securty\"]");
  text = replace_once(text, "leads = [\"medical_committee\"]", "leads = [\"medical\"]");
  text = replace_once(text, "level = \"district\"", "level = \"county\"");
  text = replace_once(text, "kind = \"community\"", "kind = \"comunity\"");
  auto g = check(text);
  CHECK(errors_with(g, "unknown key 'capcity' in [[body]]").size() == 1);
  CHECK(errors_with(g, "unknown category 'public_securty'").size() == 1);
  CHECK(errors_with(g, "unknown mode 'medical' in 'leads'").size() == 1);
  CHECK(errors_with(g, "unknown level 'county'").size() == 1);
  CHECK(errors_with(g, "unknown kind 'comunity'").size() == 1);
  auto e = errors_with(g, "unknown key 'capcity'");
  REQUIRE(e.size() == 1);
  CHECK(e[0].where == "mini.toml:" + std::to_string(line_of(text, "capcity")) + ":1");
}

TEST_CASE("a jurisdiction that gives a region two levels is an error") {
  auto text = mini_graph_text() + tiaojie::test::mini_community("x", "a", "甲", "x");
  text = replace_once(text, "jurisdiction = \"D/甲街道/x\"", "jurisdiction = \"D/甲街道\"");
  auto g = check(text);
  CHECK(errors_with(g, "jurisdiction 'D/甲街道' is a community here but a street").size() == 1);
}

TEST_CASE("a graph needs exactly one header, and its intake must exist") {
  auto no_header = tiaojie::test::k_mini_district;
  CHECK(errors_with(check(no_header), "no [graph] header").size() == 1);
  // The second header sits in a second file.
  std::vector<tg::GraphSource> files = {
      {"a.toml", mini_graph_text()},
      {"b.toml", "[graph]\nname = \"x\"\ncategories = [\"other\"]\nintake = \"d.centre\"\n"}};
  auto g = tg::check_graph_sources(files);
  auto e = errors_with(g, "a second [graph] header");
  REQUIRE(e.size() == 1);
  CHECK(e[0].where.starts_with("b.toml:1:"));
  auto bad_intake =
      replace_once(mini_graph_text(), "intake = \"d.centre\"", "intake = \"d.center\"");
  CHECK(errors_with(check(bad_intake), "intake names no body 'd.center'").size() == 1);
}

TEST_CASE("load_graph turns diagnostics into one Error") {
  auto r = tg::load_graph_sources(one_file(replace_once(
      mini_graph_text(), "escalates_to = \"a.committee\"", "escalates_to = \"nowhere\"")));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == tiaojie::ErrorCode::invalid_input);
  CHECK(r.error().where.starts_with("mini.toml:"));
  auto missing = tg::load_graph("/nonexistent/graph");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == tiaojie::ErrorCode::io_error);
}

TEST_CASE("rule outcomes are checked against what the graph offers") {
  auto g = check(mini_graph_text());
  REQUIRE(g.ok());
  std::vector<tg::RouteDemand> demands = {
      {"r.toml:1:1", "ok", "labour", tiaojie::Level::district, tiaojie::Mode::joint_labour},
      {"r.toml:2:1", "no_mode", "labour", std::nullopt, tiaojie::Mode::court_referred},
      {"r.toml:3:1", "bad_category", "astrology", std::nullopt, std::nullopt},
      {"r.toml:4:1", "climbs", "labour", tiaojie::Level::community, tiaojie::Mode::joint_labour},
  };
  auto d = tg::check_rule_outcomes(*g.graph, demands);
  REQUIRE(d.size() == 3);
  CHECK(d[0].where == "r.toml:2:1");
  CHECK(d[0].message == "rule no_mode: no body leads mode court_referred");
  CHECK(d[1].message == "rule bad_category: category 'astrology' is not routed by graph mini");
  CHECK(d[2].severity == tg::Diagnostic::Severity::warning);
  CHECK(d[2].where == "r.toml:4:1");
}

TEST_CASE("a graph split over many files (parsed on several threads) loads as one file does") {
  using namespace tiaojie::test;
  std::vector<tg::GraphSource> files = {
      {"f00.toml", k_mini_header + k_mini_district},
      {"f01.toml", mini_street("a", "甲")},
      {"f02.toml", mini_street("b", "乙")},
      {"f03.toml", mini_community("a1", "a", "甲", "一社区")},
      {"f04.toml", mini_community("a2", "a", "甲", "二社区")},
      {"f05.toml", mini_community("b3", "b", "乙", "三社区")},
  };
  // Enough files for the loader to start its threads.
  const auto count = static_cast<int>(tg::internal::k_parallel_from);
  for (int i = 6; i < count; ++i) files.push_back({fmt_name(i), "# nothing here\n"});
  auto split = tg::check_graph_sources(files);
  REQUIRE(split.ok());
  CHECK(split.graph->body_count() == check(mini_graph_text()).graph->body_count());
  CHECK(split.graph->body(*split.graph->find("b3")).pos.file == 5);

  files[17].text = mini_community("a1", "a", "甲", "四社区");
  auto broken = tg::check_graph_sources(files);
  auto e = errors_with(broken, "duplicate body id 'a1'");
  REQUIRE(e.size() == 1);
  CHECK(e[0].where.starts_with("f17.toml:"));
  CHECK(e[0].message.find("first declared at f03.toml:") != std::string::npos);
}

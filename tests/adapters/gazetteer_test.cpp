#include "adapters/gazetteer.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "adapters_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::adapters;

TEST_CASE("the shipped gazetteer knows the 18 streets, their communities and roads") {
  const auto& g = test::shipped_gazetteer();
  CHECK(g.streets.size() == 18);
  CHECK(g.communities.size() == 18 * 18 + 1);
  CHECK_FALSE(g.roads.empty());
}

TEST_CASE("street names are recognised in their usual forms") {
  const auto& g = test::shipped_gazetteer();
  CHECK(canonical_street(g, "凤阳") == "凤阳");
  CHECK(canonical_street(g, "凤阳街") == "凤阳");
  CHECK(canonical_street(g, "凤阳街道") == "凤阳");
  CHECK(canonical_street(g, "海珠区凤阳街道") == "凤阳");
  CHECK(canonical_street(g, "江南中街") == "江南中");
  CHECK(canonical_street(g, "南石头街道办事处") == "南石头");
  CHECK_FALSE(canonical_street(g, "石牌街道"));
}

TEST_CASE("an address resolves by community, then street, then road, with its confidence") {
  const auto& g = test::shipped_gazetteer();
  auto m = resolve_location(g, "", "", "广州市海珠区凤阳街第12社区某小区");
  CHECK(m.method == MatchMethod::community);
  CHECK(m.street == "凤阳");
  CHECK(m.community == "凤阳街第12社区");  // not 第1社区: longest name first
  CHECK(m.confidence == doctest::Approx(0.95));

  m = resolve_location(g, "", "", "海珠区沙园街某商铺");
  CHECK(m.method == MatchMethod::street);
  CHECK(m.street == "沙园");
  CHECK(m.confidence == doctest::Approx(0.9));

  m = resolve_location(g, "", "", "江怡路225号附近");
  CHECK(m.method == MatchMethod::road);
  CHECK(m.street == "新港");
  CHECK(m.matched == "江怡路");
  CHECK(m.confidence == doctest::Approx(0.8));
}

TEST_CASE("a road across several streets resolves nothing and goes to review with its streets") {
  const auto& g = test::shipped_gazetteer();
  auto m = resolve_location(g, "", "", "海珠区工业大道中某小区");
  CHECK(m.method == MatchMethod::none);
  CHECK(m.street.empty());
  CHECK(m.review);
  CHECK(m.note.find("工业大道") != std::string::npos);
  CHECK(m.candidates.size() == 5);
}

TEST_CASE("a declared street wins when the address agrees or names no street") {
  const auto& g = test::shipped_gazetteer();
  auto m = resolve_location(g, "凤阳街道", "", "凤阳街第3社区");
  CHECK(m.method == MatchMethod::declared);
  CHECK(m.street == "凤阳");
  CHECK(m.community == "凤阳街第3社区");
  CHECK(m.confidence == 1.0);
  m = resolve_location(g, "凤阳街道", "", "某小区3栋");
  CHECK(m.street == "凤阳");
  CHECK_FALSE(m.review);
  m = resolve_location(g, "凤阳", "沙园街第3社区", "");
  CHECK(m.street == "凤阳");
  CHECK(m.community.empty());
  CHECK(m.note.find("lies in 沙园") != std::string::npos);
}

TEST_CASE("unknown declared streets and other districts are left for review") {
  const auto& g = test::shipped_gazetteer();
  auto m = resolve_location(g, "石牌街道", "", "");
  CHECK(m.method == MatchMethod::none);
  CHECK(m.note.find("石牌街道") != std::string::npos);
  m = resolve_location(g, "", "", "广州市天河区某路");
  CHECK(m.method == MatchMethod::none);
  CHECK(m.review);
  CHECK(m.note == "the address lies in 天河区, outside 海珠区");
  m = resolve_location(g, "", "", "");
  CHECK(m.method == MatchMethod::none);
  CHECK_FALSE(m.review);  // nothing to review: the assignment says the location is unknown
}

TEST_CASE("a declared street that contradicts the address goes to review with both candidates") {
  const auto& g = test::shipped_gazetteer();
  auto m = resolve_location(g, "凤阳街道", "", "海珠区沙园街第3社区某商铺");
  CHECK(m.review);
  CHECK(m.street.empty());
  CHECK(m.candidates == std::vector<std::string>{"凤阳", "沙园"});
  CHECK(m.note.find("declared street 凤阳 contradicts the address") != std::string::npos);
}

TEST_CASE("a boundary between two streets goes to review, not to the first one named") {
  const auto& g = test::shipped_gazetteer();
  auto m = resolve_location(g, "", "", "海珠区凤阳街与沙园街交界处的空地");
  CHECK(m.review);
  CHECK(m.street.empty());
  CHECK(m.candidates.size() == 2);
  CHECK(std::find(m.candidates.begin(), m.candidates.end(), "凤阳") != m.candidates.end());
  CHECK(std::find(m.candidates.begin(), m.candidates.end(), "沙园") != m.candidates.end());
  CHECK(m.note.find("more than one street") != std::string::npos);
}

TEST_CASE("the district and a landmark alone go to review, bare street names are the candidates") {
  const auto& g = test::shipped_gazetteer();
  auto m = resolve_location(g, "", "", "广州市海珠区广州塔附近");
  CHECK(m.review);
  CHECK(m.candidates.empty());
  CHECK(m.note.find("names no street, community or road of 海珠区") != std::string::npos);
  m = resolve_location(g, "", "", "海珠区琶洲会展中心B区");
  CHECK(m.review);
  CHECK(m.candidates == std::vector<std::string>{"琶洲"});
  CHECK(m.note.ends_with("candidates: 琶洲"));
}

TEST_CASE(
    "traditional characters and one-character typos match, marked fuzzy, never across districts") {
  const auto& g = test::shipped_gazetteer();
  auto m = resolve_location(g, "", "", "廣州市海珠區鳳陽街某小區");
  CHECK(m.method == MatchMethod::fuzzy);
  CHECK(m.street == "凤阳");
  CHECK(m.confidence == doctest::Approx(0.75));

  m = resolve_location(g, "", "", "海珠区凤杨街某城中村");
  CHECK(m.method == MatchMethod::fuzzy);
  CHECK(m.street == "凤阳");
  CHECK(m.matched == "凤杨街→凤阳");

  m = resolve_location(g, "", "", "海珠区青风社区3栋");
  CHECK(m.method == MatchMethod::fuzzy);
  CHECK(m.street == "江南中");
  CHECK(m.community == "青凤社区");

  m = resolve_location(g, "鳳陽街道", "", "");
  CHECK(m.method == MatchMethod::fuzzy);
  CHECK(m.street == "凤阳");

  m = resolve_location(g, "", "", "广州市天河区凤杨街");  // another district: not our 凤阳
  CHECK(m.review);
  CHECK(m.street.empty());

  m = resolve_location(g, "", "", "海珠区江南中街某处");  // exact: no near miss (南中 ~ 南洲)
  CHECK(m.method == MatchMethod::street);
  CHECK(m.street == "江南中");
}

TEST_CASE("gazetteer files with mistakes are refused with file:line:column") {
  auto g = parse_gazetteer(R"([gazetteer]
district = "海珠区"
streets = ["凤阳"]

[[road]]
name = "某路"
streets = ["沙园"]
)",
                           "g.toml");
  REQUIRE_FALSE(g);
  CHECK(g.error().where == "g.toml:7:11");
  CHECK(g.error().message.find("unknown street \"沙园\"") != std::string::npos);

  g = parse_gazetteer("[gazetteer]\ndistrict = \"海珠区\"\nstreets = [\"凤阳\"]\nstret = 1\n",
                      "g.toml");
  REQUIRE_FALSE(g);
  CHECK(g.error().where == "g.toml:4:9");
  CHECK(g.error().message.find("unknown key \"stret\"") != std::string::npos);
}

#include "replay/replay.hpp"

#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include "replay/replay_fixture.hpp"
#include "replay/report_format.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::replay;
using tiaojie::test::march;

#define BACKENDS test::MemoryBackend, test::SqliteBackend

namespace {

std::int64_t shifts(const ReplayReport& r, Field f, const std::string& from,
                    const std::string& to) {
  auto it = r.rule_shifts.find(RuleShift{f, from, to});
  return it == r.rule_shifts.end() ? 0 : it->second;
}

std::int64_t cell(const ReplayReport& r, const std::string& from, const std::string& to) {
  auto it = r.category_matrix.find({from, to});
  return it == r.category_matrix.end() ? 0 : it->second;
}

std::int64_t field(const ReplayReport& r, Field f) {
  return r.changed_by_field[static_cast<int>(f)];
}

}  // namespace

TEST_CASE_TEMPLATE("replaying the rules that decided the cases reports no change", B, BACKENDS) {
  B backend;
  auto s = backend.open();
  auto old_rules = test::load_rules(test::rule_files(test::k_old_keywords));
  test::record_fixture(*s, *old_rules);

  auto r = replay_store(*s, *old_rules, *test::haizhu_graph(), march());
  REQUIRE(r.has_value());
  CHECK(r->cases == 12);
  CHECK(r->compared == 12);
  CHECK(r->changed == 0);
  CHECK_FALSE(r->any_change());
  for (auto n : r->changed_by_field) CHECK(n == 0);
  CHECK(r->rule_shifts.empty());
  CHECK(r->top.empty());
  CHECK(r->load.empty());
  CHECK(r->recorded_versions == std::map<std::string, std::int64_t>{{old_rules->version(), 12}});
  CHECK(cell(*r, "neighbour", "neighbour") == 7);
  CHECK(cell(*r, "property_mgmt", "property_mgmt") == 2);
}

TEST_CASE_TEMPLATE("one keyword added to one rule changes exactly the cases that contain it", B,
                   BACKENDS) {
  B backend;
  auto s = backend.open();
  auto old_rules = test::load_rules(test::rule_files(test::k_old_keywords));
  auto new_rules = test::load_rules(test::rule_files(test::k_new_keywords));
  test::record_fixture(*s, *old_rules);

  auto r = replay_store(*s, *new_rules, *test::haizhu_graph(), march());
  REQUIRE(r.has_value());
  CHECK(r->cases == 12);
  // Cases 3, 7 and 9; case 4 also mentions 物业维修 but labour.wages outranks property.fees.
  CHECK(r->changed == 3);
  CHECK(field(*r, Field::category) == 3);
  CHECK(field(*r, Field::priority) == 0);
  CHECK(field(*r, Field::mode) == 0);
  CHECK(field(*r, Field::level) == 0);
  CHECK(field(*r, Field::deadline) == 0);
  CHECK(field(*r, Field::lead) == 0);  // community committees take both categories
  CHECK(cell(*r, "neighbour", "property_mgmt") == 2);
  CHECK(cell(*r, "other", "property_mgmt") == 1);
  CHECK(cell(*r, "neighbour", "neighbour") == 5);
  CHECK(cell(*r, "labour", "labour") == 1);
  CHECK(r->rule_shifts.size() == 3);
  CHECK(shifts(*r, Field::category, "category.neighbour.water_leak", "category.property.fees") ==
        1);
  CHECK(shifts(*r, Field::category, "category.neighbour.noise", "category.property.fees") == 1);
  CHECK(shifts(*r, Field::category, "(default)", "category.property.fees") == 1);

  REQUIRE(r->top.size() == 3);
  std::vector<std::int64_t> ids;
  for (const auto& c : r->top) ids.push_back(c.case_id.value);
  CHECK(ids == std::vector<std::int64_t>{3, 7, 9});  // equal scores: by case id
  CHECK(r->top[0].before.category == "neighbour");
  CHECK(r->top[0].after.category == "property_mgmt");
  CHECK(r->top[0].after.category_rule == "category.property.fees");
  CHECK(r->top[0].before.lead == r->top[0].after.lead);
  CHECK(r->any_change());
  CHECK(r->load.empty());
}

TEST_CASE("the most affected cases are bounded by top and ranked by weight") {
  store::MemoryStore s;
  auto old_rules = test::load_rules(test::rule_files(test::k_old_keywords));
  test::record_fixture(s, *old_rules);
  // Water leaks go to the street: cases 1, 3, 10 and 12 change level and lead body.
  auto street = test::load_rules(test::rule_files(test::k_new_keywords, "street"));
  auto r = replay_store(s, *street, *test::haizhu_graph(), march(2));
  REQUIRE(r.has_value());
  CHECK(r->changed == 6);  // 1, 10, 12 (level + lead); 3, 7, 9 (category)
  CHECK(field(*r, Field::level) == 3);
  CHECK(field(*r, Field::lead) == 3);
  CHECK(shifts(*r, Field::level, "category.neighbour.water_leak",
               "category.neighbour.water_leak") == 3);
  CHECK(shifts(*r, Field::lead, "category.neighbour.water_leak", "category.neighbour.water_leak") ==
        3);
  REQUIRE(r->top.size() == 2);
  CHECK(r->top[0].case_id.value == 1);  // level + lead (5) outweighs category alone (4)
  CHECK(r->top[1].case_id.value == 10);
  CHECK(r->top[0].after.lead == BodyId{"hz.street.fengyang.judicial"});

  // The three open cases move from their community committees to the street judicial office (least
  // loaded).
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> load;
  for (const auto& b : r->load) load[b.body.value] = {b.now, b.projected};
  CHECK(load["hz.street.fengyang.judicial"] == std::pair<std::int64_t, std::int64_t>{0, 3});
  CHECK(load["hz.community.fengyang.c01"] == std::pair<std::int64_t, std::int64_t>{1, 0});
  CHECK(r->load.size() == 4);
}

TEST_CASE("a window outside the stored cases replays nothing") {
  store::MemoryStore s;
  auto rules = test::load_rules(test::rule_files(test::k_old_keywords));
  test::record_fixture(s, *rules);
  ReplayOptions april{*parse_timestamp("2026-04-01T00:00:00+08:00"),
                      *parse_timestamp("2026-05-01T00:00:00+08:00"), 20};
  auto r = replay_store(s, *rules, *test::haizhu_graph(), april);
  REQUIRE(r.has_value());
  CHECK(r->cases == 0);
  CHECK_FALSE(r->any_change());
}

TEST_CASE("the report formats carry the counts and no personal data") {
  store::MemoryStore s;
  auto old_rules = test::load_rules(test::rule_files(test::k_old_keywords));
  test::record_fixture(s, *old_rules);
  auto new_rules = test::load_rules(test::rule_files(test::k_new_keywords));
  auto r = replay_store(s, *new_rules, *test::haizhu_graph(), march());
  REQUIRE(r.has_value());
  const auto text = format_report_text(*r);
  const auto json_text = boost::json::serialize(report_json(*r));
  const auto html = format_report_html(*r);
  CHECK(text.find("changed 3 cases") != std::string::npos);
  CHECK(text.find("neighbour -> property_mgmt: 2") != std::string::npos);
  CHECK(json_text.find("\"changed\":3") != std::string::npos);
  CHECK(html.find("<b>3 changed</b>") != std::string::npos);
  for (const auto* out : {&text, &json_text, &html}) {
    CHECK(out->find("李四") == std::string::npos);
    CHECK(out->find("13900000000") == std::string::npos);
    CHECK(out->find("漏水") == std::string::npos);  // nor the description
  }
}

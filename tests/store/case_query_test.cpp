// Store::list_cases and Store::rule_versions (store/case_query.hpp), the look-ups behind
// `tiaojie case list` and `tiaojie rules versions`, on every backend: each filter narrows, values
// are bound (a quote or a % in the text is text), the count covers every match beyond the limit.
#include <doctest/doctest.h>

#include "lifecycle/deadline.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using namespace tiaojie::test;
using lifecycle::Status;

#define BACKENDS test::MemoryBackend, test::SqliteBackend, test::PostgresBackend

namespace {

std::vector<std::int64_t> ids(const Result<CaseList>& list) {
  std::vector<std::int64_t> out;
  if (!list) return out;
  for (const auto& r : list->rows) out.push_back(r.id.value);
  return out;
}

NewCase case_with(const std::string& id, const std::string& body, const std::string& text,
                  const char* received) {
  auto c = new_case(id, body);
  c.dispute.description = text;
  c.dispute.received_at = at(received);
  c.dispute_json = dispute_to_json_text(c.dispute);
  std::get<lifecycle::Submitted>(c.events.front().data).received_at = at(received);
  for (auto& e : c.events) e.at = at(received);  // registered when received
  return c;
}

}  // namespace

TEST_CASE_TEMPLATE("list_cases filters with bound values, newest first, counting every match", B,
                   BACKENDS) {
  B backend;
  auto s = backend.open();
  std::vector<Change> batch{
      case_with("A", "hz.street.fengyang", "凤阳街某工地拖欠工资", "2026-02-13T10:00:00+08:00"),
      case_with("B", "hz.street.ruibao", "it's a 'quoted' % text", "2026-02-14T10:00:00+08:00"),
      case_with("C", "hz.street.ruibao", "拖欠工资三个月", "2026-02-15T10:00:00+08:00"),
      case_with("D", "hz.street.ruibao", "拖欠工资已撤回", "2026-02-15T11:00:00+08:00")};
  REQUIRE(s->commit(batch).has_value());
  // D is withdrawn and closed: no longer open, so never overdue.
  commit_one(*s, CaseEvents{CaseId{4},
                            {make_event(lifecycle::Withdrawn{"settled"}),
                             make_event(lifecycle::Closed{"filed"})}});
  using V = std::vector<std::int64_t>;
  auto all = s->list_cases({});
  REQUIRE(all.has_value());
  CHECK(ids(all) == V{4, 3, 2, 1});
  CHECK(all->matched == 4);
  REQUIRE(all->rows.size() == 4);
  CHECK(all->rows[0].status == Status::closed);
  CHECK(all->rows[1].body == "hz.street.ruibao");
  CHECK(all->rows[1].category == "labour");
  CHECK(all->rows[1].channel == "walk_in");
  CHECK(all->rows[1].external_id == "C");
  CHECK(all->rows[1].received_at == at("2026-02-15T10:00:00+08:00"));
  CHECK(all->rows[1].due == parse_date("2026-03-05"));

  CHECK(ids(s->list_cases({.filter_bodies = true, .bodies = {"hz.street.ruibao"}})) == V{4, 3, 2});
  CHECK(ids(s->list_cases({.filter_bodies = true,
                           .bodies = {"hz.street.fengyang", "hz.street.nowhere"}})) == V{1});
  CHECK(ids(s->list_cases({.filter_bodies = true, .bodies = {}})) == V{});
  CHECK(ids(s->list_cases({.category = "labour"})) == V{4, 3, 2, 1});
  CHECK(ids(s->list_cases({.category = "medical"})) == V{});
  CHECK(ids(s->list_cases({.statuses = {Status::assigned}})) == V{3, 2, 1});
  CHECK(ids(s->list_cases({.statuses = {Status::closed}})) == V{4});
  CHECK(ids(s->list_cases({.statuses = {Status::resolved}})) == V{});
  CHECK(ids(s->list_cases({.text = "'quoted' %"})) == V{2});
  CHECK(ids(s->list_cases({.text = "拖欠工资"})) == V{4, 3, 1});
  CHECK(ids(s->list_cases({.text = "%"})) == V{2});
  CHECK(ids(s->list_cases({.category = "labour", .text = "拖欠工资", .limit = 2})) == V{4, 3});
  CHECK(ids(s->list_cases({.received_from = at("2026-02-14T00:00:00+08:00"),
                           .received_before = at("2026-02-15T00:00:00+08:00")})) == V{2});

  // Overdue: open and due on or before the last overdue date (due 2026-03-05 for all four).
  auto overdue_at = [&](const char* now) {
    return ids(s->list_cases({.due_on_or_before = lifecycle::last_overdue_due(at(now))}));
  };
  CHECK(overdue_at("2026-03-05T23:59:59+08:00") == V{});
  CHECK(overdue_at("2026-03-06T00:00:00+08:00") == V{3, 2, 1});

  auto limited = s->list_cases({.limit = 1});
  CHECK(ids(limited) == V{4});
  CHECK(limited->matched == 4);
}

TEST_CASE_TEMPLATE("rule_versions lists each stored version with the cases first decided under it",
                   B, BACKENDS) {
  B backend;
  auto s = backend.open();
  REQUIRE(s->put_rule_set("unused-version", {{"category.toml", "# none"}}).has_value());
  REQUIRE(s->put_rule_set("an-unused-version", {{"category.toml", "# none"}}).has_value());
  std::vector<Change> batch{
      new_case("A"), case_with("B", "hz.street.fengyang", "后来的", "2026-02-20T09:30:00+08:00")};
  REQUIRE(s->commit(batch).has_value());
  const std::string used = s->get_case(CaseId{1})->state.classification->rules_version;
  REQUIRE(s->put_rule_set(used, {{"category.toml", "# used"}}).has_value());
  auto versions = s->rule_versions();
  REQUIRE(versions.has_value());
  REQUIRE(versions->size() == 3);
  CHECK((*versions)[0].version == used);  // first used first, never used last, by version
  CHECK((*versions)[0].decisions == 2);
  CHECK((*versions)[0].first_used == at("2026-02-13T10:00:00+08:00"));
  CHECK((*versions)[0].last_used == at("2026-02-20T09:30:00+08:00"));
  CHECK((*versions)[1].version == "an-unused-version");
  CHECK((*versions)[2].version == "unused-version");
  CHECK((*versions)[2].decisions == 0);
  CHECK_FALSE((*versions)[2].first_used.has_value());
  CHECK_FALSE((*versions)[2].last_used.has_value());
}

TEST_CASE_TEMPLATE("a suspended deadline is listed as suspended and is not overdue until resumed",
                   B, BACKENDS) {
  B backend;
  auto s = backend.open();
  std::vector<Change> batch{new_case("A"), new_case("B")};  // both due 2026-03-05
  REQUIRE(s->commit(batch).has_value());
  commit_one(*s, CaseEvents{CaseId{1}, {make_event(lifecycle::Suspended{"鉴定"})}});
  using V = std::vector<std::int64_t>;
  const CaseQuery overdue{.due_on_or_before =
                              lifecycle::last_overdue_due(at("2026-03-09T09:00:00+08:00"))};
  CHECK(ids(s->list_cases(overdue)) == V{2});
  auto all = s->list_cases({});
  REQUIRE(all.has_value());
  REQUIRE(all->rows.size() == 2);
  CHECK_FALSE(all->rows[0].suspended);
  CHECK(all->rows[1].suspended);

  commit_one(
      *s, CaseEvents{CaseId{1}, {make_event(lifecycle::Resumed{parse_date("2026-03-05"), 3, 0})}});
  CHECK(ids(s->list_cases(overdue)) == V{2, 1});
  CHECK_FALSE(s->list_cases({})->rows[1].suspended);
  // Suspended again: the later event decides.
  commit_one(*s, CaseEvents{CaseId{1}, {make_event(lifecycle::Suspended{"鉴定"})}});
  CHECK(ids(s->list_cases(overdue)) == V{2});
}

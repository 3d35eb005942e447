#include "store/store.hpp"

#include <doctest/doctest.h>

#include <type_traits>

#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using namespace tiaojie::lifecycle;
using tiaojie::test::commit_one;
using tiaojie::test::make_event;
using tiaojie::test::new_case;

#define BACKENDS test::MemoryBackend, test::SqliteBackend, test::PostgresBackend

TEST_CASE_TEMPLATE("a new case round-trips: ids, state, events and the dispute as received", B,
                   BACKENDS) {
  B backend;
  auto s = backend.open();
  auto nc = new_case("W-1");
  auto c = commit_one(*s, nc);
  CHECK(c.case_id == CaseId{1});
  CHECK_FALSE(c.duplicate);
  CHECK(c.state.status == Status::assigned);
  CHECK(c.last_seq == 3);

  auto rec = s->get_case(c.case_id);
  REQUIRE(rec.has_value());
  CHECK(rec->state == c.state);
  REQUIRE(rec->events.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(rec->events[i].seq == static_cast<std::int64_t>(i + 1));
    auto expected = nc.events[i];
    expected.case_id = c.case_id;
    CHECK(rec->events[i].event == expected);
  }
  CHECK(s->get_case(CaseId{99}).error().code == ErrorCode::not_found);

  std::vector<StoredDispute> seen;
  auto r = s->for_each_dispute(test::at("2026-02-13T00:00:00+08:00"),
                               test::at("2026-02-14T00:00:00+08:00"), [&](const StoredDispute& d) {
                                 seen.push_back(d);
                                 return true;
                               });
  REQUIRE(r.has_value());
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].json == nc.dispute_json);
  CHECK(seen[0].case_id == c.case_id);
  seen.clear();
  REQUIRE(s->for_each_dispute(test::at("2026-02-14T00:00:00+08:00"),
                              test::at("2026-02-15T00:00:00+08:00"),
                              [&](const StoredDispute& d) {
                                seen.push_back(d);
                                return true;
                              })
              .has_value());
  CHECK(seen.empty());
}

TEST_CASE_TEMPLATE("resubmission returns the original decision and writes nothing", B, BACKENDS) {
  B backend;
  auto s = backend.open();
  auto first = commit_one(*s, new_case("W-1", "hz.street.fengyang"));
  // The same key again, even with a different routing, is the original case.
  auto again = commit_one(*s, new_case("W-1", "hz.street.other"));
  CHECK(again.duplicate);
  CHECK(again.case_id == first.case_id);
  CHECK(again.state.body == BodyId{"hz.street.fengyang"});
  CHECK(again.last_seq == first.last_seq);
  CHECK(*s->last_seq() == 3);
  auto found = s->find_by_key("walk_in", "W-1");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->state.id == first.case_id);
  CHECK_FALSE(s->find_by_key("hotline_12345", "W-1")->has_value());
}

TEST_CASE_TEMPLATE("two submissions of one key in one batch make one case", B, BACKENDS) {
  B backend;
  auto s = backend.open();
  std::vector<Change> batch{new_case("W-1"), new_case("W-2"), new_case("W-1")};
  auto r = s->commit(batch);
  REQUIRE(r.has_value());
  REQUIRE((*r)[2].has_value());
  CHECK((*r)[2]->duplicate);
  CHECK((*r)[2]->case_id == (*r)[0]->case_id);
  CHECK((*r)[2]->last_seq == (*r)[0]->last_seq);
  CHECK((*r)[1]->case_id == CaseId{2});
  CHECK(*s->last_seq() == 6);
}

TEST_CASE_TEMPLATE("a refused change writes nothing and does not stop the rest of the batch", B,
                   BACKENDS) {
  B backend;
  auto s = backend.open();
  auto c = commit_one(*s, new_case("W-1"));
  std::vector<Change> batch{
      CaseEvents{c.case_id, {make_event(Resolved{"too early", false})}},  // not in mediation
      CaseEvents{CaseId{404}, {make_event(Accepted{})}},
      CaseEvents{c.case_id,
                 {make_event(Accepted{}, "2026-02-14T09:00:00+08:00", "hz.street.fengyang")}},
      NewCase{
          test::dispute_for("W-9"), "{}", {test::classified()}},  // does not start with submitted
  };
  auto r = s->commit(batch);
  REQUIRE(r.has_value());
  CHECK((*r)[0].error().code == ErrorCode::conflict);
  CHECK((*r)[1].error().code == ErrorCode::not_found);
  REQUIRE((*r)[2].has_value());
  CHECK((*r)[2]->state.status == Status::accepted);
  CHECK((*r)[3].error().code == ErrorCode::conflict);
  CHECK(*s->last_seq() == 4);
  CHECK_FALSE(s->find_by_key("walk_in", "W-9")->has_value());
  CHECK(s->verify()->ok());
}

TEST_CASE_TEMPLATE("a case goes through every path; open cases and load follow it", B, BACKENDS) {
  B backend;
  auto s = backend.open();
  const BodyId street{"hz.street.fengyang"};
  auto c1 = commit_one(*s, new_case("W-1"));
  auto c2 = commit_one(*s, new_case("W-2"));
  auto c3 = commit_one(*s, new_case("W-3"));
  CHECK((*s->open_load())[street] == 3);

  // c1: accepted, mediated, resolved with judicial confirmation, closed, reopened.
  std::vector<Change> batch{
      CaseEvents{c1.case_id,
                 {make_event(Accepted{}), make_event(MediationStarted{}),
                  make_event(Resolved{"paid", true})}},
      // c2: transferred, then escalated with a supervision notice.
      CaseEvents{c2.case_id, {make_event(Transferred{BodyId{"hz.police.fengyang"}, "fight", {}})}},
      CaseEvents{
          c2.case_id,
          {make_event(Overdue{*parse_date("2026-03-05")}),
           make_event(Escalated{BodyId{"hz.district.centre"}, "overdue", parse_date("2026-03-12")}),
           make_event(
               SupervisionNotice{{BodyId{"hz.police.fengyang"}, BodyId{"hz.district.centre"}},
                                 "overdue",
                                 *parse_date("2026-03-05")})}},
      // c3: withdrawn and closed.
      CaseEvents{c3.case_id, {make_event(Withdrawn{"settled"}), make_event(Closed{"filed"})}},
  };
  auto r = s->commit(batch);
  REQUIRE(r.has_value());
  for (auto& o : *r) REQUIRE(o.has_value());
  CHECK((*r)[0]->state.status == Status::resolved);
  CHECK((*r)[2]->state.body == BodyId{"hz.district.centre"});
  CHECK((*r)[2]->state.supervision_notices == 1);
  CHECK((*r)[3]->state.status == Status::closed);

  auto open = s->open_cases();
  REQUIRE(open.has_value());
  REQUIRE(open->size() == 1);
  CHECK((*open)[0].id == c2.case_id);
  CHECK(format_date(*(*open)[0].due) == "2026-03-12");
  auto load = *s->open_load();
  CHECK(load.size() == 1);
  CHECK(load[BodyId{"hz.district.centre"}] == 1);

  auto reopened = commit_one(
      *s, CaseEvents{c1.case_id, {make_event(Closed{""}), make_event(Reopened{"unpaid", {}})}});
  CHECK(reopened.state.status == Status::assigned);
  CHECK((*s->open_load())[street] == 1);

  auto since = s->events_since(9, 3);
  REQUIRE(since.has_value());
  REQUIRE(since->size() == 3);
  CHECK((*since)[0].seq == 10);
  auto verify = s->verify();
  REQUIRE(verify.has_value());
  CHECK(verify->ok());
  CHECK(verify->cases == 3);
  CHECK(verify->events == *s->last_seq());
}

TEST_CASE_TEMPLATE("rule sets are kept by version, idempotently", B, BACKENDS) {
  B backend;
  auto s = backend.open();
  RuleSetFiles files{{"category.toml", "[[rule]]\nid = \"labour\"\n"},
                     {"deadline.toml", "# 期限\n"}};
  REQUIRE(s->put_rule_set("v1", files).has_value());
  REQUIRE(s->put_rule_set("v1", files).has_value());
  auto other = files;
  other["category.toml"] = "changed";
  CHECK(s->put_rule_set("v1", other).error().code == ErrorCode::conflict);
  CHECK(*s->get_rule_set("v1") == files);
  CHECK(s->get_rule_set("v2").error().code == ErrorCode::not_found);
}

TEST_CASE("the SQLite store keeps everything across a reopen") {
  test::SqliteBackend backend;
  CaseId id;
  {
    auto s = backend.open();
    id = commit_one(*s, new_case("W-1")).case_id;
    commit_one(*s, CaseEvents{id, {make_event(Accepted{})}});
    REQUIRE(s->put_rule_set("v1", {{"a.toml", "x"}}).has_value());
  }
  auto s = backend.open();
  auto rec = s->get_case(id);
  REQUIRE(rec.has_value());
  CHECK(rec->state.status == Status::accepted);
  CHECK(rec->events.size() == 4);
  CHECK(s->get_rule_set("v1")->at("a.toml") == "x");
  CHECK(commit_one(*s, new_case("W-1")).duplicate);
  CHECK(commit_one(*s, new_case("W-2")).case_id == CaseId{2});
  CHECK(s->verify()->ok());
}

TEST_CASE("a missing store file is not_found when creation is off") {
  test::TempDir dir;
  auto s = SqliteStore::open({.path = dir.file("absent.db"), .create_if_missing = false});
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == ErrorCode::not_found);
}

TEST_CASE_TEMPLATE(
    "for_each_decision streams each dispute with its first decision and current body", B,
    BACKENDS) {
  B backend;
  auto s = backend.open();
  auto nc = new_case("W-1", "hz.street.fengyang");
  auto c = commit_one(*s, nc);
  // A later transfer moves the case; the recorded decision stays the first assignment.
  commit_one(*s, CaseEvents{c.case_id,
                            {make_event(Transferred{BodyId{"hz.street.other"}, "wrong street", {}},
                                        "2026-02-13T11:00:00+08:00", "hz.street.other")}});
  std::vector<StoredDecision> seen;
  auto r =
      s->for_each_decision(test::at("2026-02-13T00:00:00+08:00"),
                           test::at("2026-02-14T00:00:00+08:00"), [&](const StoredDecision& d) {
                             seen.push_back(d);
                             return true;
                           });
  REQUIRE(r.has_value());
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].dispute.json == nc.dispute_json);
  CHECK(seen[0].dispute.case_id == c.case_id);
  REQUIRE(seen[0].classification.has_value());
  CHECK(*seen[0].classification ==
        recorded(std::get<Classified>(nc.events[1].data).classification));
  REQUIRE(seen[0].assignment.has_value());
  CHECK(seen[0].assignment->lead == BodyId{"hz.street.fengyang"});
  CHECK(seen[0].status == Status::assigned);
  CHECK(seen[0].body == BodyId{"hz.street.other"});

  seen.clear();
  REQUIRE(s->for_each_decision(test::at("2026-02-14T00:00:00+08:00"),
                               test::at("2026-02-15T00:00:00+08:00"),
                               [&](const StoredDecision& d) {
                                 seen.push_back(d);
                                 return true;
                               })
              .has_value());
  CHECK(seen.empty());
}

TEST_CASE_TEMPLATE("for_each_decision_summary gives for_each_decision's rows, completed on request",
                   B, BACKENDS) {
  B backend;
  auto s = backend.open();
  std::vector<CaseId> ids;
  for (int i = 0; i < 6; ++i) {
    ids.push_back(
        commit_one(*s, new_case("S-" + std::to_string(i), i % 2 ? "hz.street.a" : "hz.street.b"))
            .case_id);
  }
  // The current body differs from the recorded lead for one case, and its status moves on.
  commit_one(*s, CaseEvents{ids[3],
                            {make_event(Transferred{BodyId{"hz.street.c"}, "wrong street", {}},
                                        "2026-02-13T11:00:00+08:00", "hz.street.c")}});
  const auto from = test::at("2026-02-13T00:00:00+08:00");
  const auto to = test::at("2026-02-14T00:00:00+08:00");
  std::vector<StoredDecision> full;
  REQUIRE(s->for_each_decision(from, to, [&](const StoredDecision& d) {
             full.push_back(d);
             return true;
           }).has_value());
  REQUIRE(full.size() == 6);

  std::size_t n = 0;
  auto r = s->for_each_decision_summary(
      from, to, [&](const StoredDecision& d, const Store::CompleteDecision& complete) {
        const StoredDecision& want = full.at(n);
        // What every row has.
        CHECK(d.dispute.case_id == want.dispute.case_id);
        CHECK(d.dispute.received_at == want.dispute.received_at);
        CHECK(d.dispute.json == want.dispute.json);
        REQUIRE(d.classification.has_value());
        CHECK(d.classification->category == want.classification->category);
        CHECK(d.classification->priority == want.classification->priority);
        CHECK(d.classification->deadline == want.classification->deadline);
        CHECK(d.classification->rules_version == want.classification->rules_version);
        CHECK(d.assignment == want.assignment);
        // What a row may lack is absent, never a neighbour's; completed, the row is
        // for_each_decision's.
        const bool partial = d.dispute.channel.empty();
        if (std::is_same_v<B, test::SqliteBackend>)
          CHECK(partial);  // SQLite reads the rest on request
        if (partial) {
          CHECK(d.dispute.external_id.empty());
          CHECK(d.classification->category_rule.empty());
          CHECK(d.body.value.empty());
        }
        if (n % 2 == 1 || n == 3) {
          const auto* category = &d.classification->category;  // references into the row stay valid
          REQUIRE(complete().has_value());
          CHECK(category == &d.classification->category);
          CHECK(d.dispute.channel == want.dispute.channel);
          CHECK(d.dispute.external_id == want.dispute.external_id);
          CHECK(*d.classification == *want.classification);
          CHECK(d.status == want.status);
          CHECK(d.body == want.body);
        }
        ++n;
        return true;
      });
  REQUIRE(r.has_value());
  CHECK(n == 6);
  CHECK(full[3].body == BodyId{"hz.street.c"});  // the transferred case was completed above
}

TEST_CASE_TEMPLATE("a deadline warning already committed is refused at commit and writes nothing",
                   B, BACKENDS) {
  // Two daemons that both believe they lead both commit the overdue step of one case: the store,
  // which reads the case under the commit's lock, takes the first and refuses the second.
  B backend;
  auto s = backend.open();
  auto c = commit_one(*s, new_case("W-1"));
  const auto due = *parse_date("2026-03-05");
  auto overdue_step = [&] {
    return CaseEvents{
        c.case_id,
        {make_event(Overdue{due}),
         make_event(Escalated{BodyId{"hz.district.centre"}, "overdue", parse_date("2026-03-12")}),
         make_event(SupervisionNotice{
             {BodyId{"hz.street.fengyang"}, BodyId{"hz.district.centre"}}, "overdue", due})}};
  };
  commit_one(*s, overdue_step());
  const auto seq = *s->last_seq();
  std::vector<Change> again{overdue_step(), CaseEvents{c.case_id, {make_event(Accepted{})}}};
  auto r = s->commit(again);
  REQUIRE(r.has_value());
  REQUIRE_FALSE((*r)[0].has_value());
  CHECK((*r)[0].error().code == ErrorCode::conflict);
  CHECK((*r)[0].error().message.find(
            "overdue for 2026-03-05, but its deadline is now 2026-03-12") != std::string::npos);
  CHECK((*r)[1].has_value());  // the rest of the batch goes on
  CHECK(*s->last_seq() == seq + 1);
  auto record = s->get_case(c.case_id);
  REQUIRE(record.has_value());
  CHECK(record->state.escalations == 1);
  CHECK(record->state.supervision_notices == 1);
  CHECK(s->verify()->ok());
}

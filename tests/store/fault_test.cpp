#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/fault_store.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;
using namespace tiaojie::lifecycle;
using tiaojie::test::make_event;
using tiaojie::test::new_case;

namespace {

std::vector<Change> mixed_batch(CaseId existing) {
  return {new_case("B-1"), new_case("B-2"),
          CaseEvents{existing, {make_event(Accepted{}), make_event(MediationStarted{})}},
          CaseEvents{existing,
                     {make_event(SupervisionNotice{
                         {BodyId{"hz.street.fengyang"}}, "slow", *parse_date("2026-03-05")})}},
          new_case("B-3", "hz.street.other")};
}

}  // namespace

TEST_CASE("a batch failing at any row of its transaction leaves nothing behind") {
  // Count the rows a clean run of the batch writes, then fail each one in turn.
  std::int64_t rows = 0;
  {
    test::TempDir dir;
    auto plan = std::make_shared<FaultPlan>();
    auto s = *SqliteStore::open({.path = dir.file("c.db"), .faults = plan});
    std::vector<Change> seed{new_case("A-1")};
    REQUIRE(s->commit(seed).has_value());
    plan->reset(0);
    REQUIRE(s->commit(mixed_batch(CaseId{1})).has_value());
    rows = plan->writes();
  }
  REQUIRE(rows > 10);
  for (std::int64_t n = 1; n <= rows; ++n) {
    CAPTURE(n);
    test::TempDir dir;
    auto plan = std::make_shared<FaultPlan>();
    auto s = *SqliteStore::open({.path = dir.file("c.db"), .faults = plan});
    std::vector<Change> seed{new_case("A-1")};
    REQUIRE(s->commit(seed).has_value());
    const auto before_seq = *s->last_seq();
    const auto before_load = *s->open_load();
    plan->reset(n);
    auto r = s->commit(mixed_batch(CaseId{1}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::io_error);
    CHECK(*s->last_seq() == before_seq);
    CHECK(*s->open_load() == before_load);
    CHECK_FALSE(s->find_by_key("walk_in", "B-1")->has_value());
    CHECK(s->get_case(CaseId{1})->state.status == Status::assigned);
    CHECK(s->verify()->ok());
    // The store is usable afterwards: the same batch goes through once the fault is gone.
    plan->reset(0);
    auto again = s->commit(mixed_batch(CaseId{1}));
    REQUIRE(again.has_value());
    CHECK((*again)[4]->case_id == CaseId{4});
    CHECK(s->verify()->ok());
  }
}

TEST_CASE("the fault-injecting wrapper fails the n-th write call of any store and writes nothing") {
  auto plan = std::make_shared<FaultPlan>(2);
  FaultInjectingStore s(std::make_unique<MemoryStore>(), plan);
  std::vector<Change> one{new_case("A-1")};
  std::vector<Change> two{new_case("A-2")};
  REQUIRE(s.commit(one).has_value());
  auto failed = s.commit(two);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().code == ErrorCode::io_error);
  CHECK(*s.last_seq() == 3);
  REQUIRE(s.commit(two).has_value());  // transient: the next write succeeds
  CHECK(*s.last_seq() == 6);
  plan->reset(1, /*sticky=*/true);
  CHECK_FALSE(s.put_rule_set("v", {}).has_value());
  CHECK_FALSE(s.commit(one).has_value());
  CHECK(plan->failures() == 2);
}

TEST_CASE(
    "a crash in the middle of a commit (process killed, no rollback) loses the batch and only the "
    "batch") {
  // Rows a clean run of the batch writes, so every one of them can be the crash point.
  std::int64_t rows = 0;
  {
    test::TempDir dir;
    auto plan = std::make_shared<FaultPlan>();
    auto s = *SqliteStore::open({.path = dir.file("c.db"), .faults = plan});
    std::vector<Change> seed{new_case("A-1")};
    REQUIRE(s->commit(seed).has_value());
    plan->reset(0);
    REQUIRE(s->commit(mixed_batch(CaseId{1})).has_value());
    rows = plan->writes();
  }
  for (std::int64_t n = 1; n <= rows; n += 3) {
    CAPTURE(n);
    test::TempDir dir;
    const auto path = dir.file("c.db");
    {
      auto s = *SqliteStore::open({.path = path});
      std::vector<Change> seed{new_case("A-1")};
      REQUIRE(s->commit(seed).has_value());
    }
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      auto plan = std::make_shared<FaultPlan>();
      auto s = SqliteStore::open({.path = path, .faults = plan});
      if (!s) std::_Exit(3);
      plan->crash_at(n);
      (void)(*s)->commit(mixed_batch(CaseId{1}));
      std::_Exit(4);  // not reached: the plan ends the process first
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 77);
    // Reopening recovers from the WAL: the seed is there, nothing of the crashed batch is.
    auto s = *SqliteStore::open({.path = path});
    CHECK(*s->last_seq() == 3);
    CHECK_FALSE(s->find_by_key("walk_in", "B-1")->has_value());
    CHECK(s->get_case(CaseId{1})->state.status == Status::assigned);
    CHECK(s->verify()->ok());
    std::vector<Change> after{new_case("B-1")};
    CHECK((*s->commit(after))[0]->case_id == CaseId{2});
  }
}

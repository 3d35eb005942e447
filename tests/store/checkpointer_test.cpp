// The background checkpointer (store/internal/checkpointer.hpp) under commits that come back to
// back, as the daemon's store thread makes them: the WAL must start over again and again (its file
// stays bounded) and every committed case must be in the store after it is reopened.
#include <doctest/doctest.h>

#include <filesystem>

#include "store/sqlite_store.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;

namespace {

// Commits 300 batches of six new cases back to back, as the daemon's store thread does, and returns
// the largest the WAL file grew; `cases` counts the cases committed.
std::uintmax_t largest_wal_of(const std::string& path, SqliteOptions options, int& cases) {
  options.path = path;
  std::uintmax_t largest_wal = 0;
  auto opened = SqliteStore::open(options);
  REQUIRE(opened.has_value());
  auto& s = **opened;
  for (int batch = 0; batch < 300; ++batch) {
    std::vector<Change> changes;
    for (int i = 0; i < 6; ++i) {
      Change c = test::new_case("K-" + std::to_string(cases++));
      if (i % 2 == 0) prepare(c);
      changes.push_back(std::move(c));
    }
    auto out = s.commit(changes);
    REQUIRE(out.has_value());
    for (const auto& o : *out) REQUIRE(o.has_value());
    largest_wal = std::max<std::uintmax_t>(largest_wal, std::filesystem::file_size(path + "-wal"));
  }
  return largest_wal;
}

}  // namespace

TEST_CASE(
    "background checkpoint: the WAL starts over under back-to-back commits, nothing is lost") {
  test::TempDir dir;
  constexpr int k_threshold = 40;  // pages
  // The same commits with no checkpoint at all (wal_autocheckpoint = 0): the WAL then holds every
  // frame written. Measured in the same run rather than as a fixed size, because how often the
  // background thread gets to run depends on the machine's load (a fixed bound of 16 × threshold
  // frames failed by 2% on a loaded 2-core machine).
  int uncheckpointed_cases = 0;
  const auto wal_never_restarted =
      largest_wal_of(dir.file("never.db"), {.wal_autocheckpoint = 0}, uncheckpointed_cases);

  const auto path = dir.file("cases.db");
  int cases = 0;
  const auto largest_wal = largest_wal_of(
      path, {.wal_autocheckpoint = k_threshold, .background_checkpoint = true}, cases);
  MESSAGE("largest WAL ", largest_wal, " bytes; with no checkpoint ", wal_never_restarted);
  // Starting over, the WAL stays a small part of what it would hold without: a few dozen commits'
  // worth at most out of 300.
  CHECK(largest_wal * 3 <= wal_never_restarted);
  auto reopened = SqliteStore::open({.path = path});
  REQUIRE(reopened.has_value());
  auto report = (*reopened)->verify();
  REQUIRE(report.has_value());
  CHECK(report->ok());
  CHECK(report->cases == cases);
  CHECK((*reopened)->find_by_key("walk_in", "K-" + std::to_string(cases - 1))->has_value());
}

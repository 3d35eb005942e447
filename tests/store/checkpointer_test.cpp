// The background checkpointer (store/internal/checkpointer.hpp) under commits that come back to
// back, as the daemon's store thread makes them: the WAL must start over again and again (its file
// stays bounded) and every committed case must be in the store after it is reopened.
#include <doctest/doctest.h>

#include <filesystem>

#include "store/sqlite_store.hpp"
#include "store/store_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::store;

TEST_CASE("background checkpoint: the WAL starts over under back-to-back commits, nothing is lost") {
  test::TempDir dir;
  const auto path = dir.file("cases.db");
  constexpr int k_threshold = 40;  // pages
  int cases = 0;
  std::uintmax_t largest_wal = 0;
  {
    auto opened = SqliteStore::open({.path = path, .wal_autocheckpoint = k_threshold,
                                     .background_checkpoint = true});
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
  }
  // Without the WAL starting over it would hold every frame written: well over 300 commits' worth.
  // It starts over at most 16 × threshold frames (4 KiB pages plus a 24-byte frame header) on.
  CHECK(largest_wal <= (16 * k_threshold + 64) * (4096 + 24));
  auto reopened = SqliteStore::open({.path = path});
  REQUIRE(reopened.has_value());
  auto report = (*reopened)->verify();
  REQUIRE(report.has_value());
  CHECK(report->ok());
  CHECK(report->cases == cases);
  CHECK((*reopened)->find_by_key("walk_in", "K-" + std::to_string(cases - 1))->has_value());
}

// `tiaojie demo --dir DIR` runs in DIR and keeps it; the demo finds the shipped data from any
// folder (the clone's, beside the binary, when the current folder has no configuration).
#include <doctest/doctest.h>

#include "cli_run.hpp"

using namespace tiaojie::test;
namespace fs = std::filesystem;

TEST_CASE(
    "demo --dir DIR runs the demo in DIR, from a folder that is not the source tree, and keeps "
    "it") {
  auto dir = cli_fresh_dir("demo-dir");
  auto r = run_cli("demo --disputes 40 --dir run", dir);
  CAPTURE(r.out);
  CAPTURE(r.err);
  CHECK(r.status == 0);
  CHECK(contains(r.out, "submitted 40 disputes over TCP"));
  CHECK(contains(r.out, "kept " + (dir / "run").string()));
  // The report is presented as the shipped configuration's [reports] says: district and issuer.
  CHECK(contains(r.out, "# 海珠区矛盾纠纷调解周报"));
  CHECK(contains(r.out, "海珠区司法局"));
  for (const char* kept : {"tiaojie.toml", "data/tiaojie.sqlite", "daemon.log", "reports"}) {
    CAPTURE(kept);
    CHECK(fs::exists(dir / "run" / kept));
  }
  CHECK_FALSE(fs::is_empty(dir / "run" / "reports"));

  // A folder with something in it is not overwritten.
  auto again = run_cli("demo --disputes 40 --dir run", dir);
  CAPTURE(again.err);
  CHECK(again.status == 2);
  CHECK(contains(again.err, "exists and is not empty"));
  fs::remove_all(dir);
}

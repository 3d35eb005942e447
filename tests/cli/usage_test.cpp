// Usage errors exit 2 (docs/reports.md, docs/operators.md), never CLI11's 106 or 109, and name the
// nearest valid subcommand or option; --store is the one name of the store option.
#include <doctest/doctest.h>

#include "cli_run.hpp"

using namespace tiaojie::test;

namespace {
CliRun cli(const std::string& args) { return run_cli(args, source_dir()); }
}  // namespace

TEST_CASE(
    "a mistyped subcommand exits 2 and names the nearest one (was: 'A subcommand is required')") {
  auto r = cli("rulez check");
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(contains(r.err, "unknown subcommand 'rulez' of 'tiaojie'; did you mean 'rules'?"));
  CHECK_FALSE(contains(r.err, "A subcommand is required"));

  r = cli("rules chekc");
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(contains(r.err, "unknown subcommand 'chekc' of 'tiaojie rules'; did you mean 'check'?"));

  r = cli("report weekley --week 2026-W47");
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(contains(r.err, "did you mean 'weekly'?"));

  // Nothing close: the choices are listed instead.
  r = cli("zzzzzz");
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(contains(r.err, "unknown subcommand 'zzzzzz' of 'tiaojie' (one of: "));
  CHECK_FALSE(contains(r.err, "did you mean"));

  // No subcommand at all: the ones there are.
  r = cli("rules");
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(contains(r.err, "'tiaojie rules' needs a subcommand: one of check, test, "));
  CHECK(contains(r.err, "diff, export"));
}

TEST_CASE("a mistyped option exits 2 and names the nearest option of its subcommand (was 109)") {
  auto r = cli("report weekly --stor x.sqlite");
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(contains(r.err,
                 "unknown option '--stor' for 'tiaojie report weekly'; did you mean '--store'?"));

  r = cli("replay --rule rules --store x.sqlite");
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(contains(r.err, "did you mean '--rules'?"));

  // An option's value is not taken for a word of the command line.
  r = cli("graph assign --street 凤阳 --categroy labour");
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(contains(
      r.err, "unknown option '--categroy' for 'tiaojie graph assign'; did you mean '--category'?"));
}

TEST_CASE(
    "every other usage error exits 2 too: a missing argument (was 106), an extra one, a missing "
    "value") {
  for (const char* args : {"rules diff rules", "submit", "graph check extra-word",
                           "report weekly --format", "replay", "demo --disputes 0"}) {
    CAPTURE(args);
    auto r = cli(args);
    CAPTURE(r.err);
    CHECK(r.status == 2);
    CHECK(contains(r.err, "Run with --help"));
  }
}

TEST_CASE("--help and --version still exit 0") {
  CHECK(cli("--help").status == 0);
  CHECK(cli("rules check --help").status == 0);
  CHECK(cli("--version").status == 0);
}

TEST_CASE("--store names the store file in every command, and --db is a hidden alias") {
  for (const char* cmd :
       {"report weekly", "store verify", "store rebuild", "replay", "rules export", "explain"}) {
    CAPTURE(cmd);
    auto help = cli(std::string(cmd) + " --help");
    CHECK(help.status == 0);
    CHECK(contains(help.out, "--store"));
    CHECK_FALSE(contains(help.out, "--db"));
  }
  auto dir = cli_fresh_dir("store-alias");
  auto with_store = cli("store verify --store '" + (dir / "absent.sqlite").string() + "'");
  auto with_db = cli("store verify --db '" + (dir / "absent.sqlite").string() + "'");
  CHECK(with_store.status == 2);
  CHECK(with_db.status == 2);
  CHECK(with_store.err == with_db.err);
  std::filesystem::remove_all(dir);
}

// Where commands find their files (engine/cli/data_paths.hpp): the configuration of the current
// folder (./tiaojie.toml, ./config/tiaojie.toml), then the installed one, never the source tree the
// binary was built from; relative paths in a configuration resolve against its folder; --help
// shows each default.
#include <doctest/doctest.h>

#include <fstream>

#include "cli_run.hpp"

using namespace tiaojie::test;
namespace fs = std::filesystem;

namespace {

// A copy of the project's data (config/ and rules/), as an operator makes to try an edit.
fs::path copy_of_project(const std::string& name) {
  auto dir = cli_fresh_dir(name);
  fs::copy(source_dir() / "config", dir / "config", fs::copy_options::recursive);
  fs::copy(source_dir() / "rules", dir / "rules", fs::copy_options::recursive);
  return dir;
}

bool installed_config_exists() {
  return fs::exists(fs::path(TIAOJIE_SYSCONF_DIR) / "tiaojie.toml");
}

}  // namespace

TEST_CASE(
    "a copy of the project with a broken rule: `rules check` run there checks the copy, not the "
    "build's clone") {
  auto dir = copy_of_project("copy");
  std::ofstream(dir / "rules" / "category.toml", std::ios::app) << "\n[[rule]]\nid = \n";
  auto copy = run_cli("rules check", dir);
  CAPTURE(copy.out);
  CAPTURE(copy.err);
  CHECK(copy.status == 1);
  CHECK(contains(copy.out, "rules/category.toml:"));
  CHECK(contains(copy.out, "error"));
  // The clone the binary was built from is fine, and is what `rules check` sees there.
  auto clone = run_cli("rules check", source_dir());
  CAPTURE(clone.out);
  CHECK(clone.status == 0);
  CHECK(contains(clone.out, "0 errors"));
  // The other commands read the same configuration: `serve --check-config` refuses the copy.
  auto serve = run_cli("serve --check-config", dir);
  CAPTURE(serve.err);
  CHECK(serve.status == 1);
  CHECK(contains(serve.err, "category.toml:"));
  fs::remove_all(dir);
}

TEST_CASE(
    "relative paths in a configuration resolve against the file's folder, wherever the command "
    "runs") {
  auto dir = cli_fresh_dir("relative");
  fs::create_directories(dir / "site");
  fs::create_directories(dir / "elsewhere");
  fs::copy(source_dir() / "rules", dir / "site-rules", fs::copy_options::recursive);
  fs::copy(source_dir() / "config", dir / "shipped", fs::copy_options::recursive);
  std::ofstream(dir / "site" / "tiaojie.toml")
      << "[server]\ndata_dir = \"../site-data\"\n"
      << "[paths]\nrules = \"../site-rules\"\ngraph = \"../shipped/bodies\"\n"
      << "calendar = \"../shipped/calendar\"\nformats = \"../shipped/formats\"\n"
      << "gazetteer = \"../shipped/gazetteer/haizhu.toml\"\n";
  auto rules = run_cli("rules check --config ../site/tiaojie.toml", dir / "elsewhere");
  CAPTURE(rules.out);
  CAPTURE(rules.err);
  CHECK(rules.status == 0);
  CHECK(contains(rules.out, "../site-rules: "));
  auto graph = run_cli("graph check --config ../site/tiaojie.toml", dir / "elsewhere");
  CAPTURE(graph.out);
  CHECK(graph.status == 0);
  CHECK(contains(graph.out, "../shipped/bodies: graph"));
  auto serve = run_cli("serve --config ../site/tiaojie.toml --check-config", dir / "elsewhere");
  CAPTURE(serve.err);
  CHECK(serve.status == 0);
  // The store of `store verify` is <data_dir>/tiaojie.sqlite of that configuration.
  auto store = run_cli("store verify --config ../site/tiaojie.toml", dir / "elsewhere");
  CHECK(store.status == 2);
  CHECK(contains(store.err, "site-data/tiaojie.sqlite"));
  // ./tiaojie.toml in the current folder is found without --config.
  auto here = run_cli("rules check", dir / "site");
  CAPTURE(here.out);
  CHECK(here.status == 0);
  CHECK(contains(here.out, "../site-rules: "));
  fs::remove_all(dir);
}

TEST_CASE(
    "with no configuration in the current folder nor installed, a command says where it looked and "
    "exits 2") {
  if (installed_config_exists()) {
    MESSAGE("skipped: " TIAOJIE_SYSCONF_DIR "/tiaojie.toml is installed on this machine");
    return;
  }
  auto dir = cli_fresh_dir("nowhere");
  for (const char* args : {"rules check", "rules test", "graph check", "serve --check-config",
                           "report weekly", "store verify", "explain -",
                           "import --channel walk_in x.csv --dry-run", "replay --rules r"}) {
    CAPTURE(args);
    auto r = run_cli(args, dir);
    CAPTURE(r.err);
    CHECK(r.status == 2);
    CHECK(contains(r.err, "no configuration found"));
    CHECK(contains(r.err, "config/tiaojie.toml"));
    CHECK(contains(r.err, TIAOJIE_SYSCONF_DIR "/tiaojie.toml"));
  }
  // Paths given on the command line need no configuration (rules check without one: --self-only,
  // or --graph and --formats, since it checks the rules against both).
  auto given = run_cli("rules check --self-only '" + (source_dir() / "rules").string() + "'", dir);
  CAPTURE(given.err);
  CHECK(given.status == 0);
  fs::remove_all(dir);
}

TEST_CASE("--help shows each default: the configuration found and the path it gives") {
  auto serve = run_cli("serve --help", source_dir());
  CHECK(contains(serve.out, "./tiaojie.toml, ./config/tiaojie.toml, " TIAOJIE_SYSCONF_DIR
                            "/tiaojie.toml; now ./config/tiaojie.toml"));
  const std::pair<const char*, const char*> shown[] = {
      {"rules check --help", "now rules)"},
      {"rules test --help", "now rules)"},
      {"graph check --help", "now config/bodies)"},
      {"report weekly --help", "now data/tiaojie.sqlite)"},
      {"store verify --help", "now data/tiaojie.sqlite)"},
      {"replay --help", "now config/bodies)"},
      {"import --help", "now config/formats)"},
      {"import --help", "now config/gazetteer/haizhu.toml)"},
      {"explain --help", "now rules)"},
      {"demo --help", "now ./config/tiaojie.toml)"},
  };
  for (const auto& [args, text] : shown) {
    CAPTURE(args);
    auto r = run_cli(args, source_dir());
    CAPTURE(r.out);
    CHECK(r.status == 0);
    CHECK(contains(r.out, text));
  }
}

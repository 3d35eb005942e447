// Issue 14: a misspelt category or street in a rule never goes live. The same check refuses it in
// `tiaojie rules check`, `tiaojie serve --check-config` and a reload, at file:line:column.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "daemon_fixture.hpp"
#include "serve_process.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

struct Typo {
  const char* name;
  std::string rule;  // appended to category.toml
  int line_in_rule;  // the line of the rule holding the typo (1 = "[[rule]]")
  int column;
  const char* message;  // the start of the error's message
};

const Typo k_typos[] = {
    {"a misspelt category",
     "[[rule]]\nid = \"typo.one\"\nwhen.keywords_any = [\"错拼测试\"]\nthen.category = \"labor\"\n",
     4, 17, "unknown category 'labor'"},
    {"a misspelt street",
     "[[rule]]\nid = \"typo.two\"\nwhen.streets = [\"凤杨\"]\nthen.level = \"street\"\n", 3, 17,
     "unknown street '凤杨'"},
};

std::string read_file(const fs::path& p) {
  std::stringstream buf;
  buf << std::ifstream(p, std::ios::binary).rdbuf();
  return buf.str();
}

// Appends `typo` to `file`; returns the "category.toml:L:C" the error must name.
std::string append(const fs::path& file, const Typo& typo) {
  std::string text = read_file(file);
  if (!text.ends_with('\n')) text += '\n';
  const auto lines = std::count(text.begin(), text.end(), '\n');
  std::ofstream(file, std::ios::trunc | std::ios::binary) << text << typo.rule;
  return "category.toml:" + std::to_string(lines + typo.line_in_rule) + ":" +
         std::to_string(typo.column);
}

}  // namespace

TEST_CASE("a reload with a misspelt category or street is refused at file:line:column") {
  TestDaemon d;
  auto op = d.connect(k_operator_token);
  const auto version = d.server().rules_version();
  auto file = d.dir() / "rules" / "category.toml";
  const std::string original = read_file(file);
  for (const auto& typo : k_typos) {
    CAPTURE(typo.name);
    const auto where = append(file, typo);
    auto refused = op->call({{"op", "reload"}});
    REQUIRE(refused.has_value());
    REQUIRE_FALSE(is_ok(*refused));
    CHECK(std::string(refused->at("error").at("where").as_string()).ends_with(where));
    CHECK(std::string(refused->at("error").at("message").as_string()).find(typo.message) !=
          std::string::npos);
    CHECK(d.server().rules_version() == version);
    std::ofstream(file, std::ios::trunc | std::ios::binary) << original;
  }
}

TEST_CASE(
    "serve --check-config prints the same error for a misspelt category or street and exits 1") {
  auto dir = fs::temp_directory_path() / ("tiaojie-misspelt-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& typo : k_typos) {
    CAPTURE(typo.name);
    fs::remove_all(dir / "rules");
    fs::copy(source_dir() / "rules", dir / "rules", fs::copy_options::recursive);
    const auto where = append(dir / "rules" / "category.toml", typo);
    std::ofstream(dir / "tiaojie.toml", std::ios::trunc)
        << "[paths]\nrules = \"rules\"\n"
        << "graph = \"" << (source_dir() / "config" / "bodies").string() << "\"\n"
        << "calendar = \"" << (source_dir() / "config" / "calendar").string() << "\"\n"
        << "formats = \"" << (source_dir() / "config" / "formats").string() << "\"\n"
        << "gazetteer = \"" << (source_dir() / "config" / "gazetteer" / "haizhu.toml").string()
        << "\"\n";
    int status =
        run_tiaojie("serve --config tiaojie.toml --check-config", dir, dir / "out", dir / "err");
    CHECK(status == 1);
    const auto err = read_file(dir / "err");
    CAPTURE(err);
    CHECK(err.find(where + ": error: " + typo.message) != std::string::npos);
  }
  fs::remove_all(dir);
}

TEST_CASE("serve --check-config accepts the shipped configuration") {
  auto dir = fs::temp_directory_path() / ("tiaojie-shipped-check-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  int status = run_tiaojie(
      "serve --config '" + (source_dir() / "config" / "tiaojie.toml").string() + "' --check-config",
      dir, dir / "out", dir / "err");
  CHECK_MESSAGE(status == 0, read_file(dir / "err"));
  fs::remove_all(dir);
}

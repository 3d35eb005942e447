// Hot reload through the file watch (no `reload` request, no signal): editing a rule file changes
// the next decision of a running daemon; breaking one changes nothing but an error in the log,
// located at file:line:column.
#include <doctest/doctest.h>

#include <regex>

#include "daemon_fixture.hpp"
#include "log_capture.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace json = boost::json;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::stringstream buf;
  buf << std::ifstream(p).rdbuf();
  return buf.str();
}

}  // namespace

TEST_CASE(
    "the file watch reloads an edited rule file, a broken edit is logged at file:line:column and "
    "changes nothing") {
  LogCapture log;
  TestDaemon d([](daemon::DaemonConfig& c) { c.watch_interval = std::chrono::milliseconds(20); });
  auto c = d.connect(k_hotline_token);
  const std::string words = "观察测试词语丁戊己";
  auto before = c->call(submit_request(hotline_dispute("W-1", words)));
  REQUIRE(is_ok(*before));
  CHECK(text(*before, "category") != "labour");
  const auto first_version = d.server().rules_version();

  // A good edit: the word becomes a wage-arrears keyword. Nobody asks for a reload.
  auto file = d.dir() / "rules" / "category.toml";
  std::string edited = read_file(file);
  auto pos = edited.find("\"拖欠工资\",");
  REQUIRE(pos != std::string::npos);
  edited.insert(pos, "\"" + words + "\", ");
  std::ofstream(file, std::ios::trunc) << edited;
  REQUIRE(eventually([&] { return d.server().rules_version() != first_version; }));
  auto after = c->call(submit_request(hotline_dispute("W-2", words)));
  REQUIRE(is_ok(*after));
  CHECK(text(*after, "category") == "labour");
  const auto good_version = d.server().rules_version();
  CHECK(text(*after, "rules_version") == good_version);

  // A broken edit: a rule whose id has no value, on a line we know.
  const auto lines_before = std::count(edited.begin(), edited.end(), '\n');
  std::ofstream(file, std::ios::app) << "\n[[rule]]\nid = \n";
  const auto broken_line = lines_before + 3;  // the appended "id = " line
  const std::regex located("category\\.toml:" + std::to_string(broken_line) + ":[0-9]+");
  REQUIRE(eventually([&] { return std::regex_search(log.text(), located); }));
  CAPTURE(log.text());
  CHECK(log.text().find("reload refused") != std::string::npos);
  CHECK(d.server().rules_version() == good_version);
  auto op = d.connect(k_operator_token);
  auto stats = *op->call({{"op", "stats"}});
  CHECK(stats.at("failed_reloads").as_int64() >= 1);
  CHECK(text(stats, "rules_version") == good_version);
  // The next decision is the good edit's, under its version.
  auto still = c->call(submit_request(hotline_dispute("W-3", words)));
  REQUIRE(is_ok(*still));
  CHECK(text(*still, "category") == "labour");
  CHECK(text(*still, "rules_version") == good_version);

  // Repairing the file is picked up the same way.
  std::ofstream(file, std::ios::trunc) << edited;
  auto repaired = [&] {
    auto s = *op->call({{"op", "stats"}});
    return s.at("reloads").as_int64() >= 2;
  };
  CHECK(eventually(repaired));
  CHECK(d.server().rules_version() == good_version);  // the same files, the same version
}

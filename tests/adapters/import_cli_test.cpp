// `tiaojie import` and `tiaojie adapt` as an operator runs them: files in, files and exit status
// out.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/encoding.hpp"
#include "support/paths.hpp"

namespace fs = std::filesystem;
using namespace tiaojie;

namespace {

struct Ran {
  int status = -1;
  std::string out;
};

Ran run(const std::string& args, const fs::path& dir) {
  fs::path out = dir / "stdout.txt";
  std::string cmd = std::string("'") + TIAOJIE_CLI + "' " + args + " > '" + out.string() +
                    "' 2> '" + (dir / "stderr.txt").string() + "'";
  int raw = std::system(cmd.c_str());
  std::ifstream in(out);
  std::stringstream s;
  s << in.rdbuf();
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, s.str()};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "{}" placeholders: the first is dir/export.csv, the second dir/out.ndjson.
std::string fmt_args(std::string pattern, const fs::path& dir) {
  const std::string values[] = {(dir / "export.csv").string(), (dir / "out.ndjson").string()};
  for (const auto& v : values) {
    auto at = pattern.find("{}");
    if (at == std::string::npos) break;
    pattern.replace(at, 2, v);
  }
  return pattern;
}

fs::path fresh_dir(const char* name) {
  auto dir = test::binary_dir() / "adapters-cli" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE(
    "tiaojie import reads an Excel GB18030 export, writes disputes and a rejects file, exits 1") {
  auto dir = fresh_dir("gb18030");
  std::string csv =
      "工单编号,来电时间,诉求人,联系电话,诉求内容,诉求类型,事发地址,所属街道,办理时限\r\n"
      "G1,2026/11/24 "
      "9:30:00,王某,13800000001,\"楼上漏水\r\n已经三天\",邻里纠纷,海珠区江怡路某小区,,2026/11/"
      "26\r\n"
      "G2,昨天,李某,13800000002,欠薪,劳资纠纷,,凤阳街道,\r\n";
  auto gb = adapters::utf8_to_gb18030(csv);
  REQUIRE(gb);
  std::ofstream(dir / "export.csv", std::ios::binary) << *gb;
  auto r = run(fmt_args("import --channel hotline_12345 -q '{}' --out '{}'", dir), dir);
  CHECK(r.status == 1);
  CHECK(r.out.starts_with("import: 2 rows: 1 imported, 0 duplicates, 1 rejected"));
  auto disputes = slurp(dir / "out.ndjson");
  CHECK(disputes.find("\"external_id\":\"G1\"") != std::string::npos);
  CHECK(disputes.find("\"street\":\"新港\"") != std::string::npos);
  CHECK(disputes.find("\"reply_due\":\"2026-11-26T23:59:59+08:00\"") != std::string::npos);
  CHECK(disputes.find("楼上漏水\\r\\n已经三天") != std::string::npos);
  auto rejects = slurp(dir / "export.csv.rejects.csv");
  CHECK(rejects.find("3,4,来电时间,") != std::string::npos);
}

TEST_CASE("tiaojie import refuses a file without a required column before reading rows") {
  auto dir = fresh_dir("missing-column");
  std::ofstream(dir / "export.csv") << "来电时间,诉求内容\n2026-11-24 09:30,漏水\n";
  auto r = run(fmt_args("import --channel hotline_12345 -q '{}' --dry-run", dir), dir);
  CHECK(r.status == 2);
  CHECK(slurp(dir / "stderr.txt").find("missing column 工单编号") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "export.csv.rejects.csv"));
}

TEST_CASE("tiaojie adapt shows each record's canonical dispute and location, or its error") {
  auto dir = fresh_dir("adapt");
  std::ofstream(dir / "in.ndjson")
      << R"({"警情编号":"J1","报警时间":"2026-11-24 21:40","简要案情":"打架","受伤情况":"有人受伤","发案地点":"海珠区青凤社区"})"
      << "\n"
      << R"({"警情编号":"J2","报警时间":"2026-11-24 21:40","简要案情":"打架","受伤情况":"不详"})"
      << "\n";
  auto r = run("adapt --format police_referral '" + (dir / "in.ndjson").string() + "'", dir);
  CHECK(r.status == 1);
  CHECK(r.out.find(R"("injuries":true,"street":"江南中","community":"青凤社区")") !=
        std::string::npos);
  CHECK(r.out.find(R"("method":"community")") != std::string::npos);
  CHECK(r.out.find(R"({"ok":false,"line":2,"error":{"where":"受伤情况")") != std::string::npos);
}

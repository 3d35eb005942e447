// `tiaojie case show|list|accept|transfer|resolve|withdraw|close` and `tiaojie rules versions`
// against a real daemon and the store it writes: the operations through the wire protocol with the
// operator token from a file or the environment, show and list reading the store read-only while
// the daemon runs. Disputes are received relative to the real today (the daemon's clock); "now"
// for overdue is injected with the hidden --now.
#include <doctest/doctest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "cli_run.hpp"
#include "model/time.hpp"

using namespace tiaojie::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* k_operator_token = "case-test-operator";

fs::path write_config(const fs::path& dir) {
  return write_daemon_config(dir, "case-test-walk-in", k_operator_token);
}

// The test's "now": read once, so that every date the test writes or asks about (received
// times, --received-from, --now) counts from the same instant even if the run crosses midnight.
tiaojie::Timestamp now_seconds() {
  static const auto start =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  return start;
}

std::string when(std::chrono::hours ago) { return tiaojie::format_timestamp(now_seconds() - ago); }

// A daemon on a fresh folder with four walk-in disputes submitted: 1 and 2 in 江南中 (received a
// day and three days ago), 3 in 凤阳, 4 in 江南中 again. `acks` holds each acknowledgement.
struct Fixture {
  fs::path dir;
  std::unique_ptr<ServeProcess> daemon;
  std::string port;
  std::vector<json::object> acks;

  explicit Fixture(const std::string& name) : dir(cli_fresh_dir(name)) {
    daemon = std::make_unique<ServeProcess>(
        std::vector<std::string>{"--config", write_config(dir).string()}, dir / "serve.log");
    port = std::to_string(daemon->port());
    std::ofstream disputes(dir / "disputes.ndjson");
    auto dispute = [&](const char* id, const char* street, const char* text,
                       std::chrono::hours ago) {
      disputes << R"({"external_id":")" << id << R"(","channel":"walk_in","received_at":")"
               << when(ago) << R"(","description":")" << text << R"(","street":")" << street
               << "\"}\n";
    };
    dispute("case-1", "江南中", "楼上漏水，邻居不理", std::chrono::hours(24));
    dispute("case-2", "江南中", "邻居装修噪音扰民", std::chrono::hours(72));
    dispute("case-3", "凤阳", "楼道堆放杂物占用通道", std::chrono::hours(24));
    dispute("case-4", "江南中街道", "楼上漏水又发生了", std::chrono::hours(24));
    disputes.close();
    // Token files only their owner may read: others are refused (daemon/secret_file).
    std::ofstream(dir / "walk_in.token") << "case-test-walk-in\n";
    fs::permissions(dir / "walk_in.token", fs::perms::owner_read | fs::perms::owner_write);
    auto r = run_cli("submit --port " + port + " --token-file walk_in.token disputes.ndjson", dir);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      acks.push_back(json::parse(line).as_object());
    }
    REQUIRE(acks.size() == 4);
    std::ofstream(dir / "operator.token") << "# li's token\n" << k_operator_token << "\n";
    fs::permissions(dir / "operator.token", fs::perms::owner_read | fs::perms::owner_write);
  }
  ~Fixture() {
    daemon->signal(SIGTERM);
    daemon->wait_exit();
    fs::remove_all(dir);
  }
  std::string due(int case_id) const {
    return std::string(acks.at(static_cast<std::size_t>(case_id - 1)).at("due").as_string());
  }
  CliRun op(const std::string& args, const std::string& env = "") const {
    return run_cli("case " + args + " --port " + port, dir, env);
  }
  CliRun read(const std::string& args) const {
    return run_cli(args + " --store data/tiaojie.sqlite --config tiaojie.toml", dir);
  }
};

std::vector<std::int64_t> listed(const CliRun& r) {
  std::vector<std::int64_t> ids;
  const auto parsed = json::parse(r.out);
  for (const auto& c : parsed.at("cases").as_array()) {
    ids.push_back(c.at("case").as_int64());
  }
  return ids;
}

}  // namespace

TEST_CASE(
    "tiaojie case accept and resolve go through the daemon with a token from a file or "
    "the environment, never without one") {
  Fixture f("case-ops");
  auto accepted = f.op("accept 1 --token-file operator.token");
  CAPTURE(accepted.err);
  CHECK(accepted.status == 0);
  CHECK(contains(accepted.out, "case 1: 已受理 accepted"));
  CHECK(contains(accepted.out, "due " + f.due(1)));

  auto env = f.op("accept 2", std::string("TIAOJIE_TOKEN=") + k_operator_token);
  CHECK(env.status == 0);
  auto resolved = f.op("resolve 2 --outcome resolved --agreement 赔偿维修费 --json",
                       std::string("TIAOJIE_TOKEN=") + k_operator_token);
  CAPTURE(resolved.err);
  CHECK(resolved.status == 0);
  CHECK(json::parse(resolved.out).at("status") == "resolved");

  // No token: refused before connecting (a usage error); a token on the command line is no
  // option of these commands.
  auto none = f.op("accept 3");
  CHECK(none.status == 2);
  CHECK(contains(none.err, "no operator token"));
  CHECK(f.op("accept 3 --token " + std::string(k_operator_token)).status == 2);

  // The daemon's refusals: exit 1 with its message.
  auto conflict = f.op("close 1 --token-file operator.token");
  CHECK(conflict.status == 1);
  CAPTURE(conflict.err);
  CHECK(contains(conflict.err, "tiaojie case close: "));
  CHECK(contains(conflict.err, "accepted"));  // the state that does not allow it
  auto missing = f.op("accept 999 --token-file operator.token");
  CAPTURE(missing.err);
  CHECK(missing.status == 1);
  CHECK(contains(missing.err, "no case 999"));

  auto transfer =
      f.op("transfer 3 --to hz.district.committee --reason 涉及多方 --token-file operator.token");
  CAPTURE(transfer.err);
  CHECK(transfer.status == 0);
  CHECK(contains(transfer.out, "body hz.district.committee"));
  CHECK(f.op("withdraw 4 --reason 已和解 --token-file operator.token").status == 0);
  CHECK(f.op("close 4 --note 归档 --token-file operator.token").status == 0);
  CHECK(contains(f.read("case show 4").out, "结案 closed"));
}

TEST_CASE(
    "tiaojie case show gives the state, the decision with its rules, the deadline and the "
    "timeline, from the store while the daemon runs") {
  Fixture f("case-show");
  REQUIRE(f.op("accept 1 --token-file operator.token").status == 0);
  auto shown = f.read("case show 1 --now " + when(std::chrono::hours(0)));
  CAPTURE(shown.out);
  CAPTURE(shown.err);
  REQUIRE(shown.status == 0);
  CHECK(contains(shown.out, "案件 case 1  已受理 accepted"));
  CHECK(contains(shown.out, "楼上漏水，邻居不理"));
  CHECK(contains(shown.out, "类别 category"));
  CHECK(contains(shown.out, "rules/"));  // each deciding rule with its file and line
  CHECK(contains(shown.out, "due               " + f.due(1)));
  CHECK(contains(shown.out, "days left"));
  // The timeline in log order: registered, classified, assigned, then accepted.
  const auto timeline = shown.out.find("时间线 timeline");
  const auto submitted = shown.out.find("登记 submitted", timeline);
  const auto classified = shown.out.find("分类 classified", timeline);
  const auto assigned = shown.out.find("分派 assigned", timeline);
  const auto accept = shown.out.find("受理 accepted", assigned);
  REQUIRE(accept != std::string::npos);
  CHECK(timeline < submitted);
  CHECK(submitted < classified);
  CHECK(classified < assigned);
  CHECK(assigned < accept);
  CHECK(contains(shown.out, "operator:li"));

  auto js = json::parse(f.read("case show 1 --json").out).as_object();
  CHECK(js.at("status") == "accepted");
  CHECK(js.at("deadline").at("due").as_string() == f.due(1));
  CHECK(js.at("events").as_array().size() == 4);
  CHECK(!js.at("classification").at("decided_by").at("category").is_null());

  auto unknown = f.read("case show 99");
  CHECK(unknown.status == 1);
  CHECK(contains(unknown.err, "no case 99"));
  CHECK(run_cli("case show", f.dir).status == 2);
}

TEST_CASE(
    "tiaojie case list filters by street, body, level, category, status, overdue, received "
    "days and text") {
  Fixture f("case-list");
  REQUIRE(f.op("accept 2 --token-file operator.token").status == 0);
  REQUIRE(f.op("resolve 2 --outcome resolved --token-file operator.token").status == 0);
  auto list = [&](const std::string& filters) {
    auto r = f.read("case list --json " + filters);
    CAPTURE(filters);
    CAPTURE(r.err);
    CHECK(r.status == 0);
    return r.status == 0 ? listed(r) : std::vector<std::int64_t>{};
  };
  using V = std::vector<std::int64_t>;
  CHECK(list("") == V{4, 3, 2, 1});  // newest first
  CHECK(list("--street 江南中") == V{4, 2, 1});
  CHECK(list("--street jiangnanzhong") == V{4, 2, 1});
  CHECK(list("--street 凤阳") == V{3});
  CHECK(list("--status resolved") == V{2});
  CHECK(list("--status assigned --street 江南中") == V{4, 1});
  CHECK(list("--text 漏水") == V{4, 1});
  CHECK(list("--text 不存在的词") == V{});
  const std::string three_days_ago =
      tiaojie::format_date(tiaojie::shanghai_date(now_seconds() - std::chrono::hours(72)));
  CHECK(list("--received-from " + three_days_ago + " --received-to " + three_days_ago) == V{2});

  auto ack_body = [&](int id) {
    return std::string(f.acks.at(static_cast<std::size_t>(id - 1)).at("body").as_string());
  };
  auto by_body = list("--body " + ack_body(3));
  CHECK(by_body == V{3});
  auto category = std::string(f.acks.at(0).at("category").as_string());
  auto by_category = list("--category " + category);
  CHECK(std::find(by_category.begin(), by_category.end(), 1) != by_category.end());
  CHECK(list("--category no_such_category") == V{});
  auto level = list("--level district");
  CHECK(std::find(level.begin(), level.end(), 1) == level.end());

  // Overdue relative to the injected now: none the day they came; the day after case 1's due date
  // the open ones whose date passed, never the resolved one.
  CHECK(list("--overdue --now " + when(std::chrono::hours(0))) == V{});
  auto due1 = tiaojie::parse_date(f.due(1));
  REQUIRE(due1);
  const auto after_due1 = tiaojie::format_timestamp(tiaojie::shanghai_midnight(
      tiaojie::CivilDate{std::chrono::sys_days{*due1} + std::chrono::days{1}}));
  const auto on_due1 =
      tiaojie::format_timestamp(tiaojie::shanghai_midnight(*due1) + std::chrono::hours(23));
  auto overdue = list("--overdue --street 江南中 --now " + after_due1);
  CHECK(std::find(overdue.begin(), overdue.end(), 1) != overdue.end());
  CHECK(std::find(overdue.begin(), overdue.end(), 2) == overdue.end());  // resolved
  CHECK(std::find(overdue.begin(), overdue.end(), 3) == overdue.end());  // another street
  auto not_yet = list("--overdue --now " + on_due1);
  CHECK(std::find(not_yet.begin(), not_yet.end(), 1) == not_yet.end());

  // The table: aligned by display width, the count line, --limit.
  auto table = f.read("case list --street 江南中 --limit 2");
  CAPTURE(table.out);
  CHECK(table.status == 0);
  CHECK(contains(table.out, "案件 case"));
  CHECK(contains(table.out, "2 of 3 matching cases shown"));
  CHECK(contains(table.out, "1 more"));
  CHECK(f.read("case list --street 不存在").status == 2);
  CHECK(f.read("case list --status open").status == 2);
}

TEST_CASE("tiaojie rules versions lists the stored rule-set versions with the cases they decided") {
  Fixture f("rules-versions");
  auto r = f.read("rules versions --json");
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  auto versions = json::parse(r.out).as_array();
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].at("decisions") == 4);
  CHECK(versions[0].at("current") == true);
  CHECK(versions[0].at("version") == f.acks.at(0).at("rules_version"));
  auto text = f.read("rules versions");
  CHECK(contains(text.out, "current"));
  CHECK(contains(text.out, "1 stored version"));
}

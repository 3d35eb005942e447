// Personal data stays in the store: a real daemon logging at debug level ingests disputes that
// carry phone and resident ID numbers (in the parties and in the free text), takes cases through
// their lifecycle, refuses malformed ones, and then every weekly report format is written. No log
// line and no report holds any of those numbers, and the log holds no token (docs/security.md).
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <string_view>

#include "daemon_fixture.hpp"
#include "serve_config.hpp"
#include "serve_process.hpp"
#include "support/disputes.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* k_wrong_token = "not-the-operator-token-7";

// Every phone and ID number of the parties in `lines`.
std::set<std::string> personal_numbers(const std::vector<std::string>& lines) {
  std::set<std::string> out;
  for (const auto& line : lines) {
    auto d = json::parse(line).as_object();
    for (const char* party : {"claimant", "respondent"}) {
      if (!d.contains(party)) continue;
      for (const char* field : {"phone", "id_number"}) {
        if (auto* v = d.at(party).as_object().if_contains(field)) {
          out.insert(std::string(v->as_string()));
        }
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("no log line and no report holds a party's phone or ID number, and the log no token") {
  auto dir = fresh_test_dir("personal-data", "grep");
  auto config = write_serve_config(dir);
  std::ofstream(config, std::ios::app) << "[log]\nlevel = \"debug\"\n";
  CorpusOptions options;
  options.n = 300;
  options.seed = 17;
  options.first_day = std::chrono::year{2026} / std::chrono::November / 23;
  options.days = 5;
  auto corpus = generated_disputes(options);
  // Free text carrying numbers too, as a caller's description often does.
  corpus.push_back(
      R"({"external_id":"PII-TEXT-1","channel":"walk_in","received_at":"2026-11-24T10:00:00+08:00","description":"拖欠工资三个月，联系电话13912345678，身份证440105199001011234","street":"江南中","claimant":{"name":"陈一","phone":"13912345678","id_number":"440105199001011234"}})");
  const auto numbers = personal_numbers(corpus);
  REQUIRE(numbers.size() >= 300);
  {
    ServeProcess daemon({"--config", config.string()}, dir / "serve.log");
    daemon::Client op;
    REQUIRE(op.connect("127.0.0.1", daemon.port()).has_value());
    REQUIRE(op.hello(k_operator_token).has_value());
    std::vector<std::int64_t> cases;
    for (const auto& line : corpus) {
      auto r = op.call({{"op", "submit"}, {"dispute", line}});
      REQUIRE(r.has_value());
      REQUIRE_MESSAGE(is_ok(*r), json::serialize(*r));
      cases.push_back(r->at("case").as_int64());
    }
    // Malformed records whose fields hold numbers: refused, and the refusal logged.
    // (On a connection of their own: the daemon may close one that sends only bad requests.)
    {
      daemon::Client channel;
      REQUIRE(channel.connect("127.0.0.1", daemon.port()).has_value());
      REQUIRE(channel.hello(k_operator_token).has_value());
      for (const auto& bad : tricky_disputes())
        (void)channel.call({{"op", "submit"}, {"dispute", bad}});
    }
    for (std::size_t i = 0; i < 40; ++i) {
      REQUIRE(op.call({{"op", "accept"}, {"case", cases[i]}}));
      if (i % 2 == 0) {
        REQUIRE(op.call({{"op", "resolve"},
                         {"case", cases[i]},
                         {"outcome", "resolved"},
                         {"agreement", "分期支付"}}));
      }
    }
    REQUIRE(op.call({{"op", "get"}, {"case", cases.back()}}));
    // A wrong token is refused; neither it nor the configured ones reach the log.
    daemon::Client intruder;
    REQUIRE(intruder.connect("127.0.0.1", daemon.port()).has_value());
    CHECK_FALSE(intruder.hello(k_wrong_token).has_value());
    daemon.signal(SIGTERM);
    CHECK(daemon.wait_exit() == 0);
  }
  std::vector<fs::path> outputs{dir / "serve.log"};
  for (const char* format : {"md", "csv", "json", "html"}) {
    for (const char* lang : {"zh", "en"}) {
      const auto out = dir / ("report-" + std::string(lang) + "." + format);
      // --now: the week is over at that moment, whatever today's date is.
      const std::string args =
          "report weekly --config tiaojie.toml --week 2026-W48 "
          "--now 2026-12-03T10:00:00+08:00 --format " +
          std::string(format) + " --lang " + lang + " -o '" + out.string() + "'";
      REQUIRE(run_tiaojie(args, dir, dir / "report.out", dir / "report.err") == 0);
      if (std::string_view(format) != "csv") {
        outputs.push_back(out);
        continue;
      }
      // CSV is one file per table, in the folder -o names.
      for (const auto& table : fs::directory_iterator(out)) {
        if (table.path().filename().string().ends_with("-summary.csv") ||
            table.path().filename().string().ends_with("-bodies.csv") ||
            table.path().filename().string().ends_with("-trend.csv"))
          outputs.push_back(table.path());
      }
    }
  }
  // The numbers are really in what was stored: the search below looks for the right text.
  const auto store = slurp(dir / "data" / "tiaojie.sqlite");
  CHECK(store.find("13912345678") != std::string::npos);

  const auto log = slurp(dir / "serve.log");
  for (const char* token : {k_operator_token, k_hotline_token, k_wrong_token}) {
    CHECK_MESSAGE(log.find(token) == std::string::npos, "the log holds the token " << token);
  }
  for (const auto& file : outputs) {
    const auto text = slurp(file);
    CAPTURE(file.string());
    REQUIRE(text.size() > 100);
    std::size_t leaks = 0;
    std::string first;
    for (const auto& n : numbers) {
      if (text.find(n) != std::string::npos && leaks++ == 0) first = n;
    }
    CHECK_MESSAGE(leaks == 0, leaks << " personal numbers, e.g. " << first);
  }
  fs::remove_all(dir);
}

// `tiaojie serve` and `tiaojie submit` as a new user runs them: the shipped configuration
// (config/tiaojie.toml) on a temporary data folder, generated disputes (tests/support/disputes.hpp)
// sent by the real client binary, exit statuses checked.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <set>

#include "daemon_fixture.hpp"
#include "serve_process.hpp"
#include "support/disputes.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

fs::path fresh_dir(const std::string& name) {
  auto dir =
      fs::temp_directory_path() / ("tiaojie-serve-cli-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_lines(const fs::path& file, const std::vector<std::string>& lines) {
  std::ofstream out(file, std::ios::binary);
  for (const auto& l : lines) out << l << '\n';
}

std::vector<json::object> read_answers(const fs::path& file) {
  std::vector<json::object> answers;
  std::ifstream in(file, std::ios::binary);
  for (std::string line; std::getline(in, line);) answers.push_back(json::parse(line).as_object());
  return answers;
}

std::string where(const json::object& answer) {
  return answer.contains("error") ? text(answer.at("error").as_object(), "where") : std::string();
}

// The shipped configuration, its data folder and ports overridden: both tests of this file use
// it, and ctest may run them side by side (with the shipped HTTP port, 7412, the second failed
// to listen).
std::vector<std::string> shipped_config(const fs::path& dir) {
  return {"--config",    (source_dir() / "config" / "tiaojie.toml").string(),
          "--data-dir",  (dir / "data").string(),
          "--port",      "0",
          "--http-port", "0"};
}

const char* k_operator = "demo-operator-token";  // config/tiaojie.toml's demo operator

}  // namespace

TEST_CASE(
    "serve + submit: generated disputes are acknowledged, every tricky record refused with its "
    "field, and serving goes on") {
  auto dir = fresh_dir("corpus");
  ServeProcess daemon(shipped_config(dir), dir / "serve.log");
  const std::string port = std::to_string(daemon.port());
  auto submit = [&](const fs::path& input, const std::string& token) {
    return run_tiaojie("submit --port " + port + " --token " + token + " '" + input.string() + "'",
                       dir, dir / "answers.ndjson", dir / "submit.err");
  };

  // Every valid dispute of the corpus: one acknowledgement each, in input order, exit 0.
  auto corpus = generated_disputes(2000, 11);
  write_lines(dir / "corpus.ndjson", corpus);
  REQUIRE(submit(dir / "corpus.ndjson", k_operator) == 0);
  auto acks = read_answers(dir / "answers.ndjson");
  REQUIRE(acks.size() == corpus.size());
  std::set<std::int64_t> cases;
  for (std::size_t i = 0; i < acks.size(); ++i) {
    CAPTURE(json::serialize(acks[i]));
    CHECK(acks[i].at("ok") == true);
    CHECK(acks[i].at("id") == static_cast<std::int64_t>(i + 1));
    CHECK(acks[i].at("duplicate") == false);
    CHECK_FALSE(text(acks[i], "body").empty());
    cases.insert(acks[i].at("case").as_int64());
  }
  CHECK(cases.size() == corpus.size());
  CHECK(slurp(dir / "submit.err").find("2000 acknowledged (0 duplicates), 0 failed") !=
        std::string::npos);

  // The tricky records, then a valid dispute, on one connection: each tricky record refused with
  // the field (or byte) at fault and a reason; the valid one after them acknowledged; exit 1.
  auto tricky = tricky_disputes();
  REQUIRE(tricky.size() == k_tricky_count);
  auto valid_after = corpus.front();
  valid_after.replace(valid_after.find("G000000000"), 10, "AFTER-0001");
  auto lines = tricky;
  lines.push_back(valid_after);
  write_lines(dir / "tricky.ndjson", lines);
  CHECK(submit(dir / "tricky.ndjson", k_operator) == 1);
  auto answers = read_answers(dir / "answers.ndjson");
  REQUIRE(answers.size() == lines.size());
  const std::vector<std::string> expected_where = {"dispute.description",
                                                   "dispute.description",
                                                   "dispute.parties",
                                                   "dispute.parties",
                                                   "dispute.amount_claimed",
                                                   "dispute.channel",
                                                   "",
                                                   "dispute.external_id",
                                                   "dispute.description",
                                                   "dispute.received_at",
                                                   "dispute.injuries",
                                                   "dispute.claimant",
                                                   "dispute.external_id",
                                                   "dispute.description",
                                                   "dispute.description",
                                                   "dispute at byte",
                                                   "dispute at byte",
                                                   "dispute",
                                                   "dispute at byte"};
  for (std::size_t i = 0; i < tricky.size(); ++i) {
    const auto& a = answers[i];
    CAPTURE(i + 1);
    CAPTURE(json::serialize(a));
    CHECK(a.at("id") == static_cast<std::int64_t>(i + 1));  // every line answered, in order
    if (expected_where[i].empty()) {
      // T7 names a street that does not exist: well-formed, so acknowledged and sent for review.
      CHECK(a.at("ok") == true);
      CHECK(a.at("needs_review") == true);
      CHECK(text(a, "review_reason").find("不存在街") != std::string::npos);
      continue;
    }
    REQUIRE(a.at("ok") == false);
    CHECK(text(a.at("error").as_object(), "code") == "invalid_input");
    CHECK(where(a).starts_with(expected_where[i]));
    CHECK_FALSE(text(a.at("error").as_object(), "message").empty());
  }
  CHECK(answers.back().at("ok") == true);
  CHECK(text(answers.back(), "external_id") == "AFTER-0001");
  CHECK(slurp(dir / "submit.err").find("submitted 20: 2 acknowledged (0 duplicates), 18 failed") !=
        std::string::npos);

  // The daemon still serves: the whole corpus again is answered with the original cases.
  REQUIRE(submit(dir / "corpus.ndjson", k_operator) == 0);
  auto again = read_answers(dir / "answers.ndjson");
  REQUIRE(again.size() == corpus.size());
  CHECK(again[7].at("case") == acks[7].at("case"));
  CHECK(slurp(dir / "submit.err").find("2000 acknowledged (2000 duplicates), 0 failed") !=
        std::string::npos);
  // A channel token may submit only its own channel's disputes: the others fail, exit 1.
  CHECK(submit(dir / "corpus.ndjson", "demo-hotline-token") == 1);

  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit() == 0);
  fs::remove_all(dir);
}

TEST_CASE(
    "submit --format: native records acknowledged, one that is not JSON refused in its place, in "
    "order") {
  auto dir = fresh_dir("native");
  ServeProcess daemon(shipped_config(dir), dir / "serve.log");
  // --http-port 0 overrides the shipped 7412 (logged before "listening on").
  CHECK(daemon.log().find("HTTP on 127.0.0.1:") != std::string::npos);
  CHECK(daemon.log().find("HTTP on 127.0.0.1:7412 ") == std::string::npos);
  std::vector<std::string> records;
  {
    std::ifstream in(source_dir() / "tests" / "data" / "adapters" / "hotline_12345.ndjson");
    for (std::string l; std::getline(in, l) && records.size() < 3;) records.push_back(l);
  }
  REQUIRE(records.size() == 3);
  write_lines(dir / "orders.ndjson", {records[0], records[1], "不是 JSON", records[2]});
  int status = run_tiaojie("submit --port " + std::to_string(daemon.port()) +
                               " --token demo-hotline-token --format hotline_12345 orders.ndjson",
                           dir, dir / "answers.ndjson", dir / "submit.err");
  CHECK(status == 1);
  auto answers = read_answers(dir / "answers.ndjson");
  REQUIRE(answers.size() == 4);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    CAPTURE(json::serialize(answers[i]));
    CHECK(answers[i].at("id") == static_cast<std::int64_t>(i + 1));
    CHECK(answers[i].at("ok") == (i != 2));
  }
  CHECK(where(answers[2]) == "line 3");
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit() == 0);
  fs::remove_all(dir);
}

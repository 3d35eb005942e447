// `tiaojie client`: lines from standard input to a daemon, every reply printed; the token from a
// file (or --token, or the environment). It replaces `nc` in docs/protocol.md and
// docs/operators.md.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "cli_run.hpp"

using namespace tiaojie::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* k_client_operator_token = "client-test-operator";

fs::path write_client_config(const fs::path& dir) {
  return write_daemon_config(dir, "client-test-walk-in", k_client_operator_token);
}

std::vector<json::object> lines_of(const std::string& text) {
  std::vector<json::object> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line).as_object());
  return out;
}

}  // namespace

TEST_CASE(
    "tiaojie client sends each line of standard input and prints each reply, the token from a "
    "file") {
  auto dir = cli_fresh_dir("client");
  ServeProcess daemon({"--config", write_client_config(dir).string()}, dir / "serve.log");
  const std::string port = std::to_string(daemon.port());
  std::ofstream(dir / "operator.token") << "# the operator's token\n"
                                        << k_client_operator_token << "\n";
  fs::permissions(dir / "operator.token", fs::perms::owner_read | fs::perms::owner_write);
  std::ofstream(dir / "requests.ndjson")
      << R"({"id":1,"op":"submit","dispute":{"external_id":"client-1","channel":"walk_in","description":"楼上漏水，邻居不理","street":"凤阳"}})"
      << "\n\n"
      // The client pipelines: each request is sent before the previous one's answer is read.
      << R"({"id":2,"op":"stats"})"
      << "\n"
      << R"({"id":3,"op":"accept","case":1})"
      << "\n"
      << R"({"id":4,"op":"backlog"})"
      << "\n";
  auto r = run_cli("client --port " + port + " --token-file operator.token < requests.ndjson", dir);
  CAPTURE(r.out);
  CAPTURE(r.err);
  CHECK(r.status == 0);
  CHECK(contains(r.err, "connected to 127.0.0.1:" + port));
  auto replies = lines_of(r.out);
  REQUIRE(replies.size() == 4);
  for (std::size_t i = 0; i < replies.size(); ++i) {
    CHECK(replies[i].at("id") == static_cast<std::int64_t>(i + 1));
    CHECK(replies[i].at("ok") == true);
  }
  CHECK(replies[0].at("case") == 1);

  // A refused request: its error is printed and the exit status is 1.
  std::ofstream(dir / "bad.ndjson") << R"({"id":5,"op":"accept","case":999})"
                                    << "\n";
  auto bad = run_cli("client --port " + port + " --token-file operator.token < bad.ndjson", dir);
  CAPTURE(bad.out);
  CHECK(bad.status == 1);
  CHECK(contains(bad.out, R"("ok":false)"));

  // Without a token the first line is the hello, as with nc.
  std::ofstream(dir / "hello.ndjson") << R"({"op":"hello","token":"client-test-operator"})"
                                      << "\n"
                                      << R"({"id":6,"op":"get","case":1})"
                                      << "\n";
  auto by_hand = run_cli("client --port " + port + " < hello.ndjson", dir);
  CAPTURE(by_hand.out);
  CHECK(by_hand.status == 0);
  CHECK(lines_of(by_hand.out).size() == 2);

  // The environment, and a wrong token (exit 2, nothing sent).
  auto env =
      run_cli("client --port " + port + " < bad.ndjson", dir, "TIAOJIE_TOKEN=client-test-operator");
  CHECK(env.status == 1);
  auto wrong = run_cli("client --port " + port + " --token not-a-token < requests.ndjson", dir);
  CAPTURE(wrong.err);
  CHECK(wrong.status == 2);
  CHECK(contains(wrong.err, "hello refused"));

  // submit reads the same token file.
  std::ofstream(dir / "one.ndjson")
      << R"({"external_id":"client-2","channel":"walk_in","description":"噪音扰民","street":"凤阳"})"
      << "\n";
  std::ofstream(dir / "walk_in.token") << "client-test-walk-in\n";
  // A token file other users may read is refused before anything is sent.
  fs::permissions(dir / "walk_in.token", fs::perms::owner_read | fs::perms::owner_write |
                                             fs::perms::group_read | fs::perms::others_read);
  auto exposed = run_cli("submit --port " + port + " --token-file walk_in.token one.ndjson", dir);
  CHECK(exposed.status == 2);
  CHECK(contains(exposed.err, "mode 0644"));
  CHECK(contains(exposed.err, "chmod 600"));
  fs::permissions(dir / "walk_in.token", fs::perms::owner_read | fs::perms::owner_write);
  auto submit = run_cli("submit --port " + port + " --token-file walk_in.token one.ndjson", dir);
  CAPTURE(submit.err);
  CHECK(submit.status == 0);

  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit() == 0);
  fs::remove_all(dir);
}

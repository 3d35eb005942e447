// The wire protocol's bytes, pinned (issue 18): tests/daemon/golden/protocol.txt is a transcript
// recorded from the daemon before requests became typed commands, and every line of every reply
// must stay the same: field order, error texts, the echoed id, events pushed to a subscriber.
//
// The transcript: `name> line` sends a line on the connection `name` (opened, unauthenticated, at
// its first use); `name< line` reads the next line from it and compares it; `!break-rules` and
// `!restore-rules` spoil and restore a rule file (for a refused reload); `#` lines are comments.
// Before comparing, what differs from run to run is replaced: the rule-set and graph versions (a
// content hash of the shipped files), the temporary folder, and the timings and batch sizes in
// `stats`.
//
// When a change to the shipped rules or graph changes a decision in it, record it again and read
// the diff: TIAOJIE_GOLDEN_RECORD=1 tiaojie_daemon_tests -tc="the wire protocol*" rewrites the
// `<` lines from what the daemon answers now.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "daemon_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::test;

namespace {

std::filesystem::path transcript_path() {
  return source_dir() / "tests" / "daemon" / "golden" / "protocol.txt";
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

class Transcript {
 public:
  explicit Transcript(TestDaemon& d) : d_(d) {}

  // What varies between runs, replaced by a fixed mark.
  std::string normalise(std::string line) const {
    line = replace_all(std::move(line), d_.dir().string(), "<dir>");
    line = replace_all(std::move(line), d_.server().rules_version(), "<rules>");
    line = replace_all(std::move(line), d_.server().graph_version(), "<graph>");
    static const std::regex volatile_stats(
        R"re("(uptime_seconds|store_busy_seconds|store_busy_cpu_seconds|commits|committed_changes|largest_batch|mean_batch|store_queue)":[-+.eE0-9]+)re");
    return std::regex_replace(line, volatile_stats, "\"$1\":<n>");
  }

  daemon::Client& connection(const std::string& name) {
    auto& c = connections_[name];
    if (!c) c = d_.connect();
    return *c;
  }

  // Runs one line of the transcript; returns the line as it should read now (the `<` lines with
  // what the daemon answered).
  std::string run(const std::string& line, bool record) {
    if (line.empty() || line.starts_with("#")) return line;
    if (line == "!break-rules") {
      const auto file = d_.config().rules_dir / "priority.toml";
      std::ifstream in(file);
      std::stringstream s;
      s << in.rdbuf();
      saved_rules_ = s.str();
      std::ofstream(file, std::ios::app) << "\n[[rule]]\nid = \n";
      return line;
    }
    if (line == "!restore-rules") {
      std::ofstream(d_.config().rules_dir / "priority.toml", std::ios::trunc) << saved_rules_;
      return line;
    }
    const auto mark = line.find_first_of("<>");
    REQUIRE_MESSAGE(mark != std::string::npos, "not a transcript line: " << line);
    const std::string name = line.substr(0, mark);
    const std::string text = line.size() > mark + 2 ? line.substr(mark + 2) : std::string();
    auto& c = connection(name);
    if (line[mark] == '>') {
      auto sent = c.send_line(text);
      REQUIRE_MESSAGE(sent.has_value(), failure(sent));
      return line;
    }
    auto got = c.receive_line();
    REQUIRE_MESSAGE(got.has_value(), name << ": " << failure(got));
    const std::string answer = normalise(*got);
    if (!record) CHECK(answer == text);
    return name + "< " + answer;
  }

 private:
  TestDaemon& d_;
  std::map<std::string, std::unique_ptr<daemon::Client>> connections_;
  std::string saved_rules_;
};

}  // namespace

TEST_CASE("the wire protocol answers every recorded request with the recorded bytes") {
  TestDaemon d([](daemon::DaemonConfig& c) { c.channels[0].formats = {"hotline_12345"}; });
  const bool record = std::getenv("TIAOJIE_GOLDEN_RECORD") != nullptr;
  std::ifstream in(transcript_path());
  REQUIRE(in);
  Transcript t(d);
  std::string out;
  int compared = 0;
  for (std::string line; std::getline(in, line);) {
    CAPTURE(line);
    out += t.run(line, record) + "\n";
    const auto mark = line.find_first_of("<>");
    if (!line.starts_with("#") && mark != std::string::npos && line[mark] == '<') ++compared;
  }
  CHECK(compared > 100);
  if (record) std::ofstream(transcript_path(), std::ios::trunc) << out;
}

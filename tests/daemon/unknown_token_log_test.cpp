// Found by tests/abuse (wrong tokens): every hello with an unknown token wrote a warning, and four
// clients retrying wrong tokens wrote 4 MB of log a second. Now the first is logged at once and
// the others are counted into at most one line per period.
#include <doctest/doctest.h>

#include "daemon_fixture.hpp"
#include "log_capture.hpp"

using namespace tiaojie;
using namespace tiaojie::test;

TEST_CASE("hellos with unknown tokens are logged once a period with their count, not each") {
  LogCapture log;
  TestDaemon d;
  for (int connection = 0; connection < 5; ++connection) {
    auto c = d.connect();
    // 19 wrong tokens: one short of the bad-line limit, so that the connection stays open.
    for (int i = 0; i < 19; ++i) {
      auto r = c->call({{"op", "hello"}, {"token", "wrong-" + std::to_string(i)}});
      REQUIRE(r.has_value());
      CHECK(error_code(*r) == "permission_denied");
    }
  }
  const auto text = log.text();
  std::size_t lines = 0;
  for (auto at = text.find("unknown token"); at != std::string::npos;
       at = text.find("unknown token", at + 1))
    ++lines;
  CHECK(lines == 1);  // 95 before
  CHECK(text.find("(1 since the last such line)") != std::string::npos);
  CHECK(text.find("wrong-") == std::string::npos);  // tokens are never logged
}

// Found by tests/abuse (bad lines, 1 MiB lines): every connection the daemon closed over an error
// wrote a line, ~0.5 MB of log a second from clients doing it in a loop. Now at most 20 such lines
// per 10 s are written, the others counted into the next line that is.
#include <doctest/doctest.h>

#include "daemon_fixture.hpp"
#include "log_capture.hpp"

using namespace tiaojie;
using namespace tiaojie::test;

TEST_CASE("connections closed for bad lines are logged at most 20 in a period, not each") {
  LogCapture log;
  TestDaemon d;
  for (int connection = 0; connection < 30; ++connection) {
    auto c = d.connect();
    for (int i = 0; i < 20; ++i) REQUIRE(c->send_line("{not json").has_value());
    // 20 errors, then the closing line, then the end of the stream.
    int lines = 0;
    while (c->receive_line().has_value()) ++lines;
    CHECK(lines == 21);
  }
  const auto text = log.text();
  std::size_t closes = 0;
  for (auto at = text.find("bad requests on this connection"); at != std::string::npos;
       at = text.find("bad requests on this connection", at + 1))
    ++closes;
  // At most 20 (fewer if an earlier test of this process closed some in the same period); 30
  // before.
  CHECK(closes <= 20);
}

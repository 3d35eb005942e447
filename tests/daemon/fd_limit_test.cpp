// Issue 16, fault 1: with the open-file limit at or below max_connections, accept failed with
// EMFILE in a tight loop (a core busy, a million log lines in 3 s), the connection limit never
// refused anyone and a new client's hello timed out. Now max_connections is fitted under the
// limit at start, and out of descriptors the listener backs off, refuses the waiting client with
// the usual line through its spare descriptor and logs once per period.
#include "daemon/internal/fd_limit.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "daemon_fixture.hpp"
#include "log_capture.hpp"
#include "serve_process.hpp"

using namespace tiaojie;
using namespace tiaojie::test;
using namespace tiaojie::daemon;
namespace fs = std::filesystem;

namespace {

std::size_t count_lines(const std::string& text, std::string_view needle = {}) {
  std::size_t n = 0, at = 0;
  while (at < text.size()) {
    auto end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    if (std::string_view(text).substr(at, end - at).find(needle) != std::string_view::npos) ++n;
    at = end + 1;
  }
  return n;
}

// A client on a raw socket, so that a test may open it before descriptors run out and wait for
// an answer with a deadline (a daemon out of descriptors used to leave clients hanging).
class RawClient {
 public:
  RawClient() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) { REQUIRE(fd_ >= 0); }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connect(unsigned short port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  void send(std::string line) {
    line += '\n';
    CHECK(::send(fd_, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size()));
  }
  // The next line (with its newline), or "" when none came within `wait` or the stream ended.
  std::string line(std::chrono::milliseconds wait = std::chrono::seconds(2)) {
    auto give_up = std::chrono::steady_clock::now() + wait;
    for (;;) {
      if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string l = buffer_.substr(0, nl + 1);
        buffer_.erase(0, nl + 1);
        return l;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          give_up - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
      char chunk[4096];
      auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return {};
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  std::string buffer_;
};

std::string hello_line() {
  return fmt::format(R"({{"op":"hello","token":"{}"}})", k_hotline_token);
}
bool is_refusal(const std::string& line) {
  return line.find(R"("code":"resource_exhausted")") != std::string::npos &&
         line.find("too many connections; try again later") != std::string::npos;
}

// The process's soft descriptor limit lowered to at most `limit` and every descriptor under it
// taken (by /dev/null), until release() or the end of the scope, which give them back. `why` is
// the errno that ended the filling: EMFILE when the table is full.
struct DescriptorsFilled {
  explicit DescriptorsFilled(rlim_t limit) {
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &before) == 0);
    rlimit low = before;
    low.rlim_cur = std::min<rlim_t>(before.rlim_cur, limit);
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
    lowered = true;
    fill();
    why = errno;
    if (why != EMFILE) release();
  }
  // Takes any descriptor freed since: a start-up task of the daemon that held one while the table
  // was filled and closed it after would leave a slot for accept (seen twice in CI under load:
  // one client served instead of refused). A few rounds over `settle`, for such tasks to finish.
  void top_up(std::chrono::milliseconds settle = std::chrono::milliseconds(100)) {
    const auto until = std::chrono::steady_clock::now() + settle;
    do {
      fill();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } while (std::chrono::steady_clock::now() < until);
    fill();
  }
  DescriptorsFilled(const DescriptorsFilled&) = delete;
  DescriptorsFilled& operator=(const DescriptorsFilled&) = delete;
  ~DescriptorsFilled() { release(); }

  // Opens /dev/null until the table is full (errno then says why it stopped).
  void fill() {
    for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) fillers.push_back(fd);
  }

  void release() {
    for (int fd : fillers) ::close(fd);
    fillers.clear();
    if (lowered) ::setrlimit(RLIMIT_NOFILE, &before);
    lowered = false;
  }

  rlimit before{};
  bool lowered = false;
  std::vector<int> fillers;
  int why = 0;
};

}  // namespace

TEST_CASE("the connections that fit under the open-file limit leave the reserve free") {
  using internal::connections_within;
  using internal::k_reserved_fds;
  CHECK(connections_within(1024 + k_reserved_fds, 1024) == 1024);
  CHECK(connections_within(64, 1024) == 64 - k_reserved_fds);
  CHECK(connections_within(1'000'000, 1024) == 1024);
  CHECK(connections_within(k_reserved_fds, 1024) == 0);
  CHECK(connections_within(10, 1024) == 0);
}

TEST_CASE("with a low open-file limit the daemon refuses extra clients with a line and serves on") {
  auto dir = fs::temp_directory_path() / ("tiaojie-fd-limit-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto shipped = [](const char* p) { return (source_dir() / p).string(); };
  std::ofstream(dir / "tiaojie.toml")
      << "[server]\nport = 0\nthreads = 2\ndata_dir = \"data\"\n"
      << "[http]\nlisten = \"off\"\n"  // the TCP port's share alone
      << "[paths]\nrules = \"" << shipped("rules") << "\"\nwatch_interval_ms = 0\n"
      << "graph = \"" << shipped("config/bodies") << "\"\ncalendar = \""
      << shipped("config/calendar") << "\"\nformats = \"" << shipped("config/formats")
      << "\"\ngazetteer = \"" << shipped("config/gazetteer/haizhu.toml") << "\"\n"
      << "[[channel]]\nid = \"hotline_12345\"\ntoken = \"" << k_hotline_token << "\"\n";
  constexpr rlim_t k_nofile = 64;
  const std::size_t fit = k_nofile - internal::k_reserved_fds;
  ServeProcess daemon({"--config", (dir / "tiaojie.toml").string()}, dir / "serve.log", k_nofile);
  CHECK(daemon.log().find("max_connections lowered from 1024 to " + std::to_string(fit)) !=
        std::string::npos);

  // More clients than descriptors: the first `fit` are served, the others told why (they used to
  // wait unanswered once the daemon's descriptors ran out).
  std::vector<std::unique_ptr<RawClient>> served;
  std::size_t refused = 0;
  for (std::size_t i = 0; i < fit + 20; ++i) {
    auto c = std::make_unique<RawClient>();
    REQUIRE(c->connect(daemon.port()));
    c->send(hello_line());
    auto first = c->line();
    CAPTURE(first);
    if (first.find(R"("ok":true)") != std::string::npos) {
      served.push_back(std::move(c));
      continue;
    }
    CHECK(is_refusal(first));
    ++refused;
  }
  CHECK(served.size() == fit);
  CHECK(refused == 20);

  // After some leave, a newcomer is answered (its slot frees once the daemon saw the close).
  served.resize(served.size() - 4);
  std::unique_ptr<daemon::Client> newcomer;
  CHECK(eventually([&] {
    auto c = std::make_unique<daemon::Client>();
    if (!c->connect("127.0.0.1", daemon.port())) return false;
    auto h = c->hello(k_hotline_token);
    if (h) newcomer = std::move(c);
    return h.has_value();
  }));
  REQUIRE(newcomer);
  auto stats = newcomer->call({{"op", "stats"}});
  REQUIRE(stats.has_value());
  CHECK(stats->at("connections").at("refused").to_number<std::int64_t>() >= 20);
  // A handful of lines, not a flood.
  const auto log = daemon.log();
  const auto log_start = log.substr(0, 2000);
  CAPTURE(log_start);
  CHECK(count_lines(log) < 50);
  CHECK(count_lines(log, "accept failed") == 0);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit() == 0);
  fs::remove_all(dir);
}

TEST_CASE("out of descriptors, accept backs off, refuses the waiting client and logs once") {
  LogCapture log;
  TestDaemon d;
  // Start-up done (its last step logs this) before the descriptors run out.
  REQUIRE(
      eventually([&] { return log.text().find("counted again at start") != std::string::npos; }));
  // The client's socket is opened before the descriptors run out: connecting needs no new one.
  RawClient waiting;
  // The test process is the daemon's process: fill its descriptor table.
  DescriptorsFilled filled(512);
  REQUIRE(filled.why == EMFILE);
  filled.top_up();

  CHECK(waiting.connect(d.server().port()));
  const std::string refusal = waiting.line();
  // Out of descriptors for a while: the listener retries on a timer, not in a loop.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const std::string during = log.text();
  filled.release();

  CAPTURE(refusal);
  CHECK(is_refusal(refusal));
  const auto during_start = during.substr(0, 2000);
  CAPTURE(during_start);
  CHECK(count_lines(during, "accept failed") >= 1);
  CHECK(count_lines(during, "accept failed") <= 2);
  // Descriptors back: a new client is served.
  auto c = d.connect(k_hotline_token);
  auto stats = c->call({{"op", "stats"}});
  REQUIRE(stats.has_value());
  CHECK(stats->at("connections").at("refused").to_number<std::int64_t>() == 1);
  CHECK(eventually(
      [&] { return log.text().find("accepting connections again") != std::string::npos; }));
}

// Found by tests/abuse ("all at once"): 16 clients were refused per back-off step, so with hundreds
// waiting in the backlog (idle connections arriving as descriptors ran out) the last ones waited
// tens of seconds for their line and gave up. Now each try refuses every waiting client.
TEST_CASE("out of descriptors, every waiting client is refused at the next try, not 16 a try") {
  LogCapture log;
  TestDaemon d;
  REQUIRE(
      eventually([&] { return log.text().find("counted again at start") != std::string::npos; }));
  constexpr std::size_t k_waiting = 200;
  // The clients' sockets are opened before the descriptors run out.
  std::vector<std::unique_ptr<RawClient>> waiting;
  for (std::size_t i = 0; i < k_waiting; ++i) waiting.push_back(std::make_unique<RawClient>());
  DescriptorsFilled filled(1024);
  REQUIRE(filled.why == EMFILE);
  filled.top_up();

  // The first client's refusal starts the back-off; the others arrive during it, and the next
  // try must refuse them all. One deadline for every line, counted from the last connect: on a
  // loaded machine a client may connect just after a try and be refused at a later one (tries at
  // 100, 300, 700, 1500, 2500 ms; one CI run saw two failed accepts at the first, which doubles
  // the back-off once more). 16 a step needed 13 tries, over 10 s (the back-off stops growing at
  // 1 s), and refused at most ~110 within this deadline.
  REQUIRE(waiting.front()->connect(d.server().port()));
  std::vector<std::string> lines{waiting.front()->line()};
  for (std::size_t i = 1; i < k_waiting; ++i) CHECK(waiting[i]->connect(d.server().port()));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(5000);
  for (std::size_t i = 1; i < k_waiting; ++i) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    lines.push_back(waiting[i]->line(std::max(left, std::chrono::milliseconds(1))));
  }
  filled.release();
  std::size_t refused = 0;
  for (const auto& l : lines) refused += is_refusal(l) ? 1 : 0;
  CHECK(refused == k_waiting);
}

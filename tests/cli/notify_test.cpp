// `tiaojie serve` under systemd's Type=notify (packaging/tiaojie.service): READY=1 once it listens,
// RELOADING=1 then READY=1 around a SIGHUP reload, STOPPING=1 on SIGTERM. The test plays the
// service manager: a datagram socket named by $NOTIFY_SOCKET.
#include <doctest/doctest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstdlib>
#include <fstream>

#include "cli_run.hpp"

using namespace tiaojie::test;
namespace fs = std::filesystem;

namespace {

class NotifySocket {
 public:
  explicit NotifySocket(const fs::path& path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path.string().size() < sizeof(addr.sun_path));
    std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path.c_str());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  }
  ~NotifySocket() { ::close(fd_); }

  // The next message, or "" when none comes within a generous bound (a hung daemon fails the
  // test instead of hanging it).
  std::string next() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 20'000) <= 0) return {};
    char buf[4096];
    auto n = ::recv(fd_, buf, sizeof(buf), 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }

  // Messages until one holds `what`; that one.
  std::string until(const std::string& what) {
    for (int i = 0; i < 10; ++i) {
      auto m = next();
      if (m.empty() || contains(m, what)) return m;
    }
    return {};
  }

 private:
  int fd_ = -1;
};

}  // namespace

TEST_CASE(
    "serve tells the service manager: READY once listening, RELOADING/READY around SIGHUP, "
    "STOPPING on SIGTERM") {
  auto dir = cli_fresh_dir("notify");
  auto shipped = [](const char* p) { return (source_dir() / "config" / p).string(); };
  std::ofstream(dir / "tiaojie.toml")
      << "[server]\nport = 0\nthreads = 1\ndata_dir = \"data\"\n"
      << "[http]\nlisten = \"127.0.0.1:0\"\n"
      << "[paths]\nrules = \"" << (source_dir() / "rules").string()
      << "\"\nwatch_interval_ms = 0\ngraph = \"" << shipped("bodies") << "\"\ncalendar = \""
      << shipped("calendar") << "\"\nformats = \"" << shipped("formats") << "\"\ngazetteer = \""
      << shipped("gazetteer/haizhu.toml") << "\"\n";
  NotifySocket manager(dir / "notify.sock");
  ::setenv("NOTIFY_SOCKET", (dir / "notify.sock").c_str(), 1);
  ServeProcess daemon({"--config", (dir / "tiaojie.toml").string()}, dir / "serve.log");
  ::unsetenv("NOTIFY_SOCKET");

  auto ready = manager.until("READY=1");
  CAPTURE(ready);
  CHECK(contains(ready, "READY=1"));
  CHECK(contains(ready, "STATUS=serving rules "));
  CHECK(contains(ready, "127.0.0.1:" + std::to_string(daemon.port())));

  daemon.signal(SIGHUP);
  auto reloading = manager.next();
  CAPTURE(reloading);
  CHECK(contains(reloading, "RELOADING=1"));
  CHECK(contains(reloading, "MONOTONIC_USEC="));
  auto ready_again = manager.next();
  CAPTURE(ready_again);
  CHECK(contains(ready_again, "READY=1"));

  daemon.signal(SIGTERM);
  auto stopping = manager.until("STOPPING=1");
  CHECK(contains(stopping, "STOPPING=1"));
  CHECK(daemon.wait_exit() == 0);
  fs::remove_all(dir);
}

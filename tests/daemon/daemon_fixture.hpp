// A real daemon for integration tests: the shipped rules (copied to a temp folder so that tests
// may edit them) and body graph, a temp SQLite file, an ephemeral port on 127.0.0.1, and a manual
// clock so that deadline tests move time by days without sleeping.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "daemon/client.hpp"
#include "daemon/server.hpp"
#include "support/eventually.hpp"
#include "support/paths.hpp"

namespace tiaojie::test {

inline constexpr const char* k_operator_token = "operator-token-1";
inline constexpr const char* k_hotline_token = "hotline-token-1";
inline constexpr const char* k_walkin_token = "walkin-token-1";

// The message of a failed result, or "" (doctest builds messages even for passing checks under
// --success: error() on a value would be undefined).
template <class R>
std::string failure(const R& result) {
  return result.has_value() ? std::string() : result.error().to_string();
}

class TestDaemon {
 public:
  // 2026-11-24 10:00 Asia/Shanghai, a Tuesday.
  static Timestamp start_time() { return *parse_timestamp("2026-11-24T10:00:00+08:00"); }

  // `adjust` may change the configuration before the daemon starts (e.g. turn the file watch on).
  explicit TestDaemon(const std::function<void(daemon::DaemonConfig&)>& adjust = {})
      : clock_(start_time()) {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("tiaojie-daemon-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::filesystem::copy(source_dir() / "rules", dir_ / "rules",
                          std::filesystem::copy_options::recursive);
    config_.port = 0;
    config_.http.port = 0;  // never the shipped 7412: tests run side by side
    config_.threads = 2;
    config_.data_dir = dir_ / "data";
    config_.rules_dir = dir_ / "rules";
    config_.graph_path = source_dir() / "config" / "bodies";
    config_.watch_interval = std::chrono::milliseconds(0);
    config_.channels = {{"hotline_12345", k_hotline_token}, {"walk_in", k_walkin_token}};
    config_.operators = {{"li", k_operator_token}};
    if (adjust) adjust(config_);
    start();
  }
  ~TestDaemon() {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void start() {
    auto s = daemon::Server::create(config_, clock_);
    REQUIRE_MESSAGE(s.has_value(), failure(s));
    server_ = std::move(*s);
    server_->start();
  }
  // Graceful stop: returns once every thread of the daemon has ended (the store's last catch-up
  // written), so the data folder can be read as another process finds it.
  void stop() {
    server_->stop();
    server_->wait();
  }
  // Graceful stop and a fresh daemon on the same data folder.
  void restart() {
    stop();
    server_.reset();
    start();
  }

  daemon::Server& server() { return *server_; }
  daemon::ManualClock& clock() { return clock_; }
  daemon::DaemonConfig& config() { return config_; }
  const std::filesystem::path& dir() const { return dir_; }

  // A connected client, authenticated with `token` unless it is empty.
  std::unique_ptr<daemon::Client> connect(const std::string& token = {}) {
    auto c = std::make_unique<daemon::Client>();
    auto r = c->connect("127.0.0.1", server_->port());
    REQUIRE_MESSAGE(r.has_value(), failure(r));
    if (!token.empty()) {
      auto h = c->hello(token);
      REQUIRE_MESSAGE(h.has_value(), failure(h));
    }
    return c;
  }

 private:
  std::filesystem::path dir_;
  daemon::DaemonConfig config_;
  daemon::ManualClock clock_;
  std::unique_ptr<daemon::Server> server_;
};

// A mobile number of one claimant per external id, so that the disputes of a test are not
// repeats of each other (docs/repeats.md) unless the test says so.
inline std::string claimant_phone(const std::string& external_id) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: the same number on every run
  for (unsigned char c : external_id) h = (h ^ c) * 1099511628211ull;
  return "138" + std::to_string(10000000 + h % 90000000);
}

// A valid hotline dispute.
inline boost::json::object hotline_dispute(
    const std::string& external_id,
    const std::string& description = "凤阳街某工地拖欠三十多名工人工资约四十万元") {
  return {{"external_id", external_id},
          {"channel", "hotline_12345"},
          {"received_at", "2026-11-24T09:30:00+08:00"},
          {"description", description},
          {"parties", 32},
          {"street", "凤阳"},
          {"community", "凤阳街第3社区"},
          {"claimant", {{"name", "王某"}, {"phone", claimant_phone(external_id)}}}};
}

inline boost::json::object submit_request(boost::json::object dispute, int id = 1) {
  return {{"id", id}, {"op", "submit"}, {"dispute", std::move(dispute)}};
}

// A submit of a dispute given as JSON text, as a channel's line carries it.
inline boost::json::object submit_line(const std::string& dispute, std::int64_t id) {
  return {{"id", id}, {"op", "submit"}, {"dispute", dispute}};
}

// A client of the daemon on 127.0.0.1:`port` (a `tiaojie serve` process), signed in with `token`.
inline std::unique_ptr<daemon::Client> signed_in_client(unsigned short port, const char* token) {
  auto c = std::make_unique<daemon::Client>();
  auto connected = c->connect("127.0.0.1", port);
  REQUIRE_MESSAGE(connected.has_value(), failure(connected));
  auto hello = c->hello(token);
  REQUIRE_MESSAGE(hello.has_value(), failure(hello));
  return c;
}

inline bool is_ok(const boost::json::object& r) { return r.contains("ok") && r.at("ok") == true; }
inline std::string error_code(const boost::json::object& r) {
  return r.contains("error") ? std::string(r.at("error").at("code").as_string()) : std::string();
}
inline std::string text(const boost::json::object& r, std::string_view key) {
  return r.contains(key) && r.at(key).is_string() ? std::string(r.at(key).as_string())
                                                  : std::string();
}

// The kinds of the events in a `get` answer, in order.
inline std::vector<std::string> event_kinds(const boost::json::object& got) {
  std::vector<std::string> kinds;
  for (const auto& e : got.at("events").as_array()) kinds.emplace_back(e.at("kind").as_string());
  return kinds;
}
inline bool has_kind(const boost::json::object& got, std::string_view kind) {
  auto k = event_kinds(got);
  return std::find(k.begin(), k.end(), kind) != k.end();
}

}  // namespace tiaojie::test

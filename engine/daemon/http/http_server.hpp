// The HTTP listener of the daemon ([http] listen, default 127.0.0.1:7412): accepts connections
// through the same Listener as the TCP port (its back-off and spare descriptor when descriptors
// run out), caps them at [http] max_connections (503 and close beyond), and gives each an
// HttpSession that hands its requests to one Handler (the Router of daemon/http/operations.hpp).
//
// Thread-safety: open and run on one thread before the loop runs; everything else from any
// thread. The session registry and the accepting flag are guarded by mu_ (GUARDED_BY, checked by
// .ci/thread-safety); the counters are relaxed atomics.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "daemon/config.hpp"
#include "daemon/http/session.hpp"
#include "support/thread_annotations.hpp"

namespace tiaojie::daemon::internal {
class Listener;
}

namespace tiaojie::daemon::http {

// The statuses /metrics counts one by one; any other is counted as "other".
inline constexpr std::array<unsigned, 9> k_counted_statuses{200, 400, 404, 405, 413,
                                                            431, 500, 503, 0};

struct HttpCounts {
  std::uint64_t open = 0, accepted = 0, refused = 0;
  std::array<std::uint64_t, k_counted_statuses.size()> responses{};  // by k_counted_statuses
};

class HttpServer final : public SessionOwner {
 public:
  // Errors: invalid_input for a trusted_proxies entry that is not an address or network (the
  // configuration loader refuses those first, with file:line:column).
  [[nodiscard]] static Result<std::unique_ptr<HttpServer>> create(boost::asio::io_context& io,
                                                                  const DaemonConfig& config,
                                                                  Handler& handler);
  ~HttpServer() override;

  // Binds [http] listen. Errors: as Listener::open (io_error when the address is taken).
  [[nodiscard]] Result<void> open();
  [[nodiscard]] unsigned short port() const;
  void run();

  // Stops accepting; sessions answer what is in flight and close.
  void shutdown_all() EXCLUDES(mu_);
  void abort_all() EXCLUDES(mu_);
  [[nodiscard]] std::size_t live_sessions() const EXCLUDES(mu_);
  [[nodiscard]] HttpCounts counts() const EXCLUDES(mu_);

  void session_closed(std::uint64_t id) override EXCLUDES(mu_);
  void responded(unsigned status) override;
  [[nodiscard]] const TrustedProxies& proxies() const override { return proxies_; }

 private:
  HttpServer(boost::asio::io_context& io, const DaemonConfig& config, Handler& handler,
             TrustedProxies proxies);
  void accept(boost::asio::ip::tcp::socket socket) EXCLUDES(mu_);
  // 503 with Retry-After, then close: over the connection cap, shutting down, or accepted through
  // the listener's spare descriptor while out of descriptors.
  void refuse(boost::asio::ip::tcp::socket socket, std::string_view why);

  const DaemonConfig& config_;
  Handler& handler_;
  TrustedProxies proxies_;
  std::shared_ptr<internal::Listener> listener_;

  mutable Mutex mu_;
  std::unordered_map<std::uint64_t, std::weak_ptr<HttpSession>> sessions_ GUARDED_BY(mu_);
  bool accepting_ GUARDED_BY(mu_) = true;
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> refused_{0};
  std::array<std::atomic<std::uint64_t>, k_counted_statuses.size()> responses_{};
};

}  // namespace tiaojie::daemon::http

#include "daemon/http/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>

#include "daemon/internal/listener.hpp"

namespace tiaojie::daemon::http {
namespace asio = boost::asio;

Result<std::unique_ptr<HttpServer>> HttpServer::create(asio::io_context& io,
                                                       const DaemonConfig& config,
                                                       Handler& handler) {
  auto proxies = TrustedProxies::parse(config.http.trusted_proxies);
  if (!proxies) return std::unexpected(proxies.error());
  return std::unique_ptr<HttpServer>(new HttpServer(io, config, handler, std::move(*proxies)));
}

HttpServer::HttpServer(asio::io_context& io, const DaemonConfig& config, Handler& handler,
                       TrustedProxies proxies)
    : config_(config), handler_(handler), proxies_(std::move(proxies)) {
  listener_ = std::make_shared<internal::Listener>(
      io, [this](asio::ip::tcp::socket s) { accept(std::move(s)); },
      [this](asio::ip::tcp::socket s) { refuse(std::move(s), "out of file descriptors"); });
}

HttpServer::~HttpServer() = default;

Result<void> HttpServer::open() {
  return listener_->open(config_.http.listen_address, config_.http.port);
}

unsigned short HttpServer::port() const { return listener_->port(); }

void HttpServer::run() { listener_->run(); }

void HttpServer::accept(asio::ip::tcp::socket socket) {
  std::shared_ptr<HttpSession> session;
  bool shutting_down = false;
  {
    MutexLock lock(mu_);
    shutting_down = !accepting_;
    if (!shutting_down && sessions_.size() < config_.http.max_connections) {
      session = std::make_shared<HttpSession>(std::move(socket), config_.http,
                                              config_.limits.idle_timeout, *this, handler_);
      sessions_[session->id()] = session;
    }
  }
  if (!session) {
    refuse(std::move(socket), shutting_down ? "shutting down" : "too many connections");
    return;
  }
  accepted_.fetch_add(1, std::memory_order_relaxed);
  session->start();
}

void HttpServer::refuse(asio::ip::tcp::socket socket, std::string_view why) {
  refused_.fetch_add(1, std::memory_order_relaxed);
  responded(503);
  // One short write to a fresh socket does not block (as Dispatcher::refuse).
  const std::string body = std::string(why) + "; try again later\n";
  const std::string text = fmt::format(
      "HTTP/1.1 503 Service Unavailable\r\nServer: tiaojie\r\nRetry-After: 1\r\n"
      "Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: "
      "close\r\n\r\n{}",
      body.size(), body);
  boost::system::error_code ignored;
  asio::write(socket, asio::buffer(text), ignored);
  socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  socket.close(ignored);
}

void HttpServer::session_closed(std::uint64_t id) {
  MutexLock lock(mu_);
  sessions_.erase(id);
}

void HttpServer::responded(unsigned status) {
  std::size_t i = 0;
  while (i + 1 < k_counted_statuses.size() && k_counted_statuses[i] != status) ++i;
  responses_[i].fetch_add(1, std::memory_order_relaxed);
}

void HttpServer::shutdown_all() {
  listener_->stop();
  std::vector<std::shared_ptr<HttpSession>> live;
  {
    MutexLock lock(mu_);
    accepting_ = false;
    for (auto& [id, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->shutdown();
}

void HttpServer::abort_all() {
  std::vector<std::shared_ptr<HttpSession>> live;
  {
    MutexLock lock(mu_);
    for (auto& [id, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->abort();
}

std::size_t HttpServer::live_sessions() const {
  MutexLock lock(mu_);
  return sessions_.size();
}

HttpCounts HttpServer::counts() const {
  HttpCounts c;
  {
    MutexLock lock(mu_);
    c.open = sessions_.size();
  }
  c.accepted = accepted_.load(std::memory_order_relaxed);
  c.refused = refused_.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < responses_.size(); ++i)
    c.responses[i] = responses_[i].load(std::memory_order_relaxed);
  return c;
}

}  // namespace tiaojie::daemon::http

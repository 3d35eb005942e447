// One HTTP connection (Beast's advanced server is the model: a session reads a request with a
// parser bounded in header and body size, hands it to the Handler and writes the answer).
//
// One request at a time: the next one is not read until the answer to the last is written, so a
// connection holds at most one request in the engine (the HTTP side of the TCP server's
// back-pressure), and pipelined requests wait in the read buffer.
//
// Bounds ([http] in the configuration): a request's headers over max_header_bytes are answered
// 431, a body over max_body_bytes 413, a malformed request 400, and the connection is then closed
// (the rest of such a stream cannot be trusted to be framed right). A request must arrive whole
// within request_timeout from its first byte (from the connection's opening for the first one);
// a slower client is closed (Beast's tcp_stream closes the socket when its deadline passes, so no
// answer can follow). Between requests, a kept-alive connection may be silent for [limits]
// idle_timeout_seconds. An answer the client does not read within request_timeout closes it.
//
// Thread-safety: everything runs on the connection's strand (the socket's executor); shutdown
// and abort may be called from any thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include "daemon/config.hpp"
#include "daemon/http/handler.hpp"

namespace tiaojie::daemon::http {

class HttpSession;

// What a session reports to: implemented by HttpServer.
class SessionOwner {
 public:
  virtual ~SessionOwner() = default;
  // Called once, on the session's strand, when its socket is closed.
  virtual void session_closed(std::uint64_t id) = 0;
  // Every response written (its status), for /metrics.
  virtual void responded(unsigned status) = 0;
  [[nodiscard]] virtual const TrustedProxies& proxies() const = 0;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, const HttpConfig& config,
              std::chrono::seconds idle_timeout, SessionOwner& owner, Handler& handler);
  ~HttpSession();

  // Starts reading. Call once, after the session is owned by a shared_ptr.
  void start();
  // Answers the request in flight, if any, with Connection: close, then closes; an idle
  // connection closes at once. Any thread.
  void shutdown();
  // Closes at once. Any thread.
  void abort();

  [[nodiscard]] std::uint64_t id() const { return id_; }

 private:
  void wait_for_request();
  void read_request();
  void on_read(const boost::system::error_code& ec);
  // Answers a request that could not be read (431, 413, 400) and closes.
  void refuse(boost::beast::http::status status, std::string_view why);
  void write(Response response, bool head, bool keep_alive);
  // After a refusal: shut the sending side, read and drop what still comes, then close.
  void linger();
  void linger_read();
  void close_now();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<Response> response_;  // alive while it is written
  const HttpConfig& config_;
  std::chrono::seconds idle_timeout_;
  SessionOwner& owner_;
  Handler& handler_;
  std::uint64_t id_;
  boost::asio::ip::address peer_;
  std::string peer_text_;

  bool first_ = true;           // no request read yet
  bool in_flight_ = false;      // a request is with the handler or its answer is being written
  bool shutting_down_ = false;  // the daemon stops: no more requests
  bool closed_ = false;
  bool linger_on_close_ = false;  // a refusal: the client may still be sending
  std::size_t lingered_bytes_ = 0;
};

}  // namespace tiaojie::daemon::http

// A small HTTP client for the tests (Boost.Beast), with a deadline on every wait so that a daemon
// that does not answer fails the test instead of hanging it. It also sends raw bytes (an oversize
// header, half a request) and waits for the daemon to close the connection.
// Thread-safety: none; one thread uses a client.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace tiaojie::test {

namespace beast_http = boost::beast::http;
using HttpResponse = beast_http::response<beast_http::string_body>;

class HttpTestClient {
 public:
  static constexpr std::chrono::seconds k_deadline{20};

  bool connect(unsigned short port) {
    boost::system::error_code ec;
    stream_.socket().connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    return !ec;
  }

  // One request on this connection; empty when no whole response came before the deadline or the
  // connection ended first.
  std::optional<HttpResponse> request(beast_http::verb method, std::string target,
                                      const std::map<std::string, std::string>& headers = {},
                                      std::string body = {}) {
    beast_http::request<beast_http::string_body> req{method, target, 11};
    req.set(beast_http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == beast_http::verb::post) {
      req.body() = std::move(body);
      req.prepare_payload();
    }
    boost::system::error_code ec;
    beast_http::write(stream_, req, ec);
    if (ec) return std::nullopt;
    return read_response(method == beast_http::verb::head);
  }

  std::optional<HttpResponse> read_response(bool head = false) {
    HttpResponse res;
    beast_http::response_parser<beast_http::string_body> parser;
    parser.skip(head);
    parser.body_limit(64 << 20);
    bool done = false;
    boost::system::error_code result;
    stream_.expires_after(k_deadline);
    beast_http::async_read(stream_, buffer_, parser,
                           [&](boost::system::error_code ec, std::size_t) {
                             result = ec;
                             done = true;
                           });
    io_.restart();
    io_.run();
    if (!done || result) return std::nullopt;
    return parser.release();
  }

  bool send_raw(std::string_view bytes) {
    boost::system::error_code ec;
    boost::asio::write(stream_.socket(), boost::asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }

  // Reads until the daemon closes the connection (end of stream or reset): true then, with what
  // came before in `received`; false when the deadline passed first.
  bool wait_closed(std::string* received = nullptr) {
    std::string got;
    bool closed = false;
    std::function<void()> next;
    char chunk[4096];
    next = [&] {
      stream_.async_read_some(boost::asio::buffer(chunk),
                              [&](boost::system::error_code ec, std::size_t n) {
                                got.append(chunk, n);
                                if (ec == boost::beast::error::timeout) return;
                                if (ec) {
                                  closed = true;
                                  return;
                                }
                                next();
                              });
    };
    got.append(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.clear();
    stream_.expires_after(k_deadline);
    next();
    io_.restart();
    io_.run();
    if (received) *received = got;
    return closed;
  }

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_{io_};
  boost::beast::flat_buffer buffer_;
};

// GET (or another method) on a new connection.
inline std::optional<HttpResponse> http_call(
    unsigned short port, std::string target, beast_http::verb method = beast_http::verb::get,
    const std::map<std::string, std::string>& headers = {}) {
  HttpTestClient c;
  if (!c.connect(port)) return std::nullopt;
  return c.request(method, std::move(target), headers);
}

inline std::string content_type(const HttpResponse& r) {
  return std::string(r[beast_http::field::content_type]);
}

}  // namespace tiaojie::test

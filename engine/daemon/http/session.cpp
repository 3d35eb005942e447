#include "daemon/http/session.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace tiaojie::daemon::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using boost::system::error_code;

namespace {
std::atomic<std::uint64_t> g_next_http_session_id{1};
constexpr std::size_t k_read_chunk = 4096;
constexpr std::chrono::seconds k_linger_time{2};
constexpr std::size_t k_linger_bytes = 1024 * 1024;
}  // namespace

HttpSession::HttpSession(asio::ip::tcp::socket socket, const HttpConfig& config,
                         std::chrono::seconds idle_timeout, SessionOwner& owner, Handler& handler)
    : stream_(std::move(socket)),
      config_(config),
      idle_timeout_(idle_timeout),
      owner_(owner),
      handler_(handler),
      id_(g_next_http_session_id++) {
  error_code ec;
  auto ep = stream_.socket().remote_endpoint(ec);
  if (!ec) peer_ = ep.address();
  peer_text_ = ec ? "?" : ep.address().to_string() + ":" + std::to_string(ep.port());
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
}

HttpSession::~HttpSession() = default;

void HttpSession::start() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

// Until a request's first byte: the keep-alive idle time (the request timeout for a new
// connection, which has not sent anything yet). From then on read_request's deadline runs.
void HttpSession::wait_for_request() {
  if (closed_) return;
  if (shutting_down_) {
    close_now();
    return;
  }
  if (buffer_.size() > 0) {  // pipelined: the next request is already here
    read_request();
    return;
  }
  stream_.expires_after(first_ ? config_.request_timeout : idle_timeout_);
  stream_.async_read_some(buffer_.prepare(k_read_chunk), [self = shared_from_this()](
                                                             const error_code& ec, std::size_t n) {
    if (self->closed_) return;
    if (ec) {
      // End of stream, a reset, or silence past the deadline with nothing begun: no answer
      // is owed.
      if (ec == beast::error::timeout)
        spdlog::debug("http connection {} from {}: idle, closed", self->id_, self->peer_text_);
      self->close_now();
      return;
    }
    self->buffer_.commit(n);
    self->read_request();
  });
}

void HttpSession::read_request() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(config_.max_header_bytes));
  parser_->body_limit(config_.max_body_bytes);
  stream_.expires_after(config_.request_timeout);
  beast_http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_read(ec); });
}

void HttpSession::on_read(const error_code& ec) {
  if (closed_) return;
  first_ = false;
  if (ec == beast::error::timeout) {
    // The stream closed the socket: nothing can be answered.
    spdlog::info("http connection {} from {}: no whole request within {} s, closed", id_,
                 peer_text_, config_.request_timeout.count());
    close_now();
    return;
  }
  if (ec == beast_http::error::header_limit) {
    refuse(beast_http::status::request_header_fields_too_large,
           fmt::format("request headers over {} bytes", config_.max_header_bytes));
    return;
  }
  if (ec == beast_http::error::body_limit) {
    refuse(beast_http::status::payload_too_large,
           fmt::format("request body over {} bytes", config_.max_body_bytes));
    return;
  }
  if (ec &&
      ec.category() == beast_http::make_error_code(beast_http::error::bad_method).category() &&
      ec != beast_http::error::end_of_stream && ec != beast_http::error::partial_message) {
    refuse(beast_http::status::bad_request, "malformed request: " + ec.message());
    return;
  }
  if (ec) {  // end of stream, a reset: the client went away
    close_now();
    return;
  }
  Request request = parser_->release();
  const auto& fields = request.base();
  ClientInfo client = resolve_client(peer_, fields["X-Forwarded-For"], fields["X-Forwarded-Proto"],
                                     owner_.proxies());
  const bool head = request.method() == beast_http::verb::head;
  const bool keep_alive = request.keep_alive();
  in_flight_ = true;
  // No deadline while the handler works (the engine may be busy); the write sets its own.
  stream_.expires_never();
  spdlog::debug("http connection {}: {} {} from {}{}", id_, request.method_string(),
                request.target(), client.address,
                client.forwarded ? " (forwarded by " + peer_.to_string() + ")" : std::string());
  handler_.handle(request, client,
                  [self = shared_from_this(), head, keep_alive](Response response) {
                    asio::dispatch(self->stream_.get_executor(),
                                   [self, head, keep_alive, r = std::move(response)]() mutable {
                                     self->write(std::move(r), head, keep_alive);
                                   });
                  });
}

void HttpSession::refuse(beast_http::status status, std::string_view why) {
  spdlog::info("http connection {} from {}: {} ({}), closed", id_, peer_text_,
               static_cast<unsigned>(status), why);
  in_flight_ = true;
  linger_on_close_ = true;
  write(text_response(status, why), false, false);
}

// The client may still be sending what was refused (the rest of an oversize header): closing with
// unread input sends a reset, and a reset makes the client's stack drop the answer it has not read
// yet. So the sending side is shut first and the input read and dropped until the client closes,
// for k_linger_time or k_linger_bytes at most (as the TCP session's finish()).
void HttpSession::linger() {
  error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(k_linger_time);
  linger_read();
}

void HttpSession::linger_read() {
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(k_read_chunk),
                          [self = shared_from_this()](const error_code& ec, std::size_t n) {
                            if (self->closed_) return;
                            self->lingered_bytes_ += n;
                            if (ec || self->lingered_bytes_ > k_linger_bytes) {
                              self->close_now();
                              return;
                            }
                            self->linger_read();
                          });
}

void HttpSession::write(Response response, bool head, bool keep_alive) {
  if (closed_) return;
  response.set(beast_http::field::server, "tiaojie");
  response.keep_alive(keep_alive && !shutting_down_);
  if (head) {
    const auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  }
  owner_.responded(response.result_int());
  response_ = std::make_shared<Response>(std::move(response));
  stream_.expires_after(config_.request_timeout);
  beast_http::async_write(stream_, *response_,
                          [self = shared_from_this()](const error_code& ec, std::size_t) {
                            if (self->closed_) return;
                            self->in_flight_ = false;
                            const bool close = ec || self->response_->need_eof();
                            self->response_.reset();
                            if (close) {
                              if (!ec && self->linger_on_close_) {
                                self->linger();
                                return;
                              }
                              self->close_now();
                              return;
                            }
                            self->wait_for_request();
                          });
}

void HttpSession::shutdown() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (self->closed_) return;
    self->shutting_down_ = true;
    // An answer in flight still goes out (with Connection: close); an idle connection ends now.
    if (!self->in_flight_) self->close_now();
  });
}

void HttpSession::abort() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->close_now(); });
}

void HttpSession::close_now() {
  if (closed_) return;
  closed_ = true;
  error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
  owner_.session_closed(id_);
}

}  // namespace tiaojie::daemon::http

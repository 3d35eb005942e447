#include "daemon/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

namespace tiaojie::daemon {
namespace asio = boost::asio;
namespace json = boost::json;

struct Client::Impl {
  asio::io_context io;
  asio::ip::tcp::socket socket{io};
  std::string in;
  std::string out;
};

Client::Client() : impl_(std::make_unique<Impl>()) {}
Client::~Client() = default;

Result<void> Client::connect(const std::string& host, unsigned short port) {
  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(impl_->io);
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (!ec) asio::connect(impl_->socket, endpoints, ec);
  if (ec)
    return std::unexpected(
        io_error("cannot connect: " + ec.message(), host + ":" + std::to_string(port)));
  impl_->socket.set_option(asio::ip::tcp::no_delay(true), ec);
  return ok;
}

Result<json::object> Client::hello(std::string_view token) {
  auto r = call(json::object{{"op", "hello"}, {"token", token}});
  if (!r) return r;
  if (r->contains("ok") && r->at("ok") == true) return r;
  return std::unexpected(error_from_response(*r));
}

Result<void> Client::send_line(std::string_view line) {
  impl_->out.assign(line);
  impl_->out.push_back('\n');
  boost::system::error_code ec;
  asio::write(impl_->socket, asio::buffer(impl_->out), ec);
  if (ec) return std::unexpected(io_error("cannot send: " + ec.message()));
  return ok;
}

Result<void> Client::send(const json::object& request) {
  return send_line(json::serialize(request));
}

Result<std::string> Client::receive_line() {
  boost::system::error_code ec;
  auto n = asio::read_until(impl_->socket, asio::dynamic_buffer(impl_->in), '\n', ec);
  if (ec == asio::error::eof) return std::unexpected(io_error("closed"));
  if (ec) return std::unexpected(io_error("cannot receive: " + ec.message()));
  std::string line = impl_->in.substr(0, n - 1);
  impl_->in.erase(0, n);
  return line;
}

Result<json::object> Client::receive() {
  auto line = receive_line();
  if (!line) return std::unexpected(line.error());
  boost::system::error_code ec;
  json::value v = json::parse(*line, ec);
  if (ec || !v.is_object())
    return std::unexpected(invalid_input("the daemon sent a line that is not a JSON object"));
  return std::move(v.as_object());
}

Result<json::object> Client::call(const json::object& request) {
  if (auto s = send(request); !s) return std::unexpected(s.error());
  return receive();
}

void Client::finish_sending() {
  boost::system::error_code ignored;
  impl_->socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

void Client::close() {
  boost::system::error_code ignored;
  impl_->socket.close(ignored);
}

Error error_from_response(const json::object& response) {
  Error e{ErrorCode::internal, "malformed error response", {}};
  auto it = response.find("error");
  if (it == response.end() || !it->value().is_object()) return e;
  const auto& err = it->value().as_object();
  auto text = [&](std::string_view key) -> std::string {
    auto f = err.find(key);
    return f != err.end() && f->value().is_string() ? std::string(f->value().as_string())
                                                    : std::string();
  };
  static const std::pair<std::string_view, ErrorCode> codes[] = {
      {"invalid_input", ErrorCode::invalid_input},
      {"not_found", ErrorCode::not_found},
      {"conflict", ErrorCode::conflict},
      {"permission_denied", ErrorCode::permission_denied},
      {"resource_exhausted", ErrorCode::resource_exhausted},
      {"io_error", ErrorCode::io_error},
      {"internal", ErrorCode::internal}};
  auto code = text("code");
  for (const auto& [name, value] : codes) {
    if (name == code) e.code = value;
  }
  e.message = text("message");
  e.where = text("where");
  return e;
}

}  // namespace tiaojie::daemon

#include "daemon/http/handler.hpp"

#include <algorithm>

namespace tiaojie::daemon::http {
namespace beast_http = boost::beast::http;

Response make_response(beast_http::status status, std::string_view content_type, std::string body) {
  Response res{status, 11};
  res.set(beast_http::field::content_type, content_type);
  // The operations answers are live figures: no cache may keep them.
  res.set(beast_http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response text_response(beast_http::status status, std::string_view line) {
  std::string body(line);
  body += '\n';
  return make_response(status, "text/plain; charset=utf-8", std::move(body));
}

void Router::add(std::string path, std::vector<beast_http::verb> methods, Route route) {
  routes_.emplace(std::move(path), Entry{std::move(methods), std::move(route)});
}

std::map<std::string, std::vector<beast_http::verb>, std::less<>> Router::routes() const {
  std::map<std::string, std::vector<beast_http::verb>, std::less<>> out;
  for (const auto& [path, entry] : routes_) out.emplace(path, entry.methods);
  return out;
}

void Router::handle(const Request& request, const ClientInfo& client, Send send) {
  std::string_view target = request.target();
  const std::string_view path = target.substr(0, target.find('?'));
  auto it = routes_.find(path);
  if (it == routes_.end()) {
    send(text_response(beast_http::status::not_found, "not found"));
    return;
  }
  const auto& methods = it->second.methods;
  auto allowed = [&](beast_http::verb v) {
    return std::find(methods.begin(), methods.end(), v) != methods.end();
  };
  const bool head_as_get =
      request.method() == beast_http::verb::head && allowed(beast_http::verb::get);
  if (!allowed(request.method()) && !head_as_get) {
    std::string allow;
    for (auto v : methods) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(beast_http::to_string(v));
      if (v == beast_http::verb::get && !allowed(beast_http::verb::head)) allow += ", HEAD";
    }
    auto res = text_response(beast_http::status::method_not_allowed, "method not allowed");
    res.set(beast_http::field::allow, allow);
    send(std::move(res));
    return;
  }
  it->second.route(request, client, std::move(send));
}

}  // namespace tiaojie::daemon::http

// What answers HTTP requests, kept apart from the connection that carries them (Beast's
// examples: the session reads and writes, a handler turns a request into a response).
//
// A Router maps exact paths (the target without its query) to routes, each with the methods it
// answers; an unknown path gets 404, a known path asked with another method 405 with an Allow
// header. HEAD is answered wherever GET is, as GET without the body (RFC 9110 §9.3.2).
//
// Thread-safety: routes are added before the server starts; handle() may then run on any session
// strand at once. A route may answer later, from another thread (the engine's strand), through
// its Send, exactly once.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/http/forwarded.hpp"

namespace tiaojie::daemon::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Send = std::function<void(Response)>;

// A response with `body` of `content_type`, Content-Length set, HTTP/1.1.
[[nodiscard]] Response make_response(boost::beast::http::status status,
                                     std::string_view content_type, std::string body);
// A text/plain response of one line, for errors.
[[nodiscard]] Response text_response(boost::beast::http::status status, std::string_view line);

class Handler {
 public:
  virtual ~Handler() = default;
  // Answers `request` through `send`, exactly once, from any thread.
  virtual void handle(const Request& request, const ClientInfo& client, Send send) = 0;
};

class Router final : public Handler {
 public:
  using Route = std::function<void(const Request&, const ClientInfo&, Send)>;

  // REQUIRES: `path` starts with '/' and was not added before.
  void add(std::string path, std::vector<boost::beast::http::verb> methods, Route route);

  void handle(const Request& request, const ClientInfo& client, Send send) override;

  // Every path with the methods it answers, by path (the OpenAPI test compares them).
  [[nodiscard]] std::map<std::string, std::vector<boost::beast::http::verb>, std::less<>> routes()
      const;

 private:
  struct Entry {
    std::vector<boost::beast::http::verb> methods;
    Route route;
  };
  std::map<std::string, Entry, std::less<>> routes_;
};

}  // namespace tiaojie::daemon::http

// A small blocking client of the wire protocol, for `tiaojie submit`, `tiaojie demo` and tests.
//
// It speaks whole lines: send() queues a request line, receive() returns the next line from the
// daemon (a response or, on a subscribed connection, an event). Pipelining is the caller's: send
// up to a window of requests before receiving their answers (responses come back in order).
// Thread-safety: none; one thread uses a Client.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie::daemon {

class Client {
 public:
  Client();
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Errors: io_error when the host cannot be resolved or refuses the connection.
  [[nodiscard]] Result<void> connect(const std::string& host, unsigned short port);

  // Sends `hello` with the token. Errors: permission_denied (the daemon's message), io_error.
  [[nodiscard]] Result<boost::json::object> hello(std::string_view token);

  // Writes one request (a newline is added). Errors: io_error.
  [[nodiscard]] Result<void> send(const boost::json::object& request);
  [[nodiscard]] Result<void> send_line(std::string_view line);

  // The next line from the daemon, parsed. Errors: io_error at end of stream (message "closed")
  // or on a socket error; invalid_input if the daemon sent something that is not a JSON object.
  [[nodiscard]] Result<boost::json::object> receive();
  // The same, unparsed (without its newline).
  [[nodiscard]] Result<std::string> receive_line();

  // send + receive.
  [[nodiscard]] Result<boost::json::object> call(const boost::json::object& request);

  // Stops sending (half-close): the daemon answers what it has and then closes.
  void finish_sending();
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The Error carried by an {"ok":false,…} response (the daemon's code, message and where).
[[nodiscard]] Error error_from_response(const boost::json::object& response);

}  // namespace tiaojie::daemon

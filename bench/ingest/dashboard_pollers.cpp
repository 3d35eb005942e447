#include "dashboard_pollers.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace tiaojie::bench {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

// The session cookie of a form sign-in, or "" when it failed.
std::string sign_in(beast::tcp_stream& stream, beast::flat_buffer& buffer, const std::string& name,
                    const std::string& password) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/login", 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "name=" + name + "&password=" + password;
  req.prepare_payload();
  bhttp::write(stream, req);
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  const std::string cookie(res[bhttp::field::set_cookie]);
  return res.result_int() == 303 ? cookie.substr(0, cookie.find(';')) : std::string();
}

}  // namespace

DashboardPollers::DashboardPollers(unsigned short port, int count, const std::string& name,
                                   const std::string& password) {
  for (int i = 0; i < count; ++i) {
    threads_.emplace_back([this, port, name, password] {
      try {
        asio::io_context io;
        beast::tcp_stream stream(io);
        stream.connect({asio::ip::make_address("127.0.0.1"), port});
        beast::flat_buffer buffer;
        const auto cookie = sign_in(stream, buffer, name, password);
        ++signed_in_;
        if (cookie.empty()) {
          ++failed_;
          return;
        }
        bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/dashboard", 11};
        req.set(bhttp::field::host, "127.0.0.1");
        req.set(bhttp::field::cookie, cookie);
        auto next = std::chrono::steady_clock::now();
        while (!stop_) {
          if (!active_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            next = std::chrono::steady_clock::now();
            continue;
          }
          bhttp::write(stream, req);
          bhttp::response<bhttp::string_body> res;
          bhttp::read(stream, buffer, res);
          ++(res.result_int() == 200 ? answered_ : failed_);
          next += std::chrono::seconds(1);
          while (!stop_ && std::chrono::steady_clock::now() < next)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      } catch (const std::exception&) {
        ++failed_;
      }
    });
  }
  while (signed_in_ < count) std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

DashboardPollers::~DashboardPollers() {
  stop_ = true;
  for (auto& t : threads_) t.join();
}

}  // namespace tiaojie::bench

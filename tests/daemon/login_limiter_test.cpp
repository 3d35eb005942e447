// Rate limiting of failed workbench logins: per account and per address, the window, success, and
// the bound on memory. Time is given: the instants are fixed.
#include "daemon/http/login_limiter.hpp"

#include <doctest/doctest.h>

#include <string>

namespace tiaojie::test {
namespace {

using daemon::http::LoginLimiter;
using daemon::http::LoginLimits;
using namespace std::chrono_literals;

const Timestamp t0 = *parse_timestamp("2026-03-02T09:00:00+08:00");

}  // namespace

TEST_CASE("five failures for one account close it for the rest of 15 minutes, from any address") {
  LoginLimiter limiter;  // the defaults: 5 per account, 20 per address, 15 minutes
  for (int i = 0; i < 5; ++i) {
    CHECK(limiter.check("10.0.0.1", "zhangmin", t0 + std::chrono::seconds(i)).allowed);
    limiter.failed("10.0.0.1", "zhangmin", t0 + std::chrono::seconds(i));
  }
  auto v = limiter.check("10.0.0.9", "zhangmin", t0 + 60s);
  CHECK_FALSE(v.allowed);
  CHECK(v.retry_after == 14min);
  CHECK(daemon::http::refusal_text(v) == "too many failed logins; try again in 840 seconds");
  CHECK(limiter.check("10.0.0.1", "wang.li", t0 + 60s).allowed);  // another account
  CHECK_FALSE(limiter.check("10.0.0.1", "zhangmin", t0 + 15min - 1s).allowed);
  CHECK(limiter.check("10.0.0.1", "zhangmin", t0 + 15min - 1s).retry_after == 1s);
  // The window passed: open again, and counting starts over.
  auto reopened = limiter.check("10.0.0.1", "zhangmin", t0 + 15min);
  CHECK(reopened.allowed);
  CHECK(reopened.retry_after == 0s);
  CHECK(daemon::http::refusal_text(reopened).empty());
  limiter.failed("10.0.0.1", "zhangmin", t0 + 15min);
  CHECK(limiter.check("10.0.0.1", "zhangmin", t0 + 15min).allowed);
}

TEST_CASE("twenty failures from one address close it for every account") {
  LoginLimiter limiter;
  for (int i = 0; i < 20; ++i) {
    const std::string name = "user" + std::to_string(i);  // 20 names, one failure each
    CHECK(limiter.check("10.0.0.7", name, t0).allowed);
    limiter.failed("10.0.0.7", name, t0 + 10s);
  }
  auto v = limiter.check("10.0.0.7", "someone-else", t0 + 10s);
  CHECK_FALSE(v.allowed);
  CHECK(v.retry_after == 15min);
  CHECK(limiter.check("10.0.0.8", "user1", t0 + 10s).allowed);  // another address
  CHECK(limiter.check("10.0.0.7", "someone-else", t0 + 10s + 15min).allowed);
}

TEST_CASE("a success clears the account's failures but not the address's") {
  LoginLimits limits;
  limits.per_account = 3;
  limits.per_address = 4;
  LoginLimiter limiter(limits);
  limiter.failed("10.0.0.1", "zhangmin", t0);
  limiter.failed("10.0.0.1", "zhangmin", t0);
  limiter.succeeded("zhangmin");
  limiter.failed("10.0.0.1", "zhangmin", t0);
  limiter.failed("10.0.0.1", "zhangmin", t0);
  CHECK(limiter.check("10.0.0.2", "zhangmin", t0).allowed);  // 2 since the success, limit 3
  // The address has 4 failures: closed whatever the account.
  CHECK_FALSE(limiter.check("10.0.0.1", "wang.li", t0).allowed);
}

TEST_CASE("when refused for both, the later window is the wait") {
  LoginLimits limits;
  limits.per_account = 2;
  limits.per_address = 2;
  LoginLimiter limiter(limits);
  limiter.failed("10.0.0.1", "a", t0);
  limiter.failed("10.0.0.1", "b", t0 + 5min);  // the address is full, opened at t0
  limiter.failed("10.0.0.2", "b", t0 + 6min);  // b is full, opened at t0 + 5min
  CHECK(limiter.check("10.0.0.1", "b", t0 + 6min).retry_after == 14min);
  CHECK(limiter.check("10.0.0.1", "c", t0 + 6min).retry_after == 9min);
}

TEST_CASE("the limiter tracks at most max_keys names and addresses, dropping the oldest") {
  LoginLimits limits;
  limits.per_account = 1;
  limits.per_address = 1000;
  limits.max_keys = 3;
  LoginLimiter limiter(limits);
  limiter.failed("10.0.0.1", "a", t0);
  limiter.failed("10.0.0.1", "b", t0 + 1s);
  limiter.failed("10.0.0.1", "c", t0 + 2s);
  CHECK_FALSE(limiter.check("10.0.0.1", "a", t0 + 3s).allowed);
  limiter.failed("10.0.0.1", "d", t0 + 3s);  // a fourth name: "a", the oldest, is forgotten
  CHECK(limiter.check("10.0.0.1", "a", t0 + 4s).allowed);
  CHECK_FALSE(limiter.check("10.0.0.1", "b", t0 + 4s).allowed);
  CHECK_FALSE(limiter.check("10.0.0.1", "d", t0 + 4s).allowed);
}

}  // namespace tiaojie::test

// Workbench login sessions: ids, expiry (idle and absolute), logout, the cap, the cookies, and the
// CSRF comparison. Time is given, never read: the instants are fixed.
#include "daemon/http/web_sessions.hpp"

#include <doctest/doctest.h>

#include <set>

namespace tiaojie::test {
namespace {

using daemon::http::SessionLimits;
using daemon::http::WebSessions;
using namespace std::chrono_literals;

const Timestamp t0 = *parse_timestamp("2026-03-02T09:00:00+08:00");

SessionLimits limits(std::size_t max = 10000) {
  SessionLimits l;
  l.idle = 30min;
  l.absolute = 12h;
  l.max_sessions = max;
  return l;
}

bool base64url(const std::string& s) {
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_'))
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a new session has random 32-byte id and CSRF token, and is found by its id") {
  WebSessions sessions(limits());
  auto a = sessions.create("zhangmin", t0);
  auto b = sessions.create("zhangmin", t0);
  CHECK(a.id.size() == 43);  // 32 bytes, base64url without padding
  CHECK(a.csrf_token.size() == 43);
  CHECK(base64url(a.id));
  CHECK(base64url(a.csrf_token));
  CHECK(a.id != a.csrf_token);
  CHECK(a.id != b.id);
  CHECK(a.csrf_token != b.csrf_token);
  CHECK(a.account == "zhangmin");
  CHECK(a.created == t0);
  CHECK(a.last_seen == t0);
  CHECK(sessions.size() == 2);
  auto found = sessions.find(a.id, t0 + 5min);
  REQUIRE(found.has_value());
  CHECK(found->account == "zhangmin");
  CHECK(found->csrf_token == a.csrf_token);
  CHECK(found->last_seen == t0 + 5min);
  CHECK_FALSE(sessions.find("no-such-id", t0).has_value());
  CHECK_FALSE(sessions.find("", t0).has_value());
}

TEST_CASE("a session ends after its idle time, and each request moves that end") {
  WebSessions sessions(limits());
  auto s = sessions.create("zhangmin", t0);
  // Used every 29 minutes, it lives on past the idle time counted from its login.
  CHECK(sessions.find(s.id, t0 + 29min).has_value());
  CHECK(sessions.find(s.id, t0 + 58min).has_value());
  // Then left for 30 minutes: gone, and gone for good.
  CHECK_FALSE(sessions.find(s.id, t0 + 88min).has_value());
  CHECK(sessions.size() == 0);
  CHECK_FALSE(sessions.find(s.id, t0 + 59min).has_value());
}

TEST_CASE("a session ends after its absolute lifetime however busy") {
  WebSessions sessions(limits());
  auto s = sessions.create("zhangmin", t0);
  Timestamp t = t0;
  for (; t < t0 + 12h; t += 20min) CHECK(sessions.find(s.id, t).has_value());
  CHECK(sessions.find(s.id, t0 + 12h - 1s).has_value());
  CHECK_FALSE(sessions.find(s.id, t0 + 12h).has_value());
}

TEST_CASE("logout ends one session, and erase_account ends every session of an account") {
  WebSessions sessions(limits());
  auto a1 = sessions.create("zhangmin", t0);
  auto a2 = sessions.create("zhangmin", t0);
  auto b = sessions.create("wang.li", t0);
  sessions.erase(a1.id);
  CHECK_FALSE(sessions.find(a1.id, t0).has_value());
  CHECK(sessions.find(a2.id, t0).has_value());
  sessions.erase("unknown");  // not an error
  sessions.erase_account("zhangmin");
  CHECK_FALSE(sessions.find(a2.id, t0).has_value());
  CHECK(sessions.find(b.id, t0).has_value());
  CHECK(sessions.size() == 1);
}

TEST_CASE("at max_sessions a login drops expired sessions first, then the least recently seen") {
  WebSessions sessions(limits(3));
  auto old = sessions.create("a", t0);
  auto busy = sessions.create("b", t0 + 1min);
  auto quiet = sessions.create("c", t0 + 2min);
  CHECK(sessions.find(old.id, t0 + 3min).has_value());  // `old` is now the most recently seen
  auto d = sessions.create("d", t0 + 4min);
  CHECK(sessions.size() == 3);
  CHECK_FALSE(sessions.find(busy.id, t0 + 5min).has_value());  // least recently seen: dropped
  CHECK(sessions.find(old.id, t0 + 5min).has_value());
  CHECK(sessions.find(quiet.id, t0 + 5min).has_value());
  CHECK(sessions.find(d.id, t0 + 5min).has_value());
  // 40 minutes later all three have expired: a login drops them all, not one.
  sessions.create("e", t0 + 45min);
  CHECK(sessions.size() == 1);
}

TEST_CASE(
    "the session cookie is HttpOnly, SameSite=Strict, lasts the idle time, and Secure behind TLS") {
  WebSessions sessions(limits());
  auto s = sessions.create("zhangmin", t0);
  CHECK(daemon::http::session_cookie(s, limits(), false) ==
        "tj_session=" + s.id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=1800");
  CHECK(daemon::http::session_cookie(s, limits(), true) ==
        "tj_session=" + s.id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=1800; Secure");
  CHECK(daemon::http::expired_cookie(false) ==
        "tj_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  CHECK(daemon::http::expired_cookie(true) ==
        "tj_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure");
}

TEST_CASE("the session id is read from a Cookie header among other cookies") {
  using daemon::http::session_id_from_cookie;
  CHECK(session_id_from_cookie("tj_session=abc") == "abc");
  CHECK(session_id_from_cookie("a=b; tj_session=abc; c=d") == "abc");
  CHECK(session_id_from_cookie("a=b;tj_session=abc") == "abc");
  CHECK(session_id_from_cookie("theme=dark;  tj_session=x-Y_9 ") == "x-Y_9");
  CHECK(session_id_from_cookie("") == "");
  CHECK(session_id_from_cookie("a=b; c=d") == "");
  CHECK(session_id_from_cookie("xtj_session=abc; tj_sessionx=def") == "");
  CHECK(session_id_from_cookie("flag; tj_session=abc") == "abc");
  CHECK(session_id_from_cookie("tj_session=") == "");
}

TEST_CASE("a CSRF token matches only the session's own, byte for byte") {
  WebSessions sessions(limits());
  auto s = sessions.create("zhangmin", t0);
  auto other = sessions.create("zhangmin", t0);
  CHECK(daemon::http::csrf_matches(s, s.csrf_token));
  CHECK_FALSE(daemon::http::csrf_matches(s, other.csrf_token));
  CHECK_FALSE(daemon::http::csrf_matches(s, ""));
  CHECK_FALSE(daemon::http::csrf_matches(s, s.csrf_token.substr(0, 42)));
  CHECK_FALSE(daemon::http::csrf_matches(s, s.csrf_token + "A"));
  std::string flipped = s.csrf_token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  CHECK_FALSE(daemon::http::csrf_matches(s, flipped));
  CHECK_FALSE(daemon::http::csrf_matches(s, s.id));
  daemon::http::WebSession no_token = s;
  no_token.csrf_token.clear();
  CHECK_FALSE(daemon::http::csrf_matches(no_token, ""));
}

}  // namespace tiaojie::test

// The workbench's login sessions (docs/workbench.md, "Accounts and logins"): a random id in an
// HttpOnly, SameSite=Strict cookie, a separate random CSRF token for the session's forms, and
// expiry both after idle time and after a fixed lifetime.
//
// Time is always a parameter (the caller reads its Clock), so expiry is tested without sleeping.
// Thread-safety: WebSessions is thread-safe (one mutex; HTTP sessions of several io threads share
// it). The free functions are pure.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/time.hpp"
#include "support/thread_annotations.hpp"

namespace tiaojie::daemon::http {

// The cookie that carries a session's id.
inline constexpr std::string_view k_session_cookie = "tj_session";

struct WebSession {
  std::string id;          // 32 random bytes, base64url without padding (43 characters)
  std::string csrf_token;  // another 32 random bytes, the same encoding; never in a cookie
  std::string account;     // Account::name
  Timestamp created{};     // login
  Timestamp last_seen{};   // the last request that found it
};

struct SessionLimits {
  // A session unused this long ends ([http] session_idle_minutes). Default: 30 minutes.
  std::chrono::seconds idle{std::chrono::minutes(30)};
  // A session ends this long after its login however busy ([http] session_hours). Default: 12 h.
  std::chrono::seconds absolute{std::chrono::hours(12)};
  // Sessions kept at once; a login beyond it ends the least recently seen. Default: 10000.
  std::size_t max_sessions = 10000;
};

// The live sessions of one daemon, by id. Kept in memory only: a restart logs everyone out.
class WebSessions {
 public:
  // Throws std::runtime_error when libsodium cannot initialise (the system has no randomness):
  // built once at the daemon's start, that stops it.
  explicit WebSessions(SessionLimits limits);

  // A new session for `account` with fresh random id and CSRF token. Drops the expired sessions
  // first, then, at max_sessions, the least recently seen one.
  WebSession create(std::string account, Timestamp now) EXCLUDES(mu_);

  // The session with this id, with last_seen set to `now`; nullopt when the id is unknown or the
  // session has expired (idle or absolute: it is then dropped).
  std::optional<WebSession> find(std::string_view id, Timestamp now) EXCLUDES(mu_);

  // Logout. An unknown id is not an error.
  void erase(std::string_view id) EXCLUDES(mu_);
  // Ends every session of `account` (it was removed or changed on reload).
  void erase_account(std::string_view account) EXCLUDES(mu_);

  [[nodiscard]] std::size_t size() const EXCLUDES(mu_);
  [[nodiscard]] const SessionLimits& limits() const { return limits_; }

 private:
  [[nodiscard]] bool expired(const WebSession& s, Timestamp now) const;

  const SessionLimits limits_;
  mutable Mutex mu_;
  std::unordered_map<std::string, WebSession> sessions_ GUARDED_BY(mu_);
};

// Whether `token` (from a form) is the session's CSRF token. Constant time in the token's content
// (sodium_memcmp); false when the lengths differ, which gives away only the length, a constant.
[[nodiscard]] bool csrf_matches(const WebSession& s, std::string_view token);

// The Set-Cookie value for a session: "tj_session=ID; Path=/; HttpOnly; SameSite=Strict;
// Max-Age=IDLE" and "; Secure" when `secure` (the request came over TLS: X-Forwarded-Proto https
// from a trusted proxy). Max-Age is the idle time, so a route that answers a session's request
// should send it again to keep the browser's copy alive as long as the server's.
[[nodiscard]] std::string session_cookie(const WebSession& s, const SessionLimits& limits,
                                         bool secure);

// The Set-Cookie value that makes the browser forget the session (logout): empty, Max-Age=0.
[[nodiscard]] std::string expired_cookie(bool secure);

// The tj_session value of a Cookie header ("a=b; tj_session=ID; c=d"), or "" when it has none.
// The result points into `cookie_header`.
[[nodiscard]] std::string_view session_id_from_cookie(std::string_view cookie_header);

}  // namespace tiaojie::daemon::http

#include "daemon/http/web_sessions.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace tiaojie::daemon::http {
namespace {

// 256 bits: guessing a live id is hopeless even with max_sessions of them alive.
std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(text.data());
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

WebSessions::WebSessions(SessionLimits limits) : limits_(limits) {
  // randombytes_buf needs it; the constructor runs at the daemon's start, where throwing is the
  // edge's way to refuse to start without randomness.
  if (sodium_init() < 0) throw std::runtime_error("libsodium did not initialise");
}

bool WebSessions::expired(const WebSession& s, Timestamp now) const {
  return now - s.last_seen >= limits_.idle || now - s.created >= limits_.absolute;
}

WebSession WebSessions::create(std::string account, Timestamp now) {
  WebSession s{random_token(), random_token(), std::move(account), now, now};
  MutexLock lock(mu_);
  std::erase_if(sessions_, [&](const auto& entry) { return expired(entry.second, now); });
  if (limits_.max_sessions > 0 && sessions_.size() >= limits_.max_sessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& a, auto& b) {
      return a.second.last_seen < b.second.last_seen;
    });
    sessions_.erase(oldest);
  }
  sessions_.emplace(s.id, s);
  return s;
}

std::optional<WebSession> WebSessions::find(std::string_view id, Timestamp now) {
  MutexLock lock(mu_);
  auto it = sessions_.find(std::string(id));
  if (it == sessions_.end()) return std::nullopt;
  if (expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void WebSessions::erase(std::string_view id) {
  MutexLock lock(mu_);
  sessions_.erase(std::string(id));
}

void WebSessions::erase_account(std::string_view account) {
  MutexLock lock(mu_);
  std::erase_if(sessions_, [&](const auto& entry) { return entry.second.account == account; });
}

std::size_t WebSessions::size() const {
  MutexLock lock(mu_);
  return sessions_.size();
}

bool csrf_matches(const WebSession& s, std::string_view token) {
  if (s.csrf_token.empty() || token.size() != s.csrf_token.size()) return false;
  return sodium_memcmp(s.csrf_token.data(), token.data(), token.size()) == 0;
}

std::string session_cookie(const WebSession& s, const SessionLimits& limits, bool secure) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", k_session_cookie,
                     s.id, limits.idle.count(), secure ? "; Secure" : "");
}

std::string expired_cookie(bool secure) {
  return fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}", k_session_cookie,
                     secure ? "; Secure" : "");
}

std::string_view session_id_from_cookie(std::string_view cookie_header) {
  while (!cookie_header.empty()) {
    const auto semicolon = cookie_header.find(';');
    const std::string_view pair = trim(cookie_header.substr(0, semicolon));
    cookie_header = semicolon == std::string_view::npos ? std::string_view{}
                                                        : cookie_header.substr(semicolon + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) == k_session_cookie) return trim(pair.substr(eq + 1));
  }
  return {};
}

}  // namespace tiaojie::daemon::http

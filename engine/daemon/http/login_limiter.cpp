#include "daemon/http/login_limiter.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tiaojie::daemon::http {

std::string refusal_text(const LoginVerdict& verdict) {
  if (verdict.allowed) return {};
  return fmt::format("too many failed logins; try again in {} seconds",
                     verdict.retry_after.count());
}

LoginLimiter::LoginLimiter(LoginLimits limits) : limits_(limits) {}

std::chrono::seconds LoginLimiter::blocked_for(const Table& table, std::string_view key,
                                               std::size_t limit, Timestamp now) const {
  auto it = table.find(std::string(key));
  if (it == table.end() || it->second.failures < limit) return std::chrono::seconds(0);
  const auto left = it->second.opened + limits_.window - now;
  return left > std::chrono::seconds(0) ? left : std::chrono::seconds(0);
}

LoginVerdict LoginLimiter::check(std::string_view address, std::string_view account,
                                 Timestamp now) {
  MutexLock lock(mu_);
  const auto wait = std::max(blocked_for(by_address_, address, limits_.per_address, now),
                             blocked_for(by_account_, account, limits_.per_account, now));
  if (wait == std::chrono::seconds(0)) return {true, std::chrono::seconds(0)};
  return {false, wait};
}

void LoginLimiter::count(Table& table, std::string_view key, Timestamp now) {
  auto closed = [&](const Window& w) { return now - w.opened >= limits_.window; };
  auto it = table.find(std::string(key));
  if (it == table.end()) {
    if (limits_.max_keys > 0 && table.size() >= limits_.max_keys) {
      std::erase_if(table, [&](const auto& entry) { return closed(entry.second); });
      if (table.size() >= limits_.max_keys) {
        table.erase(std::min_element(table.begin(), table.end(), [](auto& a, auto& b) {
          return a.second.opened < b.second.opened;
        }));
      }
    }
    it = table.emplace(std::string(key), Window{now, 0}).first;
  } else if (closed(it->second)) {
    it->second = Window{now, 0};
  }
  ++it->second.failures;
}

void LoginLimiter::failed(std::string_view address, std::string_view account, Timestamp now) {
  MutexLock lock(mu_);
  count(by_address_, address, now);
  count(by_account_, account, now);
}

void LoginLimiter::succeeded(std::string_view account) {
  MutexLock lock(mu_);
  by_account_.erase(std::string(account));
}

}  // namespace tiaojie::daemon::http

// Rate limiting of failed workbench logins (docs/workbench.md, "Accounts and logins"): password
// guessing is slowed per account name (one account guessed from many addresses) and per client
// address (many accounts guessed from one address).
//
// Each key (an address, or an account name as typed, known or not) counts its failures in a fixed
// window that opens at its first failure; when the count reaches the limit, logins for that key are
// refused until the window closes. A success clears the account's count (not the address's: one
// right password must not reopen an address that is guessing others).
//
// Memory is bounded: at most max_keys addresses and max_keys names are tracked; past that, closed
// windows are dropped first, then the oldest. An attacker who floods the table with new names can
// push out an older name's count, which is why the per-address limit exists beside it.
//
// Time is a parameter. Thread-safety: LoginLimiter is thread-safe (one mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/time.hpp"
#include "support/thread_annotations.hpp"

namespace tiaojie::daemon::http {

struct LoginLimits {
  // Failures of one account name within `window`. Default: 5.
  std::size_t per_account = 5;
  // Failures from one client address within `window`. Default: 20.
  std::size_t per_address = 20;
  // Default: 15 minutes.
  std::chrono::seconds window{std::chrono::minutes(15)};
  // Keys tracked per kind (addresses, names). Default: 10000.
  std::size_t max_keys = 10000;
};

struct LoginVerdict {
  bool allowed = true;
  // When refused: how long until the later of the two windows closes (at least 1 s). 0 when
  // allowed.
  std::chrono::seconds retry_after{0};
};

// "too many failed logins; try again in N seconds" for a refusal, "" when allowed: the text a login
// page shows (it names neither which limit was hit nor whether the account exists).
[[nodiscard]] std::string refusal_text(const LoginVerdict& verdict);

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimits limits = {});

  // Whether a login of `account` from `address` may be tried now. Check before verifying the
  // password, so that a refused attempt costs no Argon2 work.
  [[nodiscard]] LoginVerdict check(std::string_view address, std::string_view account,
                                   Timestamp now) EXCLUDES(mu_);
  // A wrong password (or an unknown name) for `account` from `address`.
  void failed(std::string_view address, std::string_view account, Timestamp now) EXCLUDES(mu_);
  // A right password: the account's failures are forgotten.
  void succeeded(std::string_view account) EXCLUDES(mu_);

 private:
  struct Window {
    Timestamp opened{};
    std::size_t failures = 0;
  };
  using Table = std::unordered_map<std::string, Window>;

  // The time left before `key`'s window closes when it is full, else 0.
  [[nodiscard]] std::chrono::seconds blocked_for(const Table& table, std::string_view key,
                                                 std::size_t limit, Timestamp now) const;
  void count(Table& table, std::string_view key, Timestamp now);

  const LoginLimits limits_;
  mutable Mutex mu_;
  Table by_address_ GUARDED_BY(mu_);
  Table by_account_ GUARDED_BY(mu_);
};

}  // namespace tiaojie::daemon::http

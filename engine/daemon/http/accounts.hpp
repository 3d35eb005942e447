// The workbench's staff accounts (docs/workbench.md, "Accounts and logins"): who may log in, with
// which role and over which part of the body graph, and the Argon2 hashes their passwords are
// checked against. The accounts file is a secret as the token file is (its hashes can be attacked
// offline), so it is refused when the group or other users may read it.
//
// Thread-safety: Accounts is immutable after load_accounts/parse_accounts and safe to share
// between threads (a reload builds a new one and swaps it whole). The free functions are
// thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "support/thread_annotations.hpp"

namespace tiaojie::daemon::http {

// What a member of staff may see and do. The scope (which cases) follows from the role and the
// account's body or street; the caller checks those ids against the body graph.
enum class StaffRole {
  body_staff,    // sees and acts on the cases of its own body (Account::body)
  street_staff,  // sees the cases of its street's bodies (Account::street)
  manager,       // district manager: reads every case, and the reports
  operator_,     // a manager who may also reload and replay
};

// "body_staff", "street_staff", "manager", "operator".
[[nodiscard]] std::string_view to_string(StaffRole role);

// One [[account]] of the accounts file.
struct Account {
  std::string name;          // login name, [a-z0-9_.-]{1,64}
  std::string display_name;  // e.g. 张敏; the file may leave it out, then it is `name`
  StaffRole role = StaffRole::body_staff;
  std::string body;           // body_staff only (required there, refused elsewhere): a body id
  std::string street;         // street_staff only (required there, refused elsewhere): a street id
  std::string password_hash;  // libsodium crypto_pwhash_str output ("$argon2id$v=19$m=…")
  friend bool operator==(const Account&, const Account&) = default;
};

// The accounts of one file, by name. Immutable; see the thread-safety note above.
class Accounts {
 public:
  Accounts() = default;
  // REQUIRES: names are unique (parse_accounts checks it).
  explicit Accounts(std::vector<Account> accounts);

  // The account called `name`, or nullptr. The pointer lives as long as this Accounts.
  [[nodiscard]] const Account* find(std::string_view name) const;

  // The account when `name` exists and `password` is its password; nullptr otherwise. Takes about
  // the time of one Argon2 verification either way: an unknown name is verified against a fixed
  // dummy hash of the interactive cost, so the answer's time does not tell which names exist.
  [[nodiscard]] const Account* verify(std::string_view name, std::string_view password) const;

  [[nodiscard]] std::size_t size() const { return accounts_.size(); }
  // Every account, in the order of the file.
  [[nodiscard]] const std::vector<Account>& all() const { return accounts_; }

 private:
  std::vector<Account> accounts_;
  std::map<std::string, std::size_t, std::less<>> by_name_;
};

// Loads an accounts file: [[account]] tables with the keys name, display_name, role, body, street
// and password_hash (docs/workbench.md). Errors name file:line:column and the field:
//   - permission_denied (with the mode and the fix, chmod 600) when the group or other users have
//     any permission on `file`; io_error when it cannot be read;
//   - invalid_input for TOML syntax, an unknown key, a missing or mistyped field, a bad name or
//     role, a body or street missing for its role or given to another role, and a password_hash
//     that is not an Argon2id/Argon2i libsodium string (a clear password is never accepted);
//   - conflict for a name used twice.
[[nodiscard]] Result<Accounts> load_accounts(const std::filesystem::path& file);

// parse_accounts: as load_accounts on text already read (no mode check); `source_name` is the file
// name errors carry.
[[nodiscard]] Result<Accounts> parse_accounts(std::string_view toml_text,
                                              std::string_view source_name);

// How much work a password hash costs to compute (and so to guess).
enum class HashCost {
  // libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE (2 passes over 64 MiB, about 0.1 s): what a login
  // form can afford per attempt on a small server, and what `tiaojie account hash` uses.
  interactive,
  // OPSLIMIT/MEMLIMIT_MIN: for tests only, so that they stay fast. Never for a real password.
  test_minimum,
};

// The crypto_pwhash_str string (Argon2id, random salt) of `password`.
// Errors: resource_exhausted when libsodium cannot get the memory; internal when it does not
// initialise.
[[nodiscard]] Result<std::string> hash_password(std::string_view password,
                                                HashCost cost = HashCost::interactive);

// The accounts in use, replaced whole when the accounts file is read again (SIGHUP), so that staff
// come and go without a restart. A reader takes the current Accounts and keeps that shared_ptr
// for as long as it uses an Account of it; a session whose account is gone ends at its next
// request (find gives nullptr). Thread-safety: current() and replace() from any thread.
class LiveAccounts {
 public:
  explicit LiveAccounts(Accounts accounts)
      : current_(std::make_shared<const Accounts>(std::move(accounts))) {}
  [[nodiscard]] std::shared_ptr<const Accounts> current() const EXCLUDES(mu_) {
    MutexLock lock(mu_);
    return current_;
  }
  void replace(Accounts accounts) EXCLUDES(mu_) {
    auto fresh = std::make_shared<const Accounts>(std::move(accounts));
    MutexLock lock(mu_);
    current_.swap(fresh);  // the old one is freed outside the lock, by its last reader
  }

 private:
  mutable Mutex mu_;
  std::shared_ptr<const Accounts> current_ GUARDED_BY(mu_);
};

}  // namespace tiaojie::daemon::http

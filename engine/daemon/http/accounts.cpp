#include "daemon/http/accounts.hpp"

#include <fmt/format.h>
#include <sodium.h>
#include <toml++/toml.h>

#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "daemon/secret_file.hpp"

namespace tiaojie::daemon::http {
namespace {

// An Argon2id hash of a random password nobody knows, at the interactive cost that `tiaojie account
// hash` uses, so that verifying an unknown name costs what verifying a real one does.
constexpr const char* k_dummy_hash =
    "$argon2id$v=19$m=65536,t=2,p=1$fv9ouhHc181YKdwlpUv9aQ$6+DJl1uaI5q0oseedStF/"
    "LIkrBZr1Rw02N6oZy97dT4";

constexpr std::array<std::string_view, 4> k_role_names{"body_staff", "street_staff", "manager",
                                                       "operator"};

bool sodium_ready() {
  // sodium_init is idempotent and thread-safe; it fails only when the system has no randomness.
  return sodium_init() >= 0;
}

std::string where_of(const toml::source_region& src, std::string_view file) {
  return fmt::format("{}:{}:{}", file, src.begin.line, src.begin.column);
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok_char =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok_char) return false;
  }
  return true;
}

// "$argon2id$v=19$m=65536,t=2,p=1$SALT$HASH" (or $argon2i$): the shape crypto_pwhash_str writes.
// Checked here so that a clear password, or a hash of another scheme, is refused at load rather
// than failing every login.
bool is_argon2_string(std::string_view s) {
  if (s.size() >= crypto_pwhash_STRBYTES) return false;
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '$') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 6 || !parts[0].empty()) return false;
  if (parts[1] != "argon2id" && parts[1] != "argon2i") return false;
  if (parts[2] != "v=19") return false;
  if (!parts[3].starts_with("m=") || parts[3].find(",t=") == std::string_view::npos ||
      parts[3].find(",p=") == std::string_view::npos)
    return false;
  auto base64 = [](std::string_view b) {
    if (b.empty()) return false;
    for (char c : b) {
      const bool ok_char = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (!ok_char) return false;
    }
    return true;
  };
  return base64(parts[4]) && base64(parts[5]);
}

// Reads one [[account]] table, remembering the keys it read so that the rest are refused.
class AccountReader {
 public:
  AccountReader(const toml::table& t, std::string_view file) : table_(t), file_(file) {}

  Error error_at(const toml::node& n, std::string_view key, std::string_view message) const {
    return invalid_input(fmt::format("account.{}: {}", key, message), where_of(n.source(), file_));
  }
  Error error_here(std::string_view message) const {
    return invalid_input(std::string(message), where_of(table_.source(), file_));
  }

  // The string under `key` (nullptr node when absent).
  Result<const toml::node*> string(std::string_view key, std::string& out) {
    known_.insert(std::string(key));
    const toml::node* n = table_.get(key);
    if (!n) return nullptr;
    if (!n->is_string()) return std::unexpected(error_at(*n, key, "must be a string"));
    out = n->as_string()->get();
    return n;
  }

  Result<void> no_unknown_keys() const {
    for (auto&& [key, node] : table_) {
      if (!known_.contains(std::string(key.str()))) {
        return std::unexpected(invalid_input(
            fmt::format("unknown key 'account.{}' (an account has name, display_name, role, body, "
                        "street and password_hash)",
                        key.str()),
            where_of(key.source(), file_)));
      }
    }
    return ok;
  }

 private:
  const toml::table& table_;
  std::string_view file_;
  std::set<std::string> known_;
};

#define TJ_TRY_ASSIGN(var, expr)                         \
  auto var##_r = (expr);                                 \
  if (!var##_r) return std::unexpected(var##_r.error()); \
  auto var = *var##_r

Result<Account> read_account(const toml::table& t, std::string_view file) {
  AccountReader r(t, file);
  Account a;
  TJ_TRY_ASSIGN(name, r.string("name", a.name));
  if (!name) return std::unexpected(r.error_here("an account needs name = \"LOGIN\""));
  if (!valid_name(a.name)) {
    return std::unexpected(r.error_at(
        *name, "name",
        fmt::format("'{}' is not a login name: 1 to 64 of a-z, 0-9, '_', '.', '-'", a.name)));
  }
  TJ_TRY_ASSIGN(display, r.string("display_name", a.display_name));
  if (!display || a.display_name.empty()) a.display_name = a.name;

  std::string role_text;
  TJ_TRY_ASSIGN(role, r.string("role", role_text));
  if (!role) {
    return std::unexpected(r.error_here(fmt::format(
        "account '{}' needs a role (body_staff, street_staff, manager or operator)", a.name)));
  }
  bool known_role = false;
  for (std::size_t i = 0; i < k_role_names.size(); ++i) {
    if (role_text == k_role_names[i]) {
      a.role = static_cast<StaffRole>(i);
      known_role = true;
    }
  }
  if (!known_role) {
    return std::unexpected(
        r.error_at(*role, "role",
                   fmt::format("'{}' is not a role: body_staff, street_staff, manager or operator",
                               role_text)));
  }

  TJ_TRY_ASSIGN(body, r.string("body", a.body));
  TJ_TRY_ASSIGN(street, r.string("street", a.street));
  // A scope given to a role that does not use it would be silently ignored, and its author would
  // believe the account narrower than it is.
  if (a.role == StaffRole::body_staff) {
    if (!body || a.body.empty())
      return std::unexpected(r.error_here(
          fmt::format("account '{}' is body_staff and needs body = \"BODY_ID\"", a.name)));
  } else if (body) {
    return std::unexpected(
        r.error_at(*body, "body",
                   fmt::format("only a body_staff account has a body ('{}' is {})", a.name,
                               to_string(a.role))));
  }
  if (a.role == StaffRole::street_staff) {
    if (!street || a.street.empty())
      return std::unexpected(r.error_here(
          fmt::format("account '{}' is street_staff and needs street = \"STREET_ID\"", a.name)));
  } else if (street) {
    return std::unexpected(
        r.error_at(*street, "street",
                   fmt::format("only a street_staff account has a street ('{}' is {})", a.name,
                               to_string(a.role))));
  }

  TJ_TRY_ASSIGN(hash, r.string("password_hash", a.password_hash));
  if (!hash) {
    return std::unexpected(r.error_here(fmt::format(
        "account '{}' needs password_hash (an Argon2 hash from `tiaojie account hash`)", a.name)));
  }
  if (!is_argon2_string(a.password_hash)) {
    // Never echo the value: it may be a clear password.
    return std::unexpected(
        r.error_at(*hash, "password_hash",
                   "password_hash must be an Argon2 hash from `tiaojie account hash`"));
  }
  if (auto known = r.no_unknown_keys(); !known) return std::unexpected(known.error());
  return a;
}

}  // namespace

std::string_view to_string(StaffRole role) { return k_role_names[static_cast<std::size_t>(role)]; }

Accounts::Accounts(std::vector<Account> accounts) : accounts_(std::move(accounts)) {
  for (std::size_t i = 0; i < accounts_.size(); ++i) by_name_.emplace(accounts_[i].name, i);
}

const Account* Accounts::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &accounts_[it->second];
}

const Account* Accounts::verify(std::string_view name, std::string_view password) const {
  if (!sodium_ready()) return nullptr;
  const Account* a = find(name);
  const char* hash = a ? a->password_hash.c_str() : k_dummy_hash;
  const bool match = crypto_pwhash_str_verify(hash, password.data(), password.size()) == 0;
  return a && match ? a : nullptr;
}

Result<Accounts> parse_accounts(std::string_view toml_text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string(source_name));
  } catch (const toml::parse_error& e) {
    return std::unexpected(
        invalid_input(std::string(e.description()), where_of(e.source(), source_name)));
  }
  std::vector<Account> accounts;
  std::map<std::string, std::string, std::less<>> first_seen;  // name -> where
  for (auto&& [key, node] : root) {
    if (key.str() != "account") {
      return std::unexpected(invalid_input(
          fmt::format("unknown key '{}' (the file holds [[account]] tables only)", key.str()),
          where_of(key.source(), source_name)));
    }
    const toml::array* list = node.as_array();
    if (!list || !list->is_array_of_tables()) {
      return std::unexpected(invalid_input("account: must be [[account]] tables",
                                           where_of(node.source(), source_name)));
    }
    for (const toml::node& item : *list) {
      auto account = read_account(*item.as_table(), source_name);
      if (!account) return std::unexpected(account.error());
      const std::string where = where_of(item.source(), source_name);
      if (auto [it, fresh] = first_seen.emplace(account->name, where); !fresh) {
        return std::unexpected(
            conflict(fmt::format("account.name: '{}' is already the name of the account at {}",
                                 account->name, it->second),
                     where));
      }
      accounts.push_back(std::move(*account));
    }
  }
  return Accounts(std::move(accounts));
}

Result<Accounts> load_accounts(const std::filesystem::path& file) {
  if (auto mode = check_secret_file_mode(file, "accounts file", "password hashes"); !mode)
    return std::unexpected(mode.error());
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(io_error("cannot read the accounts file", file.string()));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return std::unexpected(io_error("cannot read the accounts file", file.string()));
  return parse_accounts(buf.str(), file.string());
}

Result<std::string> hash_password(std::string_view password, HashCost cost) {
  if (!sodium_ready()) return std::unexpected(internal_error("libsodium did not initialise"));
  const bool interactive = cost == HashCost::interactive;
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(
          out.data(), password.data(), password.size(),
          interactive ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN,
          interactive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN) != 0) {
    return std::unexpected(
        resource_exhausted("not enough memory to hash the password (Argon2id needs 64 MiB)"));
  }
  return std::string(out.data());
}

}  // namespace tiaojie::daemon::http

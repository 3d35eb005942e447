// The workbench's accounts file: what it accepts, each refusal at file:line:column with its field,
// the mode check, and password verification (docs/workbench.md, "Accounts and logins").
#include "daemon/http/accounts.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "daemon/serve_process.hpp"

namespace tiaojie::test {
namespace {

using daemon::http::Account;
using daemon::http::HashCost;
using daemon::http::StaffRole;

// Hashes at the minimum cost, made once: the tests stay fast and never hold a fixed secret.
const std::string& zhang_hash() {
  static const std::string h = *daemon::http::hash_password("zhang-secret", HashCost::test_minimum);
  return h;
}
const std::string& wang_hash() {
  static const std::string h = *daemon::http::hash_password("wang-secret", HashCost::test_minimum);
  return h;
}

std::string good_file() {
  return "[[account]]\n"
         "name = \"zhangmin\"\n"
         "display_name = \"张敏\"\n"
         "role = \"body_staff\"\n"
         "body = \"haizhu.nanhua.committee\"\n"
         "password_hash = \"" +
         zhang_hash() +
         "\"\n"
         "\n"
         "[[account]]\n"
         "name = \"wang.li\"\n"
         "role = \"street_staff\"\n"
         "street = \"haizhu.nanhua\"\n"
         "password_hash = \"" +
         wang_hash() +
         "\"\n"
         "\n"
         "[[account]]\n"
         "name = \"chen\"\n"
         "role = \"manager\"\n"
         "password_hash = \"" +
         wang_hash() +
         "\"\n"
         "\n"
         "[[account]]\n"
         "name = \"ops-1\"\n"
         "role = \"operator\"\n"
         "password_hash = \"" +
         wang_hash() + "\"\n";
}

// One account's lines, after a first line, so that refusals land on known lines.
std::string one_account(const std::string& body) { return "# accounts\n[[account]]\n" + body; }

}  // namespace

TEST_CASE("an accounts file gives each account its role, scope and display name") {
  auto accounts = daemon::http::parse_accounts(good_file(), "accounts.toml");
  REQUIRE_MESSAGE(accounts.has_value(), accounts.error().to_string());
  CHECK(accounts->size() == 4);
  const Account* zhang = accounts->find("zhangmin");
  REQUIRE(zhang != nullptr);
  CHECK(zhang->display_name == "张敏");
  CHECK(zhang->role == StaffRole::body_staff);
  CHECK(zhang->body == "haizhu.nanhua.committee");
  CHECK(zhang->street.empty());
  const Account* wang = accounts->find("wang.li");
  REQUIRE(wang != nullptr);
  CHECK(wang->display_name == "wang.li");  // defaults to the name
  CHECK(wang->role == StaffRole::street_staff);
  CHECK(wang->street == "haizhu.nanhua");
  CHECK(accounts->find("chen")->role == StaffRole::manager);
  CHECK(accounts->find("ops-1")->role == StaffRole::operator_);
  CHECK(accounts->find("nobody") == nullptr);
  CHECK(accounts->all().front().name == "zhangmin");  // the file's order
  CHECK(to_string(StaffRole::body_staff) == "body_staff");
  CHECK(to_string(StaffRole::street_staff) == "street_staff");
  CHECK(to_string(StaffRole::manager) == "manager");
  CHECK(to_string(StaffRole::operator_) == "operator");
  auto empty = daemon::http::parse_accounts("", "accounts.toml");
  REQUIRE(empty.has_value());
  CHECK(empty->size() == 0);
}

TEST_CASE("a bad account is refused at file:line:column, naming the field") {
  const std::string hash = "password_hash = \"" + zhang_hash() + "\"\n";
  struct Bad {
    std::string text;
    std::string where;
    std::string says;
  };
  const Bad cases[] = {
      {one_account("name = \"Zhang Min\"\nrole = \"manager\"\n" + hash), "a.toml:3:8",
       "account.name: 'Zhang Min' is not a login name"},
      {one_account("name = \"" + std::string(65, 'a') + "\"\nrole = \"manager\"\n" + hash),
       "a.toml:3:8", "account.name"},
      {one_account("role = \"manager\"\n" + hash), "a.toml:2:1", "needs name"},
      {one_account("name = 7\nrole = \"manager\"\n" + hash), "a.toml:3:8",
       "account.name: must be a string"},
      {one_account("name = \"zm\"\nrole = \"admin\"\n" + hash), "a.toml:4:8",
       "account.role: 'admin' is not a role"},
      {one_account("name = \"zm\"\n" + hash), "a.toml:2:1", "needs a role"},
      {one_account("name = \"zm\"\nrole = \"body_staff\"\n" + hash), "a.toml:2:1",
       "body_staff and needs body"},
      {one_account("name = \"zm\"\nrole = \"street_staff\"\n" + hash), "a.toml:2:1",
       "street_staff and needs street"},
      {one_account("name = \"zm\"\nrole = \"manager\"\nbody = \"b1\"\n" + hash), "a.toml:5:8",
       "account.body: only a body_staff account has a body"},
      {one_account("name = \"zm\"\nrole = \"body_staff\"\nbody = \"b1\"\nstreet = \"s1\"\n" + hash),
       "a.toml:6:10", "account.street: only a street_staff account has a street"},
      {one_account("name = \"zm\"\nrole = \"manager\"\n"), "a.toml:2:1", "needs password_hash"},
      {one_account("name = \"zm\"\nrole = \"manager\"\npasword_hash = \"x\"\n" + hash),
       "a.toml:5:1", "unknown key 'account.pasword_hash'"},
      {"[server]\nport = 1\n", "a.toml:1:2", "unknown key 'server'"},
      {"account = 3\n", "a.toml:1:11", "must be [[account]] tables"},
      {"[[account]\n", "a.toml:1", ""},  // TOML syntax, at toml++'s position
  };
  for (const Bad& b : cases) {
    CAPTURE(b.text);
    auto r = daemon::http::parse_accounts(b.text, "a.toml");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::invalid_input);
    CHECK(r.error().where.starts_with(b.where));
    CHECK(r.error().message.find(b.says) != std::string::npos);
  }
}

TEST_CASE("a clear-text password, or a hash of another scheme, is refused without being echoed") {
  for (const std::string value :
       {"hunter2-hunter2", "$2y$10$abcdefghijklmnopqrstuu5r0Z8bC4Qm0e0fM0m1uXx9dLxw6Q0a",
        "$argon2d$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", "$argon2id$v=19$m=8,t=1,p=1$$",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g$extra"}) {
    CAPTURE(value);
    auto r = daemon::http::parse_accounts(
        one_account("name = \"zm\"\nrole = \"manager\"\npassword_hash = \"" + value + "\"\n"),
        "a.toml");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().where == "a.toml:5:17");
    CHECK(r.error().message ==
          "account.password_hash: password_hash must be an Argon2 hash from `tiaojie account "
          "hash`");
    CHECK(r.error().to_string().find(value) == std::string::npos);
  }
  // An Argon2i string, as older libsodium versions wrote, is accepted.
  auto argon2i = daemon::http::parse_accounts(
      one_account("name = \"zm\"\nrole = \"manager\"\npassword_hash = "
                  "\"$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA\"\n"),
      "a.toml");
  CHECK_MESSAGE(argon2i.has_value(), argon2i.error().to_string());
}

TEST_CASE("a name used by two accounts is refused at the second, naming the first") {
  const std::string hash = "password_hash = \"" + zhang_hash() + "\"\n";
  const std::string text = "[[account]]\nname = \"zm\"\nrole = \"manager\"\n" + hash +
                           "[[account]]\nname = \"zm\"\nrole = \"operator\"\n" + hash;
  auto r = daemon::http::parse_accounts(text, "a.toml");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::conflict);
  CHECK(r.error().where == "a.toml:5:1");
  CHECK(r.error().message.find("'zm' is already the name of the account at a.toml:1:1") !=
        std::string::npos);
}

TEST_CASE("an accounts file its group or other users may read is refused, naming its mode") {
  namespace fs = std::filesystem;
  const auto dir = fresh_test_dir("daemon", "accounts-mode");
  const auto file = dir / "accounts.toml";
  std::ofstream(file) << good_file();
  for (auto mode : {fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read,
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read}) {
    fs::permissions(file, mode);
    auto r = daemon::http::load_accounts(file);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::permission_denied);
    CHECK(r.error().message.find("the accounts file has mode 06") != std::string::npos);
    CHECK(r.error().message.find("chmod 600") != std::string::npos);
  }
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  auto r = daemon::http::load_accounts(file);
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  CHECK(r->size() == 4);
  // Errors in a loaded file carry its path.
  std::ofstream(file) << "[[account]]\nname = \"zm\"\nrole = \"boss\"\n";
  auto bad = daemon::http::load_accounts(file);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().where == file.string() + ":3:8");
  auto missing = daemon::http::load_accounts(dir / "none.toml");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::io_error);
  fs::remove_all(dir);
}

TEST_CASE("verify accepts the right password only, and an unknown name never") {
  auto accounts = daemon::http::parse_accounts(good_file(), "accounts.toml");
  REQUIRE_MESSAGE(accounts.has_value(), accounts.error().to_string());
  const Account* zhang = accounts->verify("zhangmin", "zhang-secret");
  REQUIRE(zhang != nullptr);
  CHECK(zhang == accounts->find("zhangmin"));
  CHECK(accounts->verify("zhangmin", "wang-secret") == nullptr);
  CHECK(accounts->verify("zhangmin", "") == nullptr);
  CHECK(accounts->verify("zhangmin", "zhang-secret ") == nullptr);
  CHECK(accounts->verify("chen", "wang-secret") == accounts->find("chen"));
  // Unknown: verified against the dummy hash, which no password here matches.
  CHECK(accounts->verify("nobody", "zhang-secret") == nullptr);
}

TEST_CASE("hash_password writes a salted Argon2id string that verifies") {
  auto a = daemon::http::hash_password("a long passphrase", HashCost::test_minimum);
  auto b = daemon::http::hash_password("a long passphrase", HashCost::test_minimum);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(a->starts_with("$argon2id$v=19$"));
  CHECK(*a != *b);  // a fresh salt each time
  auto accounts = daemon::http::parse_accounts(
      "[[account]]\nname = \"x\"\nrole = \"manager\"\npassword_hash = \"" + *a + "\"\n", "a.toml");
  REQUIRE_MESSAGE(accounts.has_value(), accounts.error().to_string());
  CHECK(accounts->verify("x", "a long passphrase") != nullptr);
}

}  // namespace tiaojie::test

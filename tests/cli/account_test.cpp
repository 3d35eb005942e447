// `tiaojie account hash|check`: a password read from standard input becomes a hash the accounts
// file accepts and that verifies; `check` prints each account or the file's error.
#include <doctest/doctest.h>

#include <fstream>

#include "cli_run.hpp"
#include "daemon/http/accounts.hpp"

using namespace tiaojie::test;
namespace fs = std::filesystem;

namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

void write_private(const fs::path& file, const std::string& text) {
  std::ofstream(file) << text;
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
}

}  // namespace

TEST_CASE(
    "`account hash` prints an Argon2id hash of the password on standard input, which verifies") {
  auto dir = cli_fresh_dir("account-hash");
  std::ofstream(dir / "pw") << "调解员的密码 2026\n";
  auto r = run_cli("account hash < pw", dir);
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  const std::string hash = first_line(r.out);
  CHECK(hash.starts_with("$argon2id$v=19$m=65536,t=2,p=1$"));  // the interactive cost
  CHECK_FALSE(contains(r.out + r.err, "调解员的密码"));
  auto accounts = tiaojie::daemon::http::parse_accounts(
      "[[account]]\nname = \"zm\"\nrole = \"manager\"\npassword_hash = \"" + hash + "\"\n",
      "a.toml");
  REQUIRE_MESSAGE(accounts.has_value(), accounts.error().to_string());
  CHECK(accounts->verify("zm", "调解员的密码 2026") != nullptr);
  CHECK(accounts->verify("zm", "调解员的密码") == nullptr);
  fs::remove_all(dir);
}

TEST_CASE("`account hash` refuses an empty password and one under 8 characters") {
  auto dir = cli_fresh_dir("account-hash-short");
  std::ofstream(dir / "short") << "abc1234\n";
  std::ofstream(dir / "empty") << "\n";
  auto short_pw = run_cli("account hash < short", dir);
  CHECK(short_pw.status == 1);
  CHECK(contains(short_pw.err, "at least 8 characters"));
  CHECK(short_pw.out.empty());
  auto empty = run_cli("account hash < empty", dir);
  CHECK(empty.status == 1);
  CHECK(contains(empty.err, "no password"));
  auto none = run_cli("account hash < /dev/null", dir);
  CHECK(none.status == 1);
  fs::remove_all(dir);
}

TEST_CASE("`account check` prints each account's name, role and scope, or the file's error") {
  auto dir = cli_fresh_dir("account-check");
  const std::string hash = *tiaojie::daemon::http::hash_password(
      "zhang-secret", tiaojie::daemon::http::HashCost::test_minimum);
  const std::string good =
      "[[account]]\nname = \"zhangmin\"\ndisplay_name = \"张敏\"\n"
      "role = \"body_staff\"\nbody = \"nanhua.committee\"\npassword_hash = \"" +
      hash +
      "\"\n[[account]]\nname = \"wang\"\nrole = \"street_staff\"\n"
      "street = \"nanhua\"\npassword_hash = \"" +
      hash + "\"\n[[account]]\nname = \"ops\"\nrole = \"operator\"\n" + "password_hash = \"" +
      hash + "\"\n";
  write_private(dir / "accounts.toml", good);
  auto r = run_cli("account check accounts.toml", dir);
  CAPTURE(r.err);
  CHECK(r.status == 0);
  CHECK(contains(r.out, "zhangmin\tbody_staff\tbody nanhua.committee\t张敏\n"));
  CHECK(contains(r.out, "wang\tstreet_staff\tstreet nanhua\twang\n"));
  CHECK(contains(r.out, "ops\toperator\tevery body, reports, reload, replay\tops\n"));
  CHECK(contains(r.out, "accounts.toml: 3 accounts"));
  CHECK_FALSE(contains(r.out, hash));

  // Without FILE: the configuration's [http] accounts, relative to its folder.
  std::ofstream(dir / "tiaojie.toml") << "[http]\naccounts = \"accounts.toml\"\n";
  auto from_config = run_cli("account check", dir);
  CAPTURE(from_config.err);
  CHECK(from_config.status == 0);
  CAPTURE(from_config.out);
  CHECK(contains(from_config.out, "zhangmin\tbody_staff"));
  CHECK(contains(from_config.out, "accounts.toml: 3 accounts"));
  std::ofstream(dir / "tiaojie.toml") << "[http]\n";
  auto no_accounts = run_cli("account check", dir);
  CHECK(no_accounts.status == 2);
  CHECK(contains(no_accounts.err, "has no [http] accounts"));

  write_private(dir / "bad.toml",
                "[[account]]\nname = \"zm\"\nrole = \"manager\"\n"
                "password_hash = \"hunter2-hunter2\"\n");
  auto bad = run_cli("account check bad.toml", dir);
  CHECK(bad.status == 1);
  CHECK(contains(bad.err, "bad.toml:4:17"));
  CHECK(contains(bad.err, "password_hash must be an Argon2 hash from `tiaojie account hash`"));
  CHECK_FALSE(contains(bad.err, "hunter2"));

  fs::permissions(dir / "accounts.toml", fs::perms::owner_read | fs::perms::owner_write |
                                             fs::perms::group_read | fs::perms::others_read);
  auto readable = run_cli("account check accounts.toml", dir);
  CHECK(readable.status == 1);
  CHECK(contains(readable.err, "mode 0644"));
  CHECK(contains(readable.err, "chmod 600"));
  fs::remove_all(dir);
}

// `tiaojie account hash|check`: the workbench's accounts file from the command line
// (docs/workbench.md, "Accounts and logins").
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/data_paths.hpp"
#include "daemon/config.hpp"
#include "daemon/http/accounts.hpp"

namespace tiaojie::cli {
namespace {

// Passwords shorter than this are refused: the rate limiter slows guessing, it does not make a
// four-letter password safe.
constexpr std::size_t k_min_password_chars = 8;

// One line of standard input, without its line end. From a terminal the typing is not echoed, so
// that the password stays off the screen (and out of a screen recording or a shoulder's view).
std::string read_password_line() {
  const bool terminal = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  bool echo_off = false;
  if (terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    echo_off = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    fmt::print(stderr, "Password: ");
    std::fflush(stderr);
  }
  std::string line;
  std::getline(std::cin, line);
  if (echo_off) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fmt::print(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Characters, not bytes: 密码 is two characters of a password, not six.
std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void run_hash() {
  const std::string password = read_password_line();
  if (password.empty()) {
    fmt::print(stderr, "tiaojie: no password on standard input\n");
    throw CliExit{1};
  }
  if (utf8_chars(password) < k_min_password_chars) {
    fmt::print(stderr, "tiaojie: a password needs at least {} characters\n", k_min_password_chars);
    throw CliExit{1};
  }
  auto hash = daemon::http::hash_password(password);
  if (!hash) {
    fmt::print(stderr, "tiaojie: {}\n", hash.error().to_string());
    throw CliExit{1};
  }
  fmt::print("{}\n", *hash);
}

std::string scope_of(const daemon::http::Account& a) {
  switch (a.role) {
    case daemon::http::StaffRole::body_staff:
      return "body " + a.body;
    case daemon::http::StaffRole::street_staff:
      return "street " + a.street;
    case daemon::http::StaffRole::manager:
      return "every body, reports";
    case daemon::http::StaffRole::operator_:
      return "every body, reports, reload, replay";
  }
  return {};
}

void run_check(const std::string& file_option, ConfigDefaults& defaults) {
  std::string file = file_option;
  if (file.empty()) {
    const auto& config = defaults.config();
    if (config.http.accounts.empty()) {
      fmt::print(stderr,
                 "tiaojie: {} has no [http] accounts; name the accounts file: tiaojie account "
                 "check FILE\n",
                 config.source.string());
      throw CliExit{2};
    }
    file = config.http.accounts.string();
  }
  auto accounts = daemon::http::load_accounts(file);
  if (!accounts) {
    fmt::print(stderr, "tiaojie: {}\n", accounts.error().to_string());
    throw CliExit{1};
  }
  for (const auto& a : accounts->all()) {
    fmt::print("{}\t{}\t{}\t{}\n", a.name, to_string(a.role), scope_of(a), a.display_name);
  }
  fmt::print("{}: {} account{}\n", file, accounts->size(), accounts->size() == 1 ? "" : "s");
}

}  // namespace

void add_account_commands(CLI::App& app) {
  auto* account = app.add_subcommand("account", "the workbench's staff accounts");
  account->require_subcommand(1);

  auto* hash = account->add_subcommand(
      "hash",
      "read a password (one line) from standard input, not echoed on a terminal, and print its "
      "Argon2id hash for an [[account]]'s password_hash");
  hash->callback([] { run_hash(); });

  auto* check = account->add_subcommand(
      "check", "load an accounts file and print each account's name, role and scope");
  auto file = std::make_shared<std::string>();
  check->add_option("FILE", *file,
                    "the accounts file (default: [http] accounts of the configuration)");
  auto defaults = ConfigDefaults::add_option(check);
  check->callback([file, defaults] { run_check(*file, *defaults); });
}

}  // namespace tiaojie::cli

#include "cli/demo_accounts.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>

#include "daemon/http/accounts.hpp"

namespace tiaojie::cli {
namespace {

struct DemoAccount {
  const char* name;
  const char* display_name;
  const char* role;
  const char* reach_key;  // "body", "street" or ""
  const char* reach;
  const char* what;  // as the demo prints it
};

// The mediator's body and the officer's street are where the demo's generated disputes often go.
constexpr std::array<DemoAccount, 3> k_accounts{{
    {"zhangmin", "张敏", "body_staff", "body", "hz.community.fengyang.c01",
     "凤阳街第1社区人民调解委员会的调解员"},
    {"wangfang", "王芳", "street_staff", "street", "凤阳街道", "凤阳街道的工作人员"},
    {"chenjie", "陈杰", "manager", "", "", "区管理人员（可看报表）"},
}};

std::string password_of(const DemoAccount& a) { return fmt::format("demo-{}", a.name); }

}  // namespace

Result<void> write_demo_accounts(const std::filesystem::path& file) {
  std::string text =
      "# The demo's workbench accounts (tiaojie demo): passwords demo-<name>. Never serve with "
      "these.\n";
  for (const auto& a : k_accounts) {
    auto hash = daemon::http::hash_password(password_of(a));
    if (!hash) return std::unexpected(hash.error());
    text += fmt::format("\n[[account]]\nname = \"{}\"\ndisplay_name = \"{}\"\nrole = \"{}\"\n",
                        a.name, a.display_name, a.role);
    if (*a.reach_key) text += fmt::format("{} = \"{}\"\n", a.reach_key, a.reach);
    text += fmt::format("password_hash = \"{}\"\n", *hash);
  }
  {
    std::ofstream out(file, std::ios::trunc);
    if (!out) return std::unexpected(io_error("cannot write " + file.string()));
  }
  std::error_code ec;
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  if (ec)
    return std::unexpected(io_error("cannot restrict " + file.string() + ": " + ec.message()));
  std::ofstream out(file, std::ios::trunc);
  out << text;
  if (!out) return std::unexpected(io_error("cannot write " + file.string()));
  return {};
}

std::string demo_logins(unsigned short http_port) {
  std::string out = fmt::format(
      "tiaojie demo: the workbench is at http://127.0.0.1:{}/, sign in as\n", http_port);
  for (const auto& a : k_accounts)
    out += fmt::format("  {:<9} password {:<14} {}\n", a.name, password_of(a), a.what);
  return out;
}

}  // namespace tiaojie::cli

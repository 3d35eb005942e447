// Who is on the other end of a connection, and what they may do.
//
// A connection starts unauthenticated (it may only send `hello`). A channel token makes it that
// channel: it may submit disputes of its own channel and read its own channel's cases. An operator
// token allows everything else. Tokens come from the configuration, are compared in constant time
// (the time taken does not depend on how much of a token matched, nor on which entry matched), and
// are never logged or echoed.
// Thread-safety: Authenticator is immutable after construction; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/protocol.hpp"

namespace tiaojie::daemon {

// staff and manager are the workbench's people (issue 18), signed in with an account rather than
// a token: staff act on the cases within their reach (Scope::body or Scope::street), managers
// read everywhere and change nothing.
enum class Role { none, channel, operator_, staff, manager };

[[nodiscard]] std::string_view to_string(Role role);

// The authenticated identity of a connection.
struct Principal {
  Role role = Role::none;
  std::string name;  // channel id or operator name; empty for none
};

// Which operations a role may send at all (finer checks, such as "own channel only", are made by
// the operation itself). hello is allowed to everyone, including to re-authenticate.
[[nodiscard]] bool role_allows(Role role, Op op);

// True when a and b are equal, in time that depends only on their lengths' maximum.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b);

class Authenticator {
 public:
  explicit Authenticator(const DaemonConfig& config);

  // The principal a token belongs to, or nullopt. Compares against every entry, always.
  [[nodiscard]] std::optional<Principal> authenticate(std::string_view token) const;

  // The configured channel ids (the schema of valid disputes).
  [[nodiscard]] std::vector<std::string> channel_ids() const;

 private:
  struct Entry {
    std::string token;
    Principal principal;
  };
  std::vector<Entry> entries_;
};

}  // namespace tiaojie::daemon

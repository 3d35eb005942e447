// Who may do what: every authorisation rule of the daemon's commands, in one place, as pure
// functions of a scope and a command (issue 18). A transport calls them at three moments, so that
// nothing is read or done for a principal who may not: authorise_op before a request's fields are
// read (a channel's `accept` is refused whatever it holds), authorise on the parsed command (a
// channel's dispute must be of its own channel), and the engine calls authorise_case on the case a
// command reads (a channel sees only its own channel's cases).
//
// The table of roles (auth.hpp role_allows): unauthenticated connections may only say hello;
// channels may submit, get and stats; operators everything. The HTTP front end's accounts will
// add body and street scopes here.
// Thread-safety: pure functions over values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/auth.hpp"
#include "daemon/commands.hpp"
#include "daemon/config.hpp"

namespace tiaojie::daemon {

// What a principal may touch, beyond which operations its role allows.
struct Scope {
  Role role = Role::none;
  std::string name;  // the channel's id, the operator's name; "" when unauthenticated
  // A channel: the native formats it may submit (its [[channel]] entries' `formats`). Operators
  // may submit any loaded format.
  std::vector<std::string> formats;
};

// The scope of an authenticated principal under `config`.
[[nodiscard]] Scope scope_of(const Principal& who, const DaemonConfig& config);

// Whether `role` may send operation `op` at all.
// Errors: permission_denied, "say hello with a token before 'op'" for an unauthenticated
// connection, "a <role> token may not use 'op'" otherwise.
[[nodiscard]] Result<void> authorise_op(Role role, Op op);

// Whether `scope` may run `command`: authorise_op, then for a channel a native format it was not
// given (permission_denied, where "format") and a dispute of another channel (permission_denied,
// where "dispute.channel", or "format" for a mapped native record).
[[nodiscard]] Result<void> authorise(const Scope& scope, const Command& command);

// Whether `scope` may see a case of channel `case_channel` (get).
// Errors: permission_denied "this case belongs to another channel".
[[nodiscard]] Result<void> authorise_case(const Scope& scope, std::string_view case_channel);

}  // namespace tiaojie::daemon

// Who may do what: every authorisation rule of the daemon's commands, in one place, as pure
// functions of a scope and a command (issue 18). A transport calls them at three moments, so that
// nothing is read or done for a principal who may not: authorise_op before a request's fields are
// read (a channel's `accept` is refused whatever it holds), authorise on the parsed command (a
// channel's dispute must be of its own channel), and the engine calls authorise_case on the case a
// command reads (a channel sees only its own channel's cases).
//
// The table of roles (auth.hpp role_allows): unauthenticated connections may only say hello;
// channels may submit, get and stats; operators everything; the workbench's staff get, backlog,
// stats and the case changes within their reach (a body, or a street's bodies), its managers
// get, backlog and stats everywhere.
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
  // A workbench account's reach (Role::staff): the cases whose lead body is `body`, or, for a
  // street's staff, whose lead body's jurisdiction lies in `street` (the street region's name as
  // the body graph has it, "江南中街道"). Both empty: no limit beyond the role.
  std::string body;
  std::string street;
};

// Where a case is, as the reach checks see it: its channel, its lead body now, and that body's
// street in the current graph ("" when the body is not in it, or lies above a street).
struct CaseWhere {
  std::string_view channel;
  std::string_view body;
  std::string_view street;
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

// Whether `scope` may see (and, with its role's operations, act on) the case `where` is.
// Errors: permission_denied "this case belongs to another channel" (a channel), "this case is
// not assigned to <body>" (a body's staff), "this case is not in <street>" (a street's staff).
[[nodiscard]] Result<void> authorise_case(const Scope& scope, const CaseWhere& where);

}  // namespace tiaojie::daemon

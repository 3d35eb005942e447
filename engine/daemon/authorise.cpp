#include "daemon/authorise.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tiaojie::daemon {

Scope scope_of(const Principal& who, const DaemonConfig& config) {
  Scope scope{who.role, who.name, {}, {}, {}};
  if (who.role == Role::channel) {
    // The last entry of the channel decides (an entry without a token declares the formats of the
    // token file's channel of the same id).
    for (const auto& ch : config.channels) {
      if (ch.channel == who.name) scope.formats = ch.formats;
    }
  }
  return scope;
}

Result<void> authorise_op(Role role, Op op) {
  if (role_allows(role, op)) return ok;
  return std::unexpected(permission_denied(
      role == Role::none
          ? fmt::format("say hello with a token before '{}'", to_string(op))
          : fmt::format("a {} {} may not use '{}'", to_string(role),
                        role == Role::staff || role == Role::manager ? "account" : "token",
                        to_string(op))));
}

Result<void> authorise(const Scope& scope, const Command& command) {
  if (auto allowed = authorise_op(scope.role, op_of(command)); !allowed) return allowed;
  if (scope.role != Role::channel) return ok;
  if (const auto* record = std::get_if<command::SubmitRecord>(&command)) {
    // The channel's token decides which formats it may use.
    if (std::find(scope.formats.begin(), scope.formats.end(), record->format) ==
        scope.formats.end()) {
      return std::unexpected(permission_denied(
          fmt::format("channel '{}' may not submit format '{}'", scope.name, record->format),
          "format"));
    }
  }
  if (const auto* submit = std::get_if<command::Submit>(&command)) {
    if (!submit->format.empty() && std::find(scope.formats.begin(), scope.formats.end(),
                                             submit->format) == scope.formats.end()) {
      return std::unexpected(permission_denied(
          fmt::format("channel '{}' may not submit format '{}'", scope.name, submit->format),
          "format"));
    }
    if (submit->dispute.channel != scope.name) {
      return std::unexpected(permission_denied(
          fmt::format("this connection may submit only disputes of channel '{}'", scope.name),
          submit->format.empty() ? "dispute.channel" : "format"));
    }
  }
  return ok;
}

Result<void> authorise_case(const Scope& scope, const CaseWhere& where) {
  if (scope.role == Role::channel && where.channel != scope.name)
    return std::unexpected(permission_denied("this case belongs to another channel"));
  if (scope.role != Role::staff) return ok;
  if (!scope.body.empty() && where.body != scope.body)
    return std::unexpected(
        permission_denied(fmt::format("this case is not assigned to {}", scope.body)));
  if (!scope.street.empty() && where.street != scope.street)
    return std::unexpected(permission_denied(fmt::format("this case is not in {}", scope.street)));
  return ok;
}

}  // namespace tiaojie::daemon

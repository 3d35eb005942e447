#include "daemon/auth.hpp"

namespace tiaojie::daemon {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::none:
      return "none";
    case Role::channel:
      return "channel";
    case Role::operator_:
      return "operator";
    case Role::staff:
      return "staff";
    case Role::manager:
      return "manager";
  }
  return "none";
}

namespace {

// The operations that change one case (command::CaseChange's alternatives).
bool is_case_change(Op op) {
  switch (op) {
    case Op::accept:
    case Op::start_mediation:
    case Op::suspend:
    case Op::resume:
    case Op::extend:
    case Op::transfer:
    case Op::resolve:
    case Op::withdraw:
    case Op::close:
    case Op::feedback:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool role_allows(Role role, Op op) {
  switch (role) {
    case Role::none:
      return op == Op::hello;
    case Role::channel:
      return op == Op::hello || op == Op::submit || op == Op::get || op == Op::stats;
    case Role::operator_:
      return true;
    case Role::staff:
      // A case's next steps (the reach is checked on the case) and the views; not submit, not
      // the engine's operation (reload, subscribe).
      return op == Op::hello || op == Op::get || op == Op::backlog || op == Op::stats ||
             is_case_change(op);
    case Role::manager:
      return op == Op::hello || op == Op::get || op == Op::backlog || op == Op::stats;
  }
  return false;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Read both up to the longer length (past the end reads as 0) so that neither the position of
  // the first difference nor a length mismatch ends the loop early.
  std::size_t n = a.size() > b.size() ? a.size() : b.size();
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = diff | static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

Authenticator::Authenticator(const DaemonConfig& config) {
  for (const auto& c : config.channels) entries_.push_back({c.token, {Role::channel, c.channel}});
  for (const auto& o : config.operators) entries_.push_back({o.token, {Role::operator_, o.name}});
}

std::optional<Principal> Authenticator::authenticate(std::string_view token) const {
  std::optional<Principal> found;
  for (const auto& e : entries_) {
    if (constant_time_equal(e.token, token) && !found) found = e.principal;
  }
  return found;
}

std::vector<std::string> Authenticator::channel_ids() const {
  std::vector<std::string> ids;
  for (const auto& e : entries_) {
    if (e.principal.role == Role::channel) ids.push_back(e.principal.name);
  }
  return ids;
}

}  // namespace tiaojie::daemon

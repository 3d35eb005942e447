#include "store/internal/sql_lists.hpp"

#include "lifecycle/case_state.hpp"

namespace tiaojie::store::internal {

std::string sql_list(std::span<const std::string_view> names) {
  std::string out = "(";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += '\'';
    for (char c : names[i]) {
      if (c == '\'') out += '\'';
      out += c;
    }
    out += '\'';
  }
  return out + ")";
}

std::span<const std::string_view> open_status_names() {
  static const std::vector<std::string_view> open = [] {
    std::vector<std::string_view> names;
    for (auto name : lifecycle::status_names()) {
      if (lifecycle::is_open(*lifecycle::parse_status(name))) names.push_back(name);
    }
    return names;
  }();
  return open;
}

const std::string& open_status_sql() {
  static const std::string text = sql_list(open_status_names());
  return text;
}

bool bears_on_deadlines(lifecycle::EventKind kind) {
  using K = lifecycle::EventKind;
  switch (kind) {
    case K::submitted:          // reply_due, the receipt date periods count from
    case K::classified:         // the rule, its due date and period
    case K::accepted:           // a rule counting from acceptance starts
    case K::mediation_started:  // … or from the start of mediation
    case K::transferred:        // a new due date
    case K::escalated:          // a new due date and period
    case K::reopened:           // a new due date
    case K::due_soon:           // the warnings sent
    case K::overdue:
    case K::reply_due_soon:
    case K::reply_overdue:
    case K::deadline_changed:  // a recount
    case K::suspended:         // the clock stops
    case K::resumed:           // and goes on
    case K::extended:          // the extensions
      return true;
    case K::assigned:
    case K::resolved:
    case K::failed:
    case K::withdrawn:
    case K::supervision_notice:
    case K::closed:
    case K::feedback:
      return false;
  }
  return false;
}

const std::string& deadline_event_kinds_sql() {
  static const std::string text = [] {
    std::vector<std::string_view> kinds;
    for (auto name : lifecycle::event_kind_names()) {
      if (bears_on_deadlines(*lifecycle::parse_event_kind(name))) kinds.push_back(name);
    }
    return sql_list(kinds);
  }();
  return text;
}

}  // namespace tiaojie::store::internal

#include "lifecycle/event.hpp"

#include <array>
#include <cstddef>

namespace tiaojie::lifecycle {
namespace {

constexpr std::array<std::string_view, 3> k_route_names = {"arbitration", "litigation",
                                                           "administrative"};
constexpr std::array<std::string_view, 21> k_kind_names = {
    "submitted",      "classified",    "assigned",           "accepted",    "mediation_started",
    "resolved",       "failed",        "withdrawn",          "transferred", "escalated",
    "due_soon",       "overdue",       "supervision_notice", "closed",      "reopened",
    "reply_due_soon", "reply_overdue", "deadline_changed",   "suspended",   "resumed",
    "extended"};
static_assert(k_kind_names.size() == std::variant_size_v<EventData>);

}  // namespace

std::string_view to_string(NextRoute v) { return k_route_names.at(static_cast<std::size_t>(v)); }

std::optional<NextRoute> parse_next_route(std::string_view text) {
  for (std::size_t i = 0; i < k_route_names.size(); ++i) {
    if (k_route_names[i] == text) return static_cast<NextRoute>(i);
  }
  return std::nullopt;
}

std::string_view to_string(EventKind k) { return k_kind_names.at(static_cast<std::size_t>(k)); }

std::optional<EventKind> parse_event_kind(std::string_view text) {
  for (std::size_t i = 0; i < k_kind_names.size(); ++i) {
    if (k_kind_names[i] == text) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> event_kind_names() { return k_kind_names; }

}  // namespace tiaojie::lifecycle

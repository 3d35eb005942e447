#include "lifecycle/event.hpp"

#include <array>
#include <cstddef>

namespace tiaojie::lifecycle {
namespace {

constexpr std::array<std::string_view, 3> k_route_names = {"arbitration", "litigation",
                                                           "administrative"};
constexpr std::array<std::string_view, 2> k_reason_names = {"same_party", "same_subject"};
constexpr std::array<std::string_view, 3> k_rating_names = {"satisfied", "basically_satisfied",
                                                            "dissatisfied"};
constexpr std::array<std::string_view, 3> k_rating_labels = {"满意", "基本满意", "不满意"};
constexpr std::array<std::string_view, 22> k_kind_names = {
    "submitted",      "classified",    "assigned",           "accepted",    "mediation_started",
    "resolved",       "failed",        "withdrawn",          "transferred", "escalated",
    "due_soon",       "overdue",       "supervision_notice", "closed",      "reopened",
    "reply_due_soon", "reply_overdue", "deadline_changed",   "suspended",   "resumed",
    "extended",       "feedback"};
static_assert(k_kind_names.size() == std::variant_size_v<EventData>);

}  // namespace

std::string_view to_string(NextRoute v) { return k_route_names.at(static_cast<std::size_t>(v)); }

std::optional<NextRoute> parse_next_route(std::string_view text) {
  for (std::size_t i = 0; i < k_route_names.size(); ++i) {
    if (k_route_names[i] == text) return static_cast<NextRoute>(i);
  }
  return std::nullopt;
}

std::string_view to_string(RepeatReason v) {
  return k_reason_names.at(static_cast<std::size_t>(v));
}

std::optional<RepeatReason> parse_repeat_reason(std::string_view text) {
  for (std::size_t i = 0; i < k_reason_names.size(); ++i) {
    if (k_reason_names[i] == text) return static_cast<RepeatReason>(i);
  }
  return std::nullopt;
}

std::string_view to_string(Satisfaction v) {
  return k_rating_names.at(static_cast<std::size_t>(v));
}

std::string_view chinese_label(Satisfaction v) {
  return k_rating_labels.at(static_cast<std::size_t>(v));
}

std::optional<Satisfaction> parse_satisfaction(std::string_view text) {
  for (std::size_t i = 0; i < k_rating_names.size(); ++i) {
    if (k_rating_names[i] == text || k_rating_labels[i] == text)
      return static_cast<Satisfaction>(i);
  }
  if (text == "非常满意") return Satisfaction::satisfied;  // hotline exports' top grade
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

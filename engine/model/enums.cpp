#include "model/enums.hpp"

#include <array>
#include <cstddef>

namespace tiaojie {
namespace {

constexpr std::array<std::string_view, 4> k_priority_names = {"low", "normal", "high", "urgent"};
constexpr std::array<std::string_view, 3> k_level_names = {"community", "street", "district"};
constexpr std::array<std::string_view, 7> k_mode_names = {
    "people",         "administrative", "joint_police", "joint_labour", "medical_committee",
    "court_referred", "petition"};
constexpr std::array<std::string_view, 3> k_day_count_names = {"calendar", "working", "months"};
constexpr std::array<std::string_view, 3> k_deadline_start_names = {"received", "accepted",
                                                                    "mediation_started"};

constexpr std::array<std::string_view, 7> k_mode_labels_zh = {
    "人民调解", "行政调解", "司警联调", "劳资纠纷联合调处", "医疗纠纷人民调解", "诉调对接", "信访"};
constexpr std::array<std::string_view, 3> k_level_labels_zh = {"社区", "街道", "区"};

template <class Enum, std::size_t N>
std::optional<Enum> parse_from(const std::array<std::string_view, N>& names,
                               std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Priority v) { return k_priority_names.at(static_cast<std::size_t>(v)); }
std::string_view to_string(Level v) { return k_level_names.at(static_cast<std::size_t>(v)); }
std::string_view to_string(Mode v) { return k_mode_names.at(static_cast<std::size_t>(v)); }
std::string_view to_string(DayCount v) { return k_day_count_names.at(static_cast<std::size_t>(v)); }
std::string_view to_string(DeadlineStart v) {
  return k_deadline_start_names.at(static_cast<std::size_t>(v));
}

std::optional<Priority> parse_priority(std::string_view t) {
  return parse_from<Priority>(k_priority_names, t);
}
std::optional<Level> parse_level(std::string_view t) { return parse_from<Level>(k_level_names, t); }
std::optional<Mode> parse_mode(std::string_view t) { return parse_from<Mode>(k_mode_names, t); }
std::optional<DayCount> parse_day_count(std::string_view t) {
  return parse_from<DayCount>(k_day_count_names, t);
}
std::optional<DeadlineStart> parse_deadline_start(std::string_view t) {
  return parse_from<DeadlineStart>(k_deadline_start_names, t);
}

std::span<const std::string_view> priority_names() { return k_priority_names; }
std::span<const std::string_view> level_names() { return k_level_names; }
std::span<const std::string_view> mode_names() { return k_mode_names; }
std::span<const std::string_view> day_count_names() { return k_day_count_names; }
std::span<const std::string_view> deadline_start_names() { return k_deadline_start_names; }

std::string_view label_zh(Mode v) { return k_mode_labels_zh.at(static_cast<std::size_t>(v)); }
std::string_view label_zh(Level v) { return k_level_labels_zh.at(static_cast<std::size_t>(v)); }

}  // namespace tiaojie

// Closed sets of the domain, each with its stable wire/rule-file spelling. to_string and parse
// live here and nowhere else; the spellings appear in rule files, the protocol and the store,
// so changing one is a data migration.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace tiaojie {

// How soon a case needs attention. Ordered: urgent is the highest.
enum class Priority { low, normal, high, urgent };

// The three levels of the mediation system, lowest first ("小事不出村，大事不出镇").
enum class Level { community, street, district };

// Who leads the mediation and how.
enum class Mode {
  people,          // 人民调解: a people's mediation committee
  administrative,  // 行政调解: an administrative mediation committee
  joint_police,  // 司警联调: joint police–judicial mediation (police station + judicial office)
  joint_labour,       // 劳资纠纷联合调处: the labour-dispute joint centre with its partners
  medical_committee,  // 医调委: the medical-dispute people's mediation committee
  court_referred,     // 诉调对接: pre-litigation mediation referred by a court
  petition,           // 信访: handled through the petition office
};

// The unit a deadline is counted in (民法典 arts. 201–203; docs/calendar.md).
enum class DayCount {
  calendar,  // days: every day counts; a last day that is a rest day moves to the next working day
  working,   // only working days of the Chinese calendar (holidays skipped, make-up days counted)
  months,    // months (art. 202): the corresponding day of the last month, or that month's end
};

// The event a deadline counts from: the start day itself is never counted (art. 201).
enum class DeadlineStart {
  received,           // the date the body received the application (Submitted::received_at)
  accepted,           // the date the body accepted it (受理)
  mediation_started,  // the date mediation started (调解开始), e.g. traffic-police mediation
};

[[nodiscard]] std::string_view to_string(Priority value);
[[nodiscard]] std::string_view to_string(Level value);
[[nodiscard]] std::string_view to_string(Mode value);
[[nodiscard]] std::string_view to_string(DayCount value);
[[nodiscard]] std::string_view to_string(DeadlineStart value);

// parse_*: the value for an exact spelling as printed by to_string, or nullopt.
[[nodiscard]] std::optional<Priority> parse_priority(std::string_view text);
[[nodiscard]] std::optional<Level> parse_level(std::string_view text);
[[nodiscard]] std::optional<Mode> parse_mode(std::string_view text);
[[nodiscard]] std::optional<DayCount> parse_day_count(std::string_view text);
[[nodiscard]] std::optional<DeadlineStart> parse_deadline_start(std::string_view text);

// Every spelling of a set, in declaration order: for error messages ("expected one of …").
[[nodiscard]] std::span<const std::string_view> priority_names();
[[nodiscard]] std::span<const std::string_view> level_names();
[[nodiscard]] std::span<const std::string_view> mode_names();
[[nodiscard]] std::span<const std::string_view> day_count_names();
[[nodiscard]] std::span<const std::string_view> deadline_start_names();

// Chinese label of a mode or level, for reports and explanations.
[[nodiscard]] std::string_view label_zh(Mode value);
[[nodiscard]] std::string_view label_zh(Level value);

}  // namespace tiaojie

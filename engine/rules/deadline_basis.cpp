#include "rules/deadline_basis.hpp"

#include <array>

namespace tiaojie::rules {

namespace {
constexpr std::array<std::string_view, 6> k_names{"labour_art14",           "medical_art38",
                                                  "people_mediation_art33", "petition_art34",
                                                  "traffic_art95",          "local_default"};
}  // namespace

std::string_view to_string(DeadlineBasis b) { return k_names[static_cast<std::size_t>(b)]; }

std::optional<DeadlineBasis> parse_deadline_basis(std::string_view text) {
  for (std::size_t i = 0; i < k_names.size(); ++i) {
    if (k_names[i] == text) return static_cast<DeadlineBasis>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> deadline_basis_names() { return k_names; }

std::string_view article(DeadlineBasis b) {
  switch (b) {
    case DeadlineBasis::labour_art14:
      return "劳动争议调解仲裁法 art. 14";
    case DeadlineBasis::medical_art38:
      return "医疗纠纷预防和处理条例 art. 38";
    case DeadlineBasis::people_mediation_art33:
      return "人民调解工作若干规定 art. 33";
    case DeadlineBasis::petition_art34:
      return "信访工作条例 art. 34";
    case DeadlineBasis::traffic_art95:
      return "道路交通安全法实施条例 art. 95";
    case DeadlineBasis::local_default:
      return "no statute (local default)";
  }
  return "";
}

ExtensionLimit extension_limit(DeadlineBasis b) {
  switch (b) {
    case DeadlineBasis::labour_art14:
    case DeadlineBasis::people_mediation_art33:
    case DeadlineBasis::traffic_art95:
      return {0, 0};
    case DeadlineBasis::petition_art34:
      return {30, 1};  // 延长期限不得超过30日
    case DeadlineBasis::medical_art38:
    case DeadlineBasis::local_default:
      return {-1, 0};
  }
  return {};
}

}  // namespace tiaojie::rules

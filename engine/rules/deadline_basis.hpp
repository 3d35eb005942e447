// The legal basis of a deadline rule (`deadline_basis` in the rule language, docs/rules.md): which
// law the period comes from, and so which extensions `rules check` lets it configure. Checked
// texts in docs/calendar.md.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace tiaojie::rules {

enum class DeadlineBasis : unsigned char {
  labour_art14,   // 劳动争议调解仲裁法 art. 14: 15 days from receipt; no extension
  medical_art38,  // 医疗纠纷预防和处理条例 art. 38: extension by agreement (no legal cap)
  people_mediation_art33,  // 人民调解工作若干规定 art. 33: one month; no extension
  petition_art34,          // 信访工作条例 (2022) arts. 22, 34: at most 30 days, once
  traffic_art95,  // 道路交通安全法实施条例 art. 95, 程序规定 art. 90: 10 days; none
  local_default,  // no statute: the district's own practice, any extension
};

[[nodiscard]] std::string_view to_string(DeadlineBasis b);
[[nodiscard]] std::optional<DeadlineBasis> parse_deadline_basis(std::string_view text);
[[nodiscard]] std::span<const std::string_view> deadline_basis_names();
// The article, for messages: "劳动争议调解仲裁法 art. 14".
[[nodiscard]] std::string_view article(DeadlineBasis b);

// What the basis allows an extension to be. extension_days == 0: no extension at all;
// a negative value: no bound from the law (a rule may set its own cap). max_extensions == 0: any
// number.
struct ExtensionLimit {
  int extension_days = -1;
  int max_extensions = 0;
};
[[nodiscard]] ExtensionLimit extension_limit(DeadlineBasis b);

}  // namespace tiaojie::rules

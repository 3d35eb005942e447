// Synthetic Haizhu disputes for `tiaojie demo`, generated here so that the demo needs nothing
// outside the clone. The same seed always gives the same disputes. Personal data is invented.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/time.hpp"

namespace tiaojie::cli {

// The disputes are received on this day and the next (Asia/Shanghai): the demo's weekly report
// covers their ISO week.
inline constexpr CivilDate k_demo_first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};

struct DemoDispute {
  std::string channel;
  std::string json;  // one canonical dispute (design.md §3)
};

// `n` disputes received on k_demo_first_day and the day after across the 18 streets and 7 channels.
[[nodiscard]] std::vector<DemoDispute> demo_disputes(int n, std::uint64_t seed = 20261124);

}  // namespace tiaojie::cli

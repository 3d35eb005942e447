// Synthetic Haizhu disputes for `tiaojie demo`, generated here so that the demo needs nothing
// outside the clone. The same seed always gives the same disputes. Personal data is invented.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/time.hpp"

namespace tiaojie::cli {

struct DemoDispute {
  std::string channel;
  std::string json;  // one canonical dispute (design.md §3)
};

// `n` disputes received on `first_day` and the day after (Asia/Shanghai, office hours) across the
// 18 streets and 7 channels. The demo passes a day relative to the daemon's clock (the Monday of
// the last complete week), so that its report, of the week that holds them, is never empty; the
// seed alone decides everything else.
[[nodiscard]] std::vector<DemoDispute> demo_disputes(int n, CivilDate first_day,
                                                     std::uint64_t seed = 20261124);

}  // namespace tiaojie::cli

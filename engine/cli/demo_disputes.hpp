// Synthetic Haizhu disputes for `tiaojie demo`, generated here so that the demo needs nothing
// outside the clone. The same seed always gives the same disputes. Personal data is invented.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tiaojie::cli {

struct DemoDispute {
  std::string channel;
  std::string json;  // one canonical dispute (design.md §3)
};

// `n` disputes received on 2026-11-23/24 (Asia/Shanghai) across the 18 streets and 7 channels.
[[nodiscard]] std::vector<DemoDispute> demo_disputes(int n, std::uint64_t seed = 20261124);

}  // namespace tiaojie::cli

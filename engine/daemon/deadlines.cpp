#include "daemon/internal/deadlines.hpp"

namespace tiaojie::daemon::internal {

// Not wired yet: the lifecycle's working-day calendar and deadline policy have not landed, so no
// case gets a due date and no deadline timer is armed.
std::optional<CivilDate> deadline_date(const Deadline&, Timestamp) { return std::nullopt; }

std::optional<Timestamp> next_deadline_wakeup(const OpenCaseInfo&, int) { return std::nullopt; }

std::vector<lifecycle::Event> deadline_events(std::int64_t, OpenCaseInfo&, Timestamp, int, const graph::BodyGraph&) {
  return {};
}

}  // namespace tiaojie::daemon::internal

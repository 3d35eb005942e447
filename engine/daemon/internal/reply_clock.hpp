// The second clock (issue 6): the channel's reply deadline (Dispute::reply_due, e.g. a 12345 work
// order's 办理时限) runs beside the mediation deadline on the same timer set. The policy is the
// lifecycle's (lifecycle/reply_deadline.hpp); this file adapts OpenCaseInfo to it.
#pragma once

#include <optional>
#include <vector>

#include "daemon/internal/engine_impl.hpp"

namespace tiaojie::daemon::internal {

// When the case's reply clock next needs a look, or nullopt when nothing is pending on it.
[[nodiscard]] std::optional<Timestamp> next_reply_wakeup(const OpenCaseInfo& info);

// The reply_due_soon / reply_overdue events due at `now`; marks them in `info` so that a second
// look before they are committed does not repeat them.
[[nodiscard]] std::vector<lifecycle::Event> reply_events(std::int64_t case_id, OpenCaseInfo& info, Timestamp now);

// The earlier of two optional instants.
[[nodiscard]] std::optional<Timestamp> earliest(std::optional<Timestamp> a, std::optional<Timestamp> b);

}  // namespace tiaojie::daemon::internal

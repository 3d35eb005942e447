// How the `tiaojie case` commands name a case's states and events for staff: the Chinese term
// they use with the stable English id beside it ("已受理 accepted"), and one line of detail per
// event of the timeline. Times are shown in Asia/Shanghai.
#pragma once

#include <string>
#include <string_view>

#include "lifecycle/case_state.hpp"
#include "lifecycle/event.hpp"

namespace tiaojie::cli {

// "已受理" for accepted, … (lifecycle/case_state.hpp's comments).
[[nodiscard]] std::string_view status_zh(lifecycle::Status status);
// "已受理 accepted".
[[nodiscard]] std::string status_label(lifecycle::Status status);

// "受理 accepted", "超期 overdue", … for an event kind.
[[nodiscard]] std::string event_label(lifecycle::EventKind kind);

// What the event says beyond its kind, in one line: the body and rule of a decision, the target
// and reason of a transfer, the new due date, the agreement… "" when there is nothing more.
// "repeats 2 earlier cases: 12 (同一当事人 same party) 15 (同一地址同类纠纷 same subject)".
[[nodiscard]] std::string repeat_text(const std::vector<lifecycle::RepeatLink>& links);
[[nodiscard]] std::string event_detail(const lifecycle::Event& event);

// "2026-11-24 09:30" in Asia/Shanghai.
[[nodiscard]] std::string shanghai_minute(Timestamp t);

}  // namespace tiaojie::cli

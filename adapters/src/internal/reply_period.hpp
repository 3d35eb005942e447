// When a channel's reply period ("5个工作日") ends. Internal to tiaojie::adapters (mapper.cpp).
#pragma once

#include "adapters/format.hpp"
#include "lifecycle/calendar.hpp"
#include "model/time.hpp"

namespace tiaojie::adapters::internal {

// The end of a reply period counted from `received_at`, as the mediation deadlines are counted
// (lifecycle/deadline.hpp, Civil Code arts. 201 and 203): the day of receipt is not counted (and
// an order received after office hours or on a rest day counts from the next working day);
// working days skip holidays and count make-up working days (调休); calendar days that end on a
// rest day run to the next working day. The period ends at the end of its last day (23:59:59
// Asia/Shanghai). Hours are exact: received_at + n hours.
// `calendar` may be null, and may lack the years concerned: such years are counted with weekends
// as the only rest days (provisional, as a mediation deadline in a year without a file is).
[[nodiscard]] Timestamp reply_period_end(const lifecycle::WorkingCalendar* calendar,
                                         Timestamp received_at, const ReplyPeriod& period);

}  // namespace tiaojie::adapters::internal

#include "internal/reply_period.hpp"

#include "lifecycle/deadline.hpp"

namespace tiaojie::adapters::internal {

Timestamp reply_period_end(const lifecycle::WorkingCalendar* calendar, Timestamp received_at,
                           const ReplyPeriod& period) {
  if (period.unit == ReplyPeriod::Unit::hours)
    return received_at + std::chrono::hours{period.count};
  const Deadline deadline{period.count, period.unit == ReplyPeriod::Unit::working_days
                                            ? DayCount::working
                                            : DayCount::calendar};
  if (calendar) {
    if (auto due = lifecycle::due_date(*calendar, received_at, deadline)) {
      return lifecycle::overdue_at(*due) - std::chrono::seconds{1};
    }
  }
  // A year without a calendar file: weekends only. 3650 days at most, so ten years suffice.
  lifecycle::WorkingCalendar provisional = calendar ? *calendar : lifecycle::WorkingCalendar{};
  const int first = static_cast<int>(shanghai_date(received_at).year());
  for (int y = first - 1; y <= first + 11; ++y) {
    if (!provisional.has_year(y))
      (void)provisional.add_year(lifecycle::CalendarYear{y, "provisional: weekends only", {}});
  }
  auto due = lifecycle::due_date(provisional, received_at, deadline);
  // Cannot fail: every year the count can reach is present.
  return due ? lifecycle::overdue_at(*due) - std::chrono::seconds{1} : received_at;
}

}  // namespace tiaojie::adapters::internal

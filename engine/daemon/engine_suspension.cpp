// Suspending, resuming and extending a case's deadline clock (docs/calendar.md "Suspension and
// extension", docs/protocol.md): the engine decides the event and the date it moves to, checking
// what the rule allows before anything reaches the store; the lifecycle refuses a suspend on a
// suspended case and a resume on a running one when the event is applied (nothing is stored).
#include <fmt/format.h>

#include "daemon/internal/deadlines.hpp"
#include "daemon/internal/engine_impl.hpp"
#include "lifecycle/deadline.hpp"

namespace tiaojie::daemon::internal {
namespace {

// The unit suspended time and extensions are counted in: the period's own, days for months.
Deadline units_of(const OpenCaseInfo& info, int n) {
  Deadline d;
  d.days = n;
  const DayCount count = info.period ? info.period->count
                         : info.rule ? info.rule->count
                                     : DayCount::calendar;
  d.count = count == DayCount::working ? DayCount::working : DayCount::calendar;
  return d;
}

// The due date after adding `more` units to what the clock already had added: counted again
// from the start for the rule's period (art. 203 applies to the lengthened period's last day),
// or moved from the date itself for a deadline of its own (set by an escalation).
ComputedDueDate lengthened(const lifecycle::WorkingCalendar& calendar, const OpenCaseInfo& info,
                           int more) {
  if (info.period && info.clock_start) {
    auto c = compute_due(calendar, *info.period, *info.clock_start,
                         info.suspended_units + info.extended_units + more);
    return {c.due, c.provisional_year};
  }
  if (!info.due) return {};
  auto c = compute_due(calendar, units_of(info, more), *info.due);
  return {c.due, c.provisional_year};
}

}  // namespace

Result<lifecycle::EventData> Engine::Impl::clock_change(const command::Suspend& c) const {
  return lifecycle::Suspended{c.reason};
}

Result<lifecycle::EventData> Engine::Impl::clock_change(const command::Resume&,
                                                        const OpenCaseInfo* info,
                                                        Timestamp now) const {
  if (info == nullptr || !info->suspended_since)
    return lifecycle::Resumed{};  // refused when applied
  auto units = lifecycle::suspended_units(*snap.calendar, units_of(*info, 0),
                                          *info->suspended_since, shanghai_date(now));
  if (!units) return std::unexpected(units.error());
  const ComputedDueDate due = lengthened(*snap.calendar, *info, *units);
  return lifecycle::Resumed{due.due ? due.due : info->due, *units,
                            due.due ? due.provisional_year : info->due_provisional_year};
}

Result<lifecycle::EventData> Engine::Impl::clock_change(const command::Extend& c,
                                                        const OpenCaseInfo* info,
                                                        const std::string& actor) const {
  const int days = c.days;
  const std::string approved_by = c.approved_by.empty() ? actor : c.approved_by;
  if (info == nullptr)
    return lifecycle::Extended{c.reason, approved_by, days, std::nullopt,
                               0};  // refused when applied
  if (!info->due) return std::unexpected(conflict("the case has no deadline running to extend"));
  if (info->suspended_since)
    return std::unexpected(conflict("the deadline is suspended: resume it before extending"));
  if (!info->rule || info->rule->extension_days == 0) {
    return std::unexpected(conflict("the deadline rule of this case allows no extension"));
  }
  const Deadline& rule = *info->rule;
  if (rule.max_extensions > 0 && info->extensions >= rule.max_extensions) {
    return std::unexpected(
        conflict(fmt::format("the deadline was already extended {} time(s); the rule allows {}",
                             info->extensions, rule.max_extensions)));
  }
  if (info->extended_units + days > rule.extension_days) {
    return std::unexpected(invalid_input(
        fmt::format("an extension past the rule's bound: at most {} days in all, {} already used",
                    rule.extension_days, info->extended_units),
        "days"));
  }
  const ComputedDueDate due = lengthened(*snap.calendar, *info, days);
  return lifecycle::Extended{c.reason, approved_by, days, due.due, due.provisional_year};
}

}  // namespace tiaojie::daemon::internal

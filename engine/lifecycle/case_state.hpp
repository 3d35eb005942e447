// The case state machine (design.md §7): a case's current state is the fold of its events.
//
//   received ──assigned──► assigned ──accepted──► accepted ──mediation_started──► in_mediation
//   in_mediation ──resolved──► resolved        accepted|in_mediation ──failed──► failed
//   received|assigned|accepted|in_mediation ──withdrawn──► withdrawn
//   resolved|failed|withdrawn ──closed──► closed
//   resolved|failed|withdrawn|closed ──reopened──► assigned
//   resolved|closed (after a resolution) ──feedback──► same
//   assigned|accepted|in_mediation ──transferred|escalated──► assigned (new body, same case id)
//   any open state ──classified (received only), due_soon, overdue, supervision_notice,
//                    reply_due_soon, reply_overdue, deadline_changed, suspended (not
//                    suspended), resumed (suspended only), extended──► same
//
// `submitted` starts a case and may appear nowhere else. Every other pair (state, event) is an
// illegal transition: apply() returns an Error with code conflict naming both.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "lifecycle/event.hpp"
#include "model/error.hpp"

namespace tiaojie::lifecycle {

enum class Status {
  received,      // 已登记: submitted, not yet routed
  assigned,      // 已分派: a lead body has it but has not accepted
  accepted,      // 已受理
  in_mediation,  // 调解中
  resolved,      // 调解成功
  failed,        // 调解不成
  withdrawn,     // 撤回
  closed,        // 结案
};
[[nodiscard]] std::string_view to_string(Status value);
[[nodiscard]] std::optional<Status> parse_status(std::string_view text);
[[nodiscard]] std::span<const std::string_view> status_names();

// Open = still being worked on: received, assigned, accepted, in_mediation. Deadlines run and a
// body's open load counts only open cases.
[[nodiscard]] bool is_open(Status status);

// Everything known about a case now. Equal folds of equal events give equal states.
struct CaseState {
  CaseId id;
  std::string channel;
  std::string external_id;
  Timestamp received_at{};
  Status status = Status::received;

  std::optional<Classification> classification;  // from the last `classified`
  std::optional<Assignment> assignment;          // from the last `assigned`
  BodyId body;                   // current lead body (after transfers and escalations); empty: none
  std::optional<CivilDate> due;  // current deadline date, if any
  // What `due` counts, so that it can be counted again when the calendar changes: the period (the
  // rule's, or its routing period before the rule's start event: deadline.hpp routing_period) and
  // the date it started from (receipt, acceptance, start of mediation). Absent before any period
  // runs, and after an escalation or reopening set a deadline of its own.
  std::optional<Deadline> clock_period;
  std::optional<CivilDate> clock_start;
  // Non-zero: `due` was counted on the provisional calendar across this year (no calendar file).
  int due_provisional_year = 0;
  // Suspension and extension of the clock (docs/calendar.md): the day it stopped while suspended,
  // and the units (of clock_period) added to it by suspensions and extensions so far.
  std::optional<CivilDate> suspended_since;
  int suspended_units = 0;
  int extended_units = 0;
  int extensions = 0;
  bool due_soon_sent = false;  // a due_soon was recorded for the current `due`
  bool overdue_sent = false;   // an overdue was recorded for the current `due`
  // The channel's reply deadline (Submitted::reply_due) and its warnings (reply_deadline.hpp).
  std::optional<Timestamp> reply_due;
  bool reply_due_soon_sent = false;
  bool reply_overdue_sent = false;

  int transfers = 0;
  int escalations = 0;
  int supervision_notices = 0;
  int reopens = 0;
  std::optional<Resolved> resolution;  // the last resolution, while resolved or closed after it
  std::optional<Failed> failure;       // the last failure, while failed or closed after it
  // The earlier cases this one repeats (Submitted::repeat_of): 重复信访.
  std::vector<RepeatLink> repeat_of;
  // The last satisfaction recorded (FeedbackGiven), and how many were.
  std::optional<FeedbackGiven> feedback;
  int feedbacks = 0;

  Timestamp updated_at{};   // time of the last event
  std::int64_t events = 0;  // number of events folded

  friend bool operator==(const CaseState&, const CaseState&) = default;
};

// Whether `kind` may happen to a case in `status` (the table above). `submitted` is never legal on
// an existing case.
[[nodiscard]] bool is_legal(Status status, EventKind kind);

// The state a legal `kind` leads to from `status`. REQUIRES: is_legal(status, kind).
[[nodiscard]] Status next_status(Status status, EventKind kind);

// Starts a case from its first event. Errors: conflict unless `event` is `submitted`;
// invalid_input if the channel or external id is empty.
[[nodiscard]] Result<CaseState> start(const Event& event);

// The state after `event`. Errors: conflict for an illegal transition (message names the state
// and the event); invalid_input for a malformed event (an assignment without a lead, a transfer
// or escalation to no body or to the current body, a supervision notice with no addressee).
[[nodiscard]] Result<CaseState> apply(CaseState state, const Event& event);

// Refuses a deadline warning (DueSoon, Overdue, ReplyDueSoon, ReplyOverdue) that `state` makes
// pointless: one for a date that is no longer the case's deadline, or one already sent for it.
// Stores check this when a change is committed (store/internal/plan.cpp), under the commit's
// lock, so that two daemons that both believe they lead (an old leader that has not yet noticed
// it lost the lead) cannot warn, escalate or send a notice twice. apply() does not check it, so
// that a log written before this rule still folds. Errors: conflict naming the warning and why.
[[nodiscard]] Result<void> check_warning(const CaseState& state, const EventData& data);

// Folds a case's whole history: start(events[0]) then apply() for the rest.
// Errors: invalid_input for an empty list, or the first error of start/apply with "event N" in
// `where` (N counting from 0).
[[nodiscard]] Result<CaseState> fold(std::span<const Event> events);

}  // namespace tiaojie::lifecycle

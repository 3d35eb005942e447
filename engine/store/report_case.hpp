// The report view of a case (design.md §9): its life reduced to the steps a backlog report needs,
// kept by every backend beside its current-state tables so that a weekly report reads only the
// cases active in its window and decodes no event (Store::for_each_report_case).
//
// A step is the case's state after every event of one instant: the events one commit writes at the
// same time (submitted + classified + assigned) are one step, so a case is "new at its first
// body", not "new at intake, then moved". report::InputBuilder::add_case(events) computes the same
// steps from the events themselves; the report tests compare both.
// Thread-safety: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lifecycle/case_state.hpp"
#include "lifecycle/event.hpp"
#include "model/error.hpp"

namespace tiaojie::store {

// Why a step happened, as bits: the events folded into it.
enum ReportStepFlag : std::uint16_t {
  k_step_submitted = 1,    // the case started here (a `submitted` event)
  k_step_escalated = 2,    // an `escalated` event moved it
  k_step_transferred = 4,  // a `transferred` event moved it
  k_step_reopened = 8,     // a `reopened` event brought it back
  // Not an event: the deadline in force after the step is provisional (counted across a year with
  // no calendar file, lifecycle::CaseState::due_provisional_year).
  k_step_provisional = 16,
  k_step_suspended = 32,  // a `suspended` event stopped its deadline clock
  k_step_resumed = 64,    // a `resumed` event ran it again
  k_step_extended = 128,  // an `extended` event lengthened it
  // The first step of a case that repeats earlier ones (Submitted::repeat_of not empty).
  k_step_repeat = 256,
  // A `feedback` event recorded this rating (满意, 基本满意, 不满意) at this step.
  k_step_satisfied = 512,
  k_step_basically_satisfied = 1024,
  k_step_dissatisfied = 2048,
};
// The feedback flag of a rating.
[[nodiscard]] std::uint16_t feedback_flag(lifecycle::Satisfaction rating);

struct ReportStep {
  Timestamp at{};
  lifecycle::Status status = lifecycle::Status::received;
  BodyId body;                   // the lead body after the step; "" none (meaningful while open)
  std::optional<CivilDate> due;  // the mediation deadline in force
  std::uint16_t flags = 0;       // ReportStepFlag bits
  std::uint16_t notices = 0;     // supervision notices (督办函) recorded at this step
  friend bool operator==(const ReportStep&, const ReportStep&) = default;
};

struct ReportCase {
  lifecycle::CaseId id;
  Timestamp received_at{};
  // The channel's reply deadline (a 12345 work order's 办理时限), from the `submitted` event.
  std::optional<Timestamp> reply_due;
  std::string channel;
  std::string category;           // the last classification's; "" before any
  std::vector<ReportStep> steps;  // in log order; never empty
  friend bool operator==(const ReportCase&, const ReportCase&) = default;
};

// Folds one more event of the case into its view; `after` is the case's state after the event
// (the first event must be `submitted`, onto an empty view).
void add_report_event(ReportCase& view, const lifecycle::Event& event,
                      const lifecycle::CaseState& after);

// Folds `event` into case `id`'s `state` (empty before its first event), then into its `view`:
// how every store builds a case's report view from its log. Errors: the lifecycle's, when the
// event does not apply (`state` is then spent).
[[nodiscard]] Result<void> fold_report_event(ReportCase& view,
                                             std::optional<lifecycle::CaseState>& state,
                                             lifecycle::CaseId id, const lifecycle::Event& event);

// Whether the case can matter to a report window [from, to): received (or registered, if that
// is earlier) before `to`, and open now or its last event at or after `from`. A case that fails
// this had no step in the window and was not open at any instant of it (reports.md "new").
[[nodiscard]] bool report_case_in_window(const ReportCase& view, Timestamp from, Timestamp to);

}  // namespace tiaojie::store

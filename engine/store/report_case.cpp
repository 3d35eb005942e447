#include "store/report_case.hpp"

#include "store/internal/report_rows.hpp"

namespace tiaojie::store {

void add_report_event(ReportCase& view, const lifecycle::Event& event,
                      const lifecycle::CaseState& after) {
  if (view.steps.empty()) {
    view.id = after.id;
    view.received_at = after.received_at;
    if (const auto* sub = std::get_if<lifecycle::Submitted>(&event.data))
      view.reply_due = sub->reply_due;
    view.channel = after.channel;
    view.steps.emplace_back().flags = k_step_submitted;
    if (const auto* sub = std::get_if<lifecycle::Submitted>(&event.data);
        sub && !sub->repeat_of.empty())
      view.steps.back().flags |= k_step_repeat;
    view.steps.back().at = event.at;
  } else if (event.at != view.steps.back().at) {
    view.steps.emplace_back().at = event.at;
  }
  ReportStep& step = view.steps.back();
  step.status = after.status;
  step.body = after.body;
  step.due = after.due;
  if (after.due_provisional_year != 0) {
    step.flags |= k_step_provisional;
  } else {
    step.flags &= static_cast<std::uint16_t>(~k_step_provisional);
  }
  switch (event.kind()) {
    case lifecycle::EventKind::escalated:
      step.flags |= k_step_escalated;
      break;
    case lifecycle::EventKind::transferred:
      step.flags |= k_step_transferred;
      break;
    case lifecycle::EventKind::reopened:
      step.flags |= k_step_reopened;
      break;
    case lifecycle::EventKind::suspended:
      step.flags |= k_step_suspended;
      break;
    case lifecycle::EventKind::resumed:
      step.flags |= k_step_resumed;
      break;
    case lifecycle::EventKind::extended:
      step.flags |= k_step_extended;
      break;
    case lifecycle::EventKind::supervision_notice:
      ++step.notices;
      break;
    case lifecycle::EventKind::feedback:
      step.flags |= feedback_flag(std::get<lifecycle::FeedbackGiven>(event.data).rating);
      break;
    default:
      break;
  }
  view.category = after.classification ? after.classification->category : std::string();
}

Result<void> fold_report_event(ReportCase& view, std::optional<lifecycle::CaseState>& state,
                               lifecycle::CaseId id, const lifecycle::Event& event) {
  auto next = state ? lifecycle::apply(std::move(*state), event) : lifecycle::start(event);
  if (!next) return std::unexpected(next.error());
  state = std::move(*next);
  state->id = id;
  add_report_event(view, event, *state);
  return ok;
}

std::uint16_t feedback_flag(lifecycle::Satisfaction rating) {
  switch (rating) {
    case lifecycle::Satisfaction::satisfied:
      return k_step_satisfied;
    case lifecycle::Satisfaction::basically_satisfied:
      return k_step_basically_satisfied;
    case lifecycle::Satisfaction::dissatisfied:
      return k_step_dissatisfied;
  }
  return 0;
}

bool report_case_in_window(const ReportCase& view, Timestamp from, Timestamp to) {
  if (view.steps.empty() || internal::report_start(view) >= to) return false;
  return lifecycle::is_open(view.steps.back().status) || view.steps.back().at >= from;
}

}  // namespace tiaojie::store

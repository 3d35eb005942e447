#include <fmt/format.h>

#include <map>

#include "report/input.hpp"
#include "report/weekly.hpp"
#include "store/store.hpp"

namespace tiaojie::report {

std::uint32_t InputBuilder::intern(std::vector<std::string>& names, Index& index,
                                   const std::string& name) {
  auto [it, inserted] = index.try_emplace(name, static_cast<std::uint32_t>(names.size()));
  if (inserted) names.push_back(name);
  return it->second;
}

Result<void> InputBuilder::add_case(std::int64_t case_id,
                                    std::span<const lifecycle::Event> events) {
  if (events.empty()) return std::unexpected(internal_error("a case without events"));
  auto state = lifecycle::start(events[0]);
  if (!state) {
    auto e = state.error();
    e.where = "case " + std::to_string(case_id);
    return std::unexpected(e);
  }
  CaseHistory h;
  h.id = case_id;
  h.received_at = state->received_at;
  h.reply_due = std::get<lifecycle::Submitted>(events[0].data).reply_due;
  h.channel = intern(input_.channels, channel_index_, state->channel);

  std::uint16_t flags = k_step_submitted;
  if (!std::get<lifecycle::Submitted>(events[0].data).repeat_of.empty()) flags |= k_step_repeat;
  std::uint16_t notices = 0;
  for (std::size_t i = 0;; ++i) {
    const bool last = i + 1 == events.size();
    if (last || events[i + 1].at != events[i].at) {
      // The instant is over: record the state it left.
      CaseStep step;
      step.at = events[i].at;
      step.owner =
          lifecycle::is_open(state->status)
              ? static_cast<std::int32_t>(intern(input_.bodies, body_index_, state->body.value))
              : -1;
      step.status = state->status;
      step.due = state->due;
      step.flags = flags;
      if (state->due_provisional_year != 0) step.flags |= k_step_provisional;
      step.notices = notices;
      if (step.owner < 0 && (flags & (k_step_submitted | k_step_reopened))) {
        step.through =
            static_cast<std::int32_t>(intern(input_.bodies, body_index_, state->body.value));
      }
      h.steps.push_back(step);
      flags = 0;
      notices = 0;
    }
    if (last) break;
    const auto& next = events[i + 1];
    auto applied = lifecycle::apply(std::move(*state), next);
    if (!applied) {
      auto e = applied.error();
      e.where = "case " + std::to_string(case_id);
      return std::unexpected(e);
    }
    state = std::move(applied);
    switch (next.kind()) {
      case lifecycle::EventKind::escalated:
        flags |= k_step_escalated;
        break;
      case lifecycle::EventKind::transferred:
        flags |= k_step_transferred;
        break;
      case lifecycle::EventKind::reopened:
        flags |= k_step_reopened;
        break;
      case lifecycle::EventKind::suspended:
        flags |= k_step_suspended;
        break;
      case lifecycle::EventKind::resumed:
        flags |= k_step_resumed;
        break;
      case lifecycle::EventKind::extended:
        flags |= k_step_extended;
        break;
      case lifecycle::EventKind::supervision_notice:
        ++notices;
        break;
      case lifecycle::EventKind::feedback:
        flags |= store::feedback_flag(std::get<lifecycle::FeedbackGiven>(next.data).rating);
        break;
      default:
        break;
    }
  }
  const std::string category = state->classification ? state->classification->category : "other";
  h.category = intern(input_.categories, category_index_, category);
  input_.cases.push_back(std::move(h));
  return ok;
}

void InputBuilder::add_case(const store::ReportCase& view) {
  CaseHistory h;
  h.id = view.id.value;
  h.received_at = view.received_at;
  h.reply_due = view.reply_due;
  h.channel = intern(input_.channels, channel_index_, view.channel);
  h.category =
      intern(input_.categories, category_index_, view.category.empty() ? "other" : view.category);
  h.steps.reserve(view.steps.size());
  for (const auto& s : view.steps) {
    const auto owner =
        lifecycle::is_open(s.status)
            ? static_cast<std::int32_t>(intern(input_.bodies, body_index_, s.body.value))
            : -1;
    const auto through =
        owner < 0 && (s.flags & (k_step_submitted | k_step_reopened))
            ? static_cast<std::int32_t>(intern(input_.bodies, body_index_, s.body.value))
            : -1;
    h.steps.push_back(CaseStep{s.at, owner, s.status, s.due, s.flags, s.notices, through});
  }
  input_.cases.push_back(std::move(h));
}

ReportInput InputBuilder::finish(std::int64_t last_seq) && {
  input_.last_seq = last_seq;
  return std::move(input_);
}

Result<ReportInput> load_input(store::Store& store) {
  auto last = store.last_seq();
  if (!last) return std::unexpected(last.error());

  // Events arrive in seq order, interleaved across cases; a case's own events stay in order.
  std::map<std::int64_t, std::vector<lifecycle::Event>> by_case;
  constexpr std::size_t k_page = 16384;
  for (std::int64_t after = 0; after < *last;) {
    auto page = store.events_since(after, k_page);
    if (!page) return std::unexpected(page.error());
    if (page->empty()) break;
    for (auto& e : *page) by_case[e.event.case_id.value].push_back(std::move(e.event));
    after = page->back().seq;
  }

  InputBuilder builder;
  for (auto& [id, events] : by_case) {
    auto added = builder.add_case(id, events);
    if (!added) return std::unexpected(added.error());
    events = {};
  }
  return std::move(builder).finish(*last);
}

}  // namespace tiaojie::report

namespace tiaojie::report {

Window report_window(Period period) {
  return {period_start(add_periods(period, 1 - trend_length(period.kind))), period_end(period)};
}

Result<ReportInput> load_window(store::Store& store, Window window) {
  auto last = store.last_seq();
  if (!last) return std::unexpected(last.error());
  InputBuilder builder;
  auto read =
      store.for_each_report_case(window.from, window.to, [&](const store::ReportCase& view) {
        builder.add_case(view);
        return true;
      });
  if (!read) return std::unexpected(read.error());
  return std::move(builder).finish(*last);
}

Result<WeeklyReport> weekly_report(store::Store& store, const graph::BodyGraph* graph,
                                   const ReportQuery& query) {
  if (query.as_of && *query.as_of < period_start(query.period)) {
    return std::unexpected(invalid_input(
        fmt::format("{} has not begun: it starts on {}, after {} (the report is made for that "
                    "moment); a future {} has no numbers to report",
                    format_period(query.period), format_date(period_first_day(query.period)),
                    format_timestamp(*query.as_of), to_string(query.period.kind)),
        fmt::format("--{}", to_string(query.period.kind))));
  }
  auto input = load_window(store, report_window(query.period));
  if (!input) return std::unexpected(input.error());
  auto report = compute_weekly(*input, graph, query);
  if (auto key = add_key_disputes(report, store, graph); !key) return std::unexpected(key.error());
  return report;
}

}  // namespace tiaojie::report

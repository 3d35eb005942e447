// What a weekly report is computed from: each case's life reduced to the steps that matter for
// the backlog (who owned it while open, its status and deadline), read from the store.
//
// The report core (weekly.hpp) is pure over a ReportInput; load_input is the one place that reads
// the store, and only through the Store interface (it never writes). Thread-safety: values; the
// loader uses the Store from the calling thread only (Store is not thread-safe).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "lifecycle/case_state.hpp"
#include "lifecycle/event.hpp"
#include "model/error.hpp"
#include "model/time.hpp"
#include "report/period.hpp"
#include "report/week.hpp"
#include "store/report_case.hpp"

namespace tiaojie::store {
class Store;
}

namespace tiaojie::report {

// Why a step happened, as bits: the events folded into it (the store's report view uses the same).
enum StepFlag : std::uint16_t {
  k_step_submitted = store::k_step_submitted,
  k_step_escalated = store::k_step_escalated,
  k_step_transferred = store::k_step_transferred,
  k_step_reopened = store::k_step_reopened,
  k_step_provisional = store::k_step_provisional,  // the deadline after the step is provisional
  k_step_suspended = store::k_step_suspended,      // the deadline clock stopped (clocks.hpp)
  k_step_resumed = store::k_step_resumed,          // … and ran again
  k_step_extended = store::k_step_extended,        // the deadline was extended
  k_step_repeat = store::k_step_repeat,            // a repeat dispute (its first step)
  k_step_satisfied = store::k_step_satisfied,      // feedback recorded: 满意
  k_step_basically_satisfied = store::k_step_basically_satisfied,  // 基本满意
  k_step_dissatisfied = store::k_step_dissatisfied,                // 不满意
};

// The case's state after every event of one instant (the events a single commit writes at the
// same time, e.g. submitted + classified + assigned, are one step: the case is "new at its first
// body", not "new at intake, then moved").
struct CaseStep {
  Timestamp at{};
  std::int32_t owner = -1;  // index into ReportInput::bodies of the lead body; -1 when not open
  lifecycle::Status status = lifecycle::Status::received;
  std::optional<CivilDate> due;  // the mediation deadline in force
  std::uint16_t flags = 0;       // StepFlag bits
  std::uint16_t notices = 0;     // supervision notices (督办函) recorded at this step
  // A case that was opened (submitted or reopened) and closed again within this one instant: the
  // body that held it meanwhile, so that it counts as new (or reopened) and closed there. -1
  // otherwise.
  std::int32_t through = -1;
};

struct CaseHistory {
  std::int64_t id = 0;
  Timestamp received_at{};
  // The channel's reply deadline (a 12345 work order's 办理时限), from the `submitted` event.
  std::optional<Timestamp> reply_due;
  std::uint32_t category = 0;   // index into ReportInput::categories (the last classification)
  std::uint32_t channel = 0;    // index into ReportInput::channels
  std::vector<CaseStep> steps;  // in time order; never empty
};

struct ReportInput {
  // Dictionaries the histories index into. bodies may hold "" (an open case nobody leads yet:
  // received, not routed).
  std::vector<std::string> bodies;
  std::vector<std::string> categories;
  std::vector<std::string> channels;
  std::vector<CaseHistory> cases;
  std::int64_t last_seq = 0;  // the store's log position the input reflects
};

// Builds ReportInput incrementally from cases' events; interns names. Used by load_input and by
// tests and benchmarks that have events at hand.
class InputBuilder {
 public:
  // Adds one case from its whole history (in log order; the reply deadline rides on `submitted`).
  // Errors: the lifecycle's error (with the case id in `where`) for a history that does not fold.
  [[nodiscard]] Result<void> add_case(std::int64_t case_id,
                                      std::span<const lifecycle::Event> events);
  // Adds one case from the store's report view (the same steps, already folded).
  void add_case(const store::ReportCase& view);
  [[nodiscard]] ReportInput finish(std::int64_t last_seq) &&;

 private:
  using Index = std::unordered_map<std::string, std::uint32_t>;
  static std::uint32_t intern(std::vector<std::string>& names, Index& index,
                              const std::string& name);
  ReportInput input_;
  Index body_index_, category_index_, channel_index_;
};

// Reads every case's events from the store (events_since, in pages) and folds them: the reference
// computation, linear in the whole log. Errors: io_error from the store; internal for a stored
// history that does not fold.
[[nodiscard]] Result<ReportInput> load_input(store::Store& store);

// The instants a report of `period` looks at: [start of its trend (trend_length periods), end of
// the period).
struct Window {
  Timestamp from{};
  Timestamp to{};
};
[[nodiscard]] Window report_window(Period period);

// Reads only the cases that can matter to reports whose windows lie within `window`
// (Store::for_each_report_case): compute_weekly gives the same report from it as from
// load_input's, for every week whose report_window lies inside `window`; the cost follows the
// cases active in the window, not the history. Errors: the store's.
[[nodiscard]] Result<ReportInput> load_window(store::Store& store, Window window);

}  // namespace tiaojie::report

// The engine: the one owner of the daemon's mutable state (design.md §2, style.md "one thread owns
// the engine state"). Everything below runs on its strand: the rule and graph snapshots, the open
// load per body, the open cases with their deadlines, the deadline timer, the subscribers.
//
// A submit goes: classify (rule snapshot) → assign (graph snapshot + load) → deadline date →
// events submitted/classified/assigned → the store thread's next group commit → back here: timers
// and subscribers updated, then the acknowledgement written to the client. A client therefore
// never sees an acknowledgement for a case that is not durable.
//
// Thread-safety: the public functions may be called from any thread; they post to the strand.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/auth.hpp"
#include "daemon/authorise.hpp"
#include "daemon/clock.hpp"
#include "daemon/commands.hpp"
#include "daemon/config.hpp"
#include "daemon/internal/snapshots.hpp"
#include "daemon/internal/writer.hpp"
#include "daemon/repeat_keys.hpp"
#include "daemon/results.hpp"
#include "lifecycle/case_state.hpp"
#include "model/dispute.hpp"

namespace tiaojie::daemon::internal {

// Counters of the engine, for `stats`.
struct EngineCounters {
  std::uint64_t submitted = 0;  // submits that reached the engine (valid disputes)
  std::uint64_t acknowledged = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t refused = 0;  // commit refused or failed
  std::uint64_t lifecycle_ops = 0;
  std::uint64_t timer_events = 0;  // due_soon, overdue, escalated, supervision notices written
  std::uint64_t events_published = 0;
  std::uint64_t reloads = 0;
  std::uint64_t failed_reloads = 0;
  std::uint64_t deadlines_changed = 0;  // deadline_changed events raised by calendar changes
};

// The engine's side of /metrics (daemon/http/operations.cpp), gathered on the strand.
struct EngineMetrics {
  EngineCounters counters;
  WriterStats writer;
  HistogramSnapshot batch_sizes;  // changes per group commit
  std::size_t store_queue = 0;
  bool leader = true;  // runs the deadline timers and reports (StatsView::leader)
  std::chrono::nanoseconds uptime{0};
  std::int64_t open_cases = 0;
  std::int64_t deadlines_pending = 0;
  std::int64_t subscribers = 0;
  struct LevelRow {
    std::string level;  // community, street, district; "unknown" for a body the graph lost
    std::int64_t open = 0;
    std::int64_t overdue = 0;
  };
  std::vector<LevelRow> levels;  // every level, even with no case
  std::string rules_version, graph_version;
  int calendar_missing_year = 0;  // the year whose calendar file is missing (0: none)
};

// /readyz: whether the daemon can do its work, and if not, why (one reason a line).
struct Readiness {
  std::vector<std::string> reasons;
  [[nodiscard]] bool ready() const { return reasons.empty(); }
};
// How far ahead the working-day calendar must reach for /readyz.
inline constexpr int k_ready_calendar_days = 60;

class IntakeMetrics;

// Opens a second, read-only connection to the engine's store (SQLite in WAL mode lets it read
// while the store thread commits). Called on the report thread, once per scheduled report.
using ReaderOpener = std::function<Result<std::unique_ptr<store::Store>>()>;

// Test seam: when set, runs on the report thread after a scheduled report has read the store and
// before it computes and writes the weeks, so that a test can hold a report in progress. Set it
// before the engine starts; nullptr to clear.
void set_report_hook(std::function<void()> hook);

class Engine {
 public:
  // `open_reader` empty: scheduled reports read through the store thread (they delay commits for
  // as long as they read); set: on a report thread of their own, through a reader connection.
  // `repeats` null: no dispute is linked to earlier ones ([repeat] enabled = false).
  Engine(boost::asio::io_context& io, const DaemonConfig& config, Clock& clock,
         std::unique_ptr<store::Store> store, Snapshots initial, ReaderOpener open_reader = {},
         std::shared_ptr<const RepeatHasher> repeats = nullptr);
  ~Engine();

  // Reads the open cases and their load from the store, arms the deadline timer, starts the store
  // thread and the file watch. Blocking; call before the io_context runs.
  // Errors: io_error from the store.
  [[nodiscard]] Result<void> start();
  // Stops the timers and the watch, commits what is queued and ends the store thread. Blocking:
  // call once no session can submit any more.
  void stop();

  // The commands come parsed and authorised (command_parse.hpp, authorise.hpp); `who` is the
  // actor recorded on the events, and the scope `get` checks the case against. Each completes its
  // Answer once with a typed result (results.hpp) or an error; the transport renders it.
  //
  // submit: answered after the durable commit (or with the original case, for a duplicate).
  // Errors: io_error (nothing stored).
  void submit(command::Submit submit, Scope who, Answer<SubmitAck> done);
  // accept, transfer, resolve, withdraw, close, feedback …: checked against the case and the
  // snapshots, then committed. Errors: not_found (no such case; a transfer to a body not in the
  // graph), conflict (a transition the case's state does not allow, an extension the rule does
  // not allow), invalid_input (an extension past the rule's cap), io_error.
  // A staff account's change is checked against the case's lead body first (authorise_case).
  void change(CaseChange change, Scope who, Answer<CaseChanged> done);
  // By case id, or by (channel, external_id) when case_id is 0 (the channel defaulting to the
  // principal's own). Errors: not_found, permission_denied (authorise_case), io_error.
  // With `with_dispute`, the answer holds the stored dispute too (the workbench's case page).
  void get(command::Get get, Scope who, Answer<CaseView> done, bool with_dispute = false);
  void backlog(Answer<BacklogView> done);
  // One page of the open cases within `who`'s reach that `queue` selects, soonest due first
  // (cases without a due date last, then by id). O(open cases) on the strand.
  void queue(command::Queue queue, Scope who, Answer<QueueView> done);
  // The cases received in a date range that match `search`'s filters, within `who`'s reach. Reads
  // the store on its thread, between group commits (one pass over the range's disputes and their
  // first decisions). Errors: io_error.
  void search(command::Search search, Scope who, Answer<SearchView> done);
  // Starts (or replaces: one per owner) an event stream.
  void subscribe(Subscription subscription, Answer<Subscribed> done);
  void stats(ConnectionStats connections, Answer<StatsView> done);
  // Rebuilds rules and graph from disk; swaps them in when both are valid. `done` may be empty
  // (SIGHUP, the watch). Refused: a reload already running (no `errors`), or the files' errors.
  void reload(ReloadAnswer done);
  // `reload` with dry_run: builds rules and graph from disk as reload does but swaps nothing;
  // answers with the replay report of the cases received in the last `window_days` days under
  // them, computed on the store thread. Errors: the files' first error; the replay's.
  void reload_dry_run(int window_days, Answer<DryRun> done);
  // The clock moved (tests with a ManualClock): re-evaluate the deadline timer now.
  void clock_changed();

  // Gathers EngineMetrics on the strand and calls `done` there (keep it short: it holds the
  // strand). Counts every open case: O(open cases), measured in bench/http.
  void metrics(std::function<void(EngineMetrics)> done);
  // Per-channel intake counters and the acknowledgement latency. Any thread.
  [[nodiscard]] IntakeMetrics& intake();
  // From any thread, without the strand (a stuck strand must not hang the probe): the store took
  // its last commit and is not stopping, rules and graph are loaded, and the working-day
  // calendar has data (not the provisional fallback) for today and the next
  // k_ready_calendar_days days by the daemon's clock.
  [[nodiscard]] Readiness readiness() const;

  // For tests and the demo: the snapshot versions now serving (strand-safe copy).
  [[nodiscard]] std::pair<std::string, std::string> versions() const;
  // The working-day calendar now serving (with the provisional fallback), from any thread: the
  // sessions count 12345 reply periods with it, so that a reloaded calendar reaches them too.
  [[nodiscard]] std::shared_ptr<const lifecycle::WorkingCalendar> calendar() const;
  // Rules, graph and calendar now serving, from any thread (a copy of three pointers).
  [[nodiscard]] Snapshots snapshots() const;
  // The last dry-run reload's answer since start, if any; from any thread.
  [[nodiscard]] std::optional<DryRun> last_dry_run() const;

 private:
  // `change` once the principal may act on the case.
  void change_within_reach(CaseChange change, Scope who, Answer<CaseChanged> done);

  struct OpenCase;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tiaojie::daemon::internal

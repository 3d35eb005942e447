// Engine's private state, shared by engine.cpp (requests), engine_timers.cpp (deadlines) and
// engine_reload.cpp (snapshots). Everything here is touched on the strand only, except what is
// marked otherwise: GUARDED_BY a mutex (checked by .ci/thread-safety), atomic, or said in a
// comment (docs/threads.md).
#pragma once

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <map>
#include <memory>
#include <thread>
#include <unordered_map>

#include "daemon/internal/engine.hpp"
#include "daemon/internal/intake_metrics.hpp"
#include "daemon/internal/repeat_index.hpp"
#include "lifecycle/event.hpp"
#include "report/schedule.hpp"
#include "support/thread_annotations.hpp"

namespace tiaojie::daemon::internal {

// What the engine remembers of an open case: enough for load, deadlines, backlog and filters,
// compact so that a million open cases fit in memory.
struct OpenCaseInfo {
  BodyId body;
  lifecycle::Status status = lifecycle::Status::received;
  std::optional<CivilDate> due;
  int due_provisional_year = 0;  // non-zero: `due` was counted across a year with no calendar file
  // The classification's deadline rule, and what `due` counts (lifecycle::CaseState's clock_period
  // and clock_start), to count it again when the calendar changes (engine_recompute.cpp).
  std::optional<Deadline> rule;
  std::optional<Deadline> period;
  std::optional<CivilDate> clock_start;
  // Suspension and extension (lifecycle::CaseState's fields of the same names).
  std::optional<CivilDate> suspended_since;
  int suspended_units = 0;
  int extended_units = 0;
  int extensions = 0;
  bool due_soon_sent = false;
  bool overdue_sent = false;
  // The channel's reply deadline (a 12345 work order's 办理时限) and its warnings: deadlines.cpp.
  std::optional<Timestamp> reply_due;
  bool reply_due_soon_sent = false;
  bool reply_overdue_sent = false;
  std::string category;
  Level level = Level::community;
  std::optional<Timestamp> wake;  // the wake-up queued for it in Impl::wakeups, if any
  bool in_flight = false;         // deadline events sent to the store, not yet committed
  // False for a case loaded at start whose reply deadline and sent warnings are still being read
  // (Impl::load_deadlines): it gets no wake-up until they are known.
  bool deadlines_known = true;
};

// The deadline fields both ways (deadlines.cpp): the engine keeps an open case compact as
// OpenCaseInfo; the lifecycle's policies read a CaseState that holds just those fields.
[[nodiscard]] OpenCaseInfo open_case_info(const lifecycle::CaseState& state);
[[nodiscard]] lifecycle::CaseState deadline_state(std::int64_t case_id, const OpenCaseInfo& info);

// Whether an open case is overdue at `now` (`today` its date in Shanghai): `backlog` and /metrics
// count with it (engine.cpp).
[[nodiscard]] bool is_overdue(const Snapshots& snap, const OpenCaseInfo& info, CivilDate today,
                              Timestamp now);

// The deadline a new case gets at submit (engine_timers.cpp).
struct ComputedDueDate {
  std::optional<CivilDate> due;
  int provisional_year = 0;
};

// What a submit found of a dispute's earlier cases (engine_repeats.cpp).
struct RepeatFindings {
  std::vector<std::string> keys;             // its repeat keys (Submitted::repeat_keys)
  std::vector<lifecycle::RepeatLink> links;  // the earlier cases (Submitted::repeat_of)
};

// A submit as it arrived, kept while it waits for an earlier dispute's commit (engine_repeats.cpp).
struct SubmitJob {
  Dispute dispute;
  std::string text;  // the dispute as the store keeps it
  Scope who;
  Answer<SubmitAck> done;
  // When the engine got it: the start of its acknowledgement latency (/metrics).
  std::chrono::steady_clock::time_point arrived = std::chrono::steady_clock::now();
};

inline std::vector<std::string> configured_channel_ids(const DaemonConfig& config) {
  std::vector<std::string> ids;
  for (const auto& c : config.channels) ids.push_back(c.channel);
  return ids;
}

struct Engine::Impl {
  Impl(boost::asio::io_context& io, const DaemonConfig& config, Clock& clock,
       std::unique_ptr<store::Store> store, Snapshots initial, ReaderOpener open_reader,
       std::shared_ptr<const RepeatHasher> hasher);

  boost::asio::io_context& io;
  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  const DaemonConfig& config;
  Clock& clock;
  Writer writer;
  Snapshots snap;
  // The snapshots' versions and calendar, copied on the strand for other threads to read.
  mutable Mutex versions_mu;
  std::pair<std::string, std::string> versions_copy GUARDED_BY(versions_mu);
  // The snapshots now serving, for other threads (the workbench's pages name bodies and
  // categories with them; the sessions count reply periods with the calendar).
  Snapshots snap_copy GUARDED_BY(versions_mu);
  // The last dry-run reload's report, for the workbench's versions page.
  std::optional<DryRun> last_dry_run GUARDED_BY(versions_mu);

  std::map<BodyId, std::int64_t> load;   // open cases per lead body
  std::vector<std::uint32_t> load_view;  // the same, indexed by the current graph's BodyIndex
  std::unordered_map<std::int64_t, OpenCaseInfo> open;
  std::multimap<Timestamp, std::int64_t> wakeups;  // when each open case's deadline needs a look
  std::size_t deadlines_pending = 0;               // open cases with deadlines_known == false
  std::chrono::steady_clock::time_point loading_since;
  boost::asio::steady_timer deadline_timer;
  std::optional<Timestamp> armed_for;
  boost::asio::steady_timer watch_timer;
  boost::asio::steady_timer report_timer;
  // A store shared with other daemons (PostgreSQL, docs/scaling.md): engine_shared.cpp polls it
  // for the lead and for the other daemons' events. `leading` gates the deadline timers, the
  // recount of deadlines and the scheduled reports (strand). `others_seq` is the store thread's
  // cursor in the log (set before the writer starts, then only read and moved by its tasks).
  bool shared_store = false;
  bool leading = true;
  std::int64_t others_seq = 0;
  boost::asio::steady_timer share_timer;
  bool poll_in_flight = false;  // a poll's store task is queued or running
  bool poll_again = false;      // poll again as soon as it ends
  // This daemon's own events, by seq, waiting for the poll to read past them (publish_all).
  struct HeldNotice {
    lifecycle::Event event;
    std::shared_ptr<const lifecycle::CaseState> state;
  };
  std::map<std::int64_t, HeldNotice> held_notices;
  // Per report kind (week, month, quarter): the last period handed to a thread.
  std::array<std::optional<report::Period>, 3> reports_queued_through;
  ReaderOpener open_reader;
  // The report thread (engine_reports.cpp): at most one at a time; joined by stop_reports().
  Mutex report_mu;
  std::thread report_thread GUARDED_BY(report_mu);
  bool reports_stopped GUARDED_BY(report_mu) = false;
  std::atomic<bool> report_running{false};  // set on the strand, cleared by the report thread
  std::uint64_t watched_fingerprint = 0;
  bool reloading = false;
  // Set by Engine::stop, which runs off the strand (the server's shutdown thread, a destructor),
  // and read on the strand by the timers: atomic.
  std::atomic<bool> stopped{false};

  std::shared_ptr<const RepeatHasher> hasher;  // null: repeats are not linked
  RepeatIndex repeats;
  std::unordered_map<std::string, int> pending_keys;  // keys of new cases not yet committed
  std::vector<std::shared_ptr<SubmitJob>> deferred;   // submits waiting for those commits

  std::vector<Subscription> subscribers;
  EngineCounters counters;
  // Per channel, for /metrics; atomic, read by the HTTP threads (intake_metrics.hpp).
  IntakeMetrics intake{configured_channel_ids(config)};
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  // --- engine.cpp
  void add_load(const BodyId& body, std::int64_t delta);
  void rebuild_load_view();
  // Records a case's state after a commit: open table, load, deadline wake-up.
  void track(std::int64_t case_id, const lifecycle::CaseState& state);
  void publish(const lifecycle::Event& event, std::int64_t seq, const lifecycle::CaseState& state);
  void publish_all(const std::vector<lifecycle::Event>& events, std::int64_t last_seq,
                   const lifecycle::CaseState& state);
  std::string actor(const Scope& who) const;

  // --- engine_timers.cpp
  // The deadline of a new case: counted from its receipt date, or none while the rule waits for
  // a later start event (acceptance, start of mediation).
  ComputedDueDate due_date(const Classification& c, Timestamp received_at) const;
  void schedule(std::int64_t case_id, OpenCaseInfo& info);
  // Queues the case's one wake-up at `when` (none: nothing to wake for), replacing an earlier one.
  void wake_at(std::int64_t case_id, OpenCaseInfo& info, std::optional<Timestamp> when);
  void arm_deadline_timer();
  void on_deadline_timer();
  // Tracks the case as the store has it now (read on the store thread): after its deadline events
  // were refused because it changed under this daemon's view.
  void track_stored(std::int64_t case_id);
  // After a failed read or commit of the case's deadline events (a store that cannot write now):
  // they are tried again k_failed_commit_retry later, not at once, so that a store that fails
  // every write is not hammered (and the log not flooded).
  void retry_later(std::int64_t case_id);
  Result<void> load_open_cases();
  // Reads the deadline state of the open cases after `after` in slices on the store thread, between
  // group commits, and arms their wake-ups as each slice arrives.
  void load_deadlines(std::int64_t after);

  // --- engine_shared.cpp
  // Before the writer starts: the log's position and the lead, on a shared store.
  Result<void> join_shared_store();
  // Every k_share_poll: takes the lead when free (or sees it kept), and tracks and publishes the
  // cases other daemons changed since the last poll.
  void poll_shared_store();
  // A poll now rather than at the next tick (own events wait in held_notices).
  void poll_shared_store_soon();
  // Tracks `state`, read from the store, unless this daemon's own deadline events for the case are
  // being committed.
  void track_committed_elsewhere(std::int64_t case_id, const lifecycle::CaseState& state);
  void set_leading(bool now);

  // --- engine_repeats.cpp
  // Classifies `d` with its repeat count (Dispute::repeat_count), found in the repeat index: the
  // party keys' earlier cases first; then, with the category that gave, the subject key's; when
  // those add cases the dispute is classified again with the full count (the subject key stays
  // that of the first category: docs/repeats.md). Fills `found`. Pure but for the index read.
  Classification classify_with_repeats(Dispute& d, RepeatFindings& found) const;
  // A resubmission (duplicate) that carries the channel's 回访 result: records it on the resolved
  // case unless it is the rating already recorded, then answers the acknowledgement with
  // ChannelFeedback recorded, already_recorded or not_resolved (engine.cpp).
  void record_channel_feedback(const lifecycle::CaseState& state, lifecycle::FeedbackGiven f,
                               const std::string& by, Answer<SubmitAck> done);
  // engine.cpp: classify, assign and send a submit to the store.
  void run_submit(const std::shared_ptr<SubmitJob>& job);
  // When one of `keys` belongs to a new case not yet committed: queues `job` to run again after
  // that commit and returns true. Otherwise marks `keys` pending and returns false.
  bool defer_for_pending(const std::shared_ptr<SubmitJob>& job,
                         const std::vector<std::string>& keys);
  // A new case's commit ended (committed, duplicate or refused): its keys are no longer pending,
  // and the deferred submits run again (after remember_repeats, so they see it).
  void release_pending(const std::vector<std::string>& keys);
  // After a new case committed: its keys join the index.
  void remember_repeats(std::int64_t case_id, const std::vector<std::string>& keys,
                        Timestamp received_at);
  // At start, before the writer thread: the keys of the cases received within the window.
  Result<void> load_repeats();

  // --- engine_suspension.cpp
  // The event of a suspend, resume or extend command for an open case (`info`; null: not open),
  // with the due date it moves to (the parser checked the reason and the days). Errors:
  // invalid_input on "days" for an extension past the rule's cap; conflict where the rule allows
  // no extension, or the allowed number is used up, or the case is suspended; a suspend on a
  // suspended case and a resume on a running one are refused by the lifecycle when committed
  // (conflict).
  Result<lifecycle::EventData> clock_change(const command::Suspend& c) const;
  Result<lifecycle::EventData> clock_change(const command::Resume& c, const OpenCaseInfo* info,
                                            Timestamp now) const;
  Result<lifecycle::EventData> clock_change(const command::Extend& c, const OpenCaseInfo* info,
                                            const std::string& actor) const;

  // --- engine_recompute.cpp
  // Counts every open case's deadline again on the current calendar; a case whose due date or
  // provisional mark changed gets a deadline_changed event with `cause`.
  void recompute_deadlines(const std::string& cause);
  // From 1 November, once a day: warns (log, `stats`) when next year's calendar file is missing.
  void check_calendar_years();
  std::optional<CivilDate> calendar_warned_on;  // the day the missing-year warning was last logged
  std::string calendar_warning;                 // the current warning, for `stats` ("" when none)
  int calendar_missing_year = 0;  // the year the warning is about (0 when none), for reports

  // --- engine_reports.cpp
  void arm_report_timer();
  void write_due_reports(const report::WeeklySchedule& schedule) EXCLUDES(report_mu);
  // Any thread; blocks until a running report has finished.
  void stop_reports() EXCLUDES(report_mu);

  // --- engine_metrics.cpp
  // Open and overdue cases per level of their body, as `backlog` counts them.
  std::vector<EngineMetrics::LevelRow> open_by_level() const;

  // --- engine_reload.cpp
  void reload(ReloadAnswer done);
  void reload_dry_run(int window_days, Answer<DryRun> done);
  void swap_in(Snapshots next) EXCLUDES(versions_mu);
  void watch();
};

}  // namespace tiaojie::daemon::internal

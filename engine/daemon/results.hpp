// What the engine answers a command with, as typed values (issue 18): the engine decides and
// reads, a transport renders (replies.hpp: the NDJSON protocol's bytes; the HTTP front end its JSON
// and HTML). Each engine function completes with an Answer<T> of its result type.
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/auth.hpp"
#include "daemon/commands.hpp"
#include "lifecycle/case_state.hpp"
#include "lifecycle/event.hpp"
#include "model/error.hpp"
#include "replay/replay.hpp"
#include "store/store.hpp"

namespace tiaojie::daemon {

// How a command ends: its result, or why not. Called once, from the engine's strand or the store
// thread; it must not block (a transport queues the rendered reply and returns).
template <class T>
using Answer = std::function<void(Result<T>)>;

// hello: who the connection now is (answered by the transport, which owns authentication).
struct HelloAnswer {
  Principal who;
  std::size_t max_line_bytes = 0;
};

// A resubmission's 回访 result (a 12345 record sent again with its satisfaction rating).
enum class ChannelFeedback {
  none,              // the dispute carried none
  recorded,          // recorded on the resolved case
  already_recorded,  // the case holds this rating already
  not_resolved,      // the case has no resolution to rate
};

// submit: the case after its durable commit (or the original one, for a duplicate).
struct SubmitAck {
  lifecycle::CaseState state;
  bool duplicate = false;
  ChannelFeedback feedback = ChannelFeedback::none;
};

// A lifecycle operation, committed: the case as it now is.
struct CaseChanged {
  lifecycle::CaseState state;
  bool feedback = false;  // the operation was `feedback` (its answer names the rating)
};

// get: a case with every event of its log.
struct CaseView {
  store::CaseRecord record;
  // The dispute as stored (personal data included: the transport masks it for whom it must),
  // when asked for (Engine::get's with_dispute); not part of the NDJSON reply.
  std::optional<store::StoredDispute> dispute;
};

// backlog: the open cases now, per body, level and category.
struct BacklogBody {
  std::string body;
  std::int64_t open = 0;
  std::int64_t waiting = 0;      // received or assigned: waiting for acceptance
  std::int64_t in_progress = 0;  // accepted or in mediation
  std::int64_t overdue = 0;
  std::optional<Level> level;             // absent: the body is not in the current graph
  std::optional<std::uint32_t> capacity;  // the same
};
struct BacklogView {
  std::int64_t open = 0;
  std::int64_t overdue = 0;
  CivilDate as_of;
  std::map<std::string, std::int64_t> levels;  // "unknown" for a body not in the graph
  std::map<std::string, std::int64_t> categories;
  std::vector<BacklogBody> bodies;  // by body id
};

// queue: one page of the open cases a Queue asked for.
struct QueueItem {
  std::int64_t case_id = 0;
  std::string body;
  std::string category;
  std::optional<Level> level;  // absent: the body is not in the current graph
  lifecycle::Status status = lifecycle::Status::received;
  std::optional<CivilDate> due;        // the statutory clock's due date
  int due_provisional_year = 0;        // non-zero: counted across a year with no calendar file
  std::optional<Timestamp> reply_due;  // the channel's clock (a 12345 work order's 办理时限)
  bool overdue = false;
  bool reply_overdue = false;
};
struct QueueView {
  CivilDate as_of;
  std::size_t total = 0;  // matching cases, of which `items` is the page asked for
  std::vector<QueueItem> items;
};

// search: the matching cases, oldest first.
struct SearchHit {
  std::int64_t case_id = 0;
  Timestamp received_at{};
  std::string channel;
  std::string category;  // "" when not classified
  lifecycle::Status status = lifecycle::Status::received;
  std::string body;
  std::string description;  // as stored (personal data: the transport masks it)
};
struct SearchView {
  std::size_t total = 0;  // matching cases, of which `hits` are the first `limit`
  std::vector<SearchHit> hits;
};

struct Subscribed {};

// The transport's own connection counts, passed into `stats`.
struct ConnectionStats {
  std::int64_t open = 0;
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;
};

// stats: this daemon's counters (docs/protocol.md "stats").
struct StatsView {
  std::int64_t uptime_seconds = 0;
  std::string rules_version;
  std::string graph_version;
  ConnectionStats connections;
  std::int64_t open_cases = 0;
  std::int64_t deadlines_pending = 0;
  std::uint64_t submitted = 0;
  std::uint64_t acknowledged = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t refused = 0;
  std::uint64_t lifecycle_ops = 0;
  std::uint64_t timer_events = 0;
  std::uint64_t events_published = 0;
  std::int64_t subscribers = 0;
  std::uint64_t reloads = 0;
  std::uint64_t failed_reloads = 0;
  std::uint64_t deadlines_changed = 0;
  std::string calendar_warning;  // "" when none
  std::uint64_t commits = 0;
  std::uint64_t committed_changes = 0;
  std::uint64_t largest_batch = 0;
  double mean_batch = 0;
  std::uint64_t failed_commits = 0;
  double store_busy_seconds = 0;
  double store_busy_cpu_seconds = 0;
  std::size_t store_queue = 0;
  // Whether this daemon runs the deadline timers and scheduled reports: always alone on its
  // store; on a store shared by several daemons (PostgreSQL), the one that holds the lead.
  bool leader = true;
};

// reload: the snapshots now serving.
struct Reloaded {
  std::string rules_version;
  std::string graph_version;
  bool changed = false;  // rules, graph or calendar differ from what was serving
  std::int64_t warnings = 0;
};
// Why a reload did not happen: `error`, and when the files did not load, every error of theirs.
struct ReloadRefused {
  Error error;
  std::optional<std::vector<Error>> errors;  // absent: the reload did not run (one was running)
};
using ReloadAnswer = std::function<void(std::expected<Reloaded, ReloadRefused>)>;

// reload with dry_run: what the files on disk would decide for the recent cases.
struct DryRun {
  std::string serving_rules_version;
  int window_days = 0;
  replay::ReplayReport report;
  Timestamp at{};  // when it was answered
};

// An event pushed to a subscriber: the event, its log sequence number, and the case as it is
// after it.
struct EventNotice {
  lifecycle::Event event;
  std::int64_t seq = 0;
  std::int64_t case_id = 0;
  std::vector<lifecycle::RepeatLink> repeat_of;
  lifecycle::Status status = lifecycle::Status::received;
  BodyId current_body;
  std::optional<CivilDate> due;
  bool due_provisional = false;
  std::optional<std::string> category;  // with `level`, when the case is classified
  Level level = Level::community;
};

// Where a subscription's events go. deliver is called on the engine's strand, in log order, for
// each event the filter accepts, while `owner` lives; it must not block. A second subscription
// with the same owner replaces the first.
struct Subscription {
  std::weak_ptr<void> owner;  // the connection; expired: the subscription ends
  EventFilter filter;
  std::function<void(const std::shared_ptr<const EventNotice>&)> deliver;
};

}  // namespace tiaojie::daemon

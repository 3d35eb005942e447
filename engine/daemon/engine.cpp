#include "daemon/internal/engine.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "daemon/internal/deadlines.hpp"
#include "daemon/internal/engine_impl.hpp"
#include "graph/assign.hpp"
#include "lifecycle/deadline.hpp"
#include "lifecycle/office_hours.hpp"
#include "rules/classify.hpp"
#include "support/overloaded.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;
using lifecycle::CaseState;
using lifecycle::Event;
using lifecycle::Status;

namespace {

bool filter_accepts(const EventFilter& f, const Event& e, const CaseState& s) {
  auto accepts = [](const std::set<std::string>& set, std::string_view v) {
    return set.empty() || set.contains(std::string(v));
  };
  std::string level = s.classification ? std::string(to_string(s.classification->level)) : "";
  std::string category = s.classification ? s.classification->category : "";
  bool body_ok =
      accepts(f.bodies, s.body.value) || (!e.body.value.empty() && accepts(f.bodies, e.body.value));
  return body_ok && accepts(f.levels, level) && accepts(f.categories, category) &&
         accepts(f.kinds, lifecycle::to_string(e.kind()));
}

}  // namespace

Engine::Impl::Impl(asio::io_context& io_, const DaemonConfig& config_, Clock& clock_,
                   std::unique_ptr<store::Store> store, Snapshots initial,
                   ReaderOpener open_reader_, std::shared_ptr<const RepeatHasher> hasher_)
    : io(io_),
      strand(asio::make_strand(io_)),
      config(config_),
      clock(clock_),
      writer(std::move(store), strand, Writer::k_default_max_batch,
             Pacing{.idle_catch_up = config_.idle_catch_up}),
      snap(std::move(initial)),
      versions_copy{snap.rules->version(), snap.graph->version()},
      snap_copy(snap),
      deadline_timer(strand),
      watch_timer(strand),
      report_timer(strand),
      share_timer(strand),
      open_reader(std::move(open_reader_)),
      hasher(std::move(hasher_)),
      repeats(std::chrono::days{config_.repeat.window_days}) {}

Engine::Engine(asio::io_context& io, const DaemonConfig& config, Clock& clock,
               std::unique_ptr<store::Store> store, Snapshots initial, ReaderOpener open_reader,
               std::shared_ptr<const RepeatHasher> repeats)
    : impl_(std::make_unique<Impl>(io, config, clock, std::move(store), std::move(initial),
                                   std::move(open_reader), std::move(repeats))) {}

Engine::~Engine() { stop(); }

std::pair<std::string, std::string> Engine::versions() const {
  MutexLock lock(impl_->versions_mu);
  return impl_->versions_copy;
}

std::shared_ptr<const lifecycle::WorkingCalendar> Engine::calendar() const {
  MutexLock lock(impl_->versions_mu);
  return impl_->snap_copy.calendar;
}

std::optional<DryRun> Engine::last_dry_run() const {
  MutexLock lock(impl_->versions_mu);
  return impl_->last_dry_run;
}

Snapshots Engine::snapshots() const {
  MutexLock lock(impl_->versions_mu);
  return impl_->snap_copy;
}

Result<void> Engine::start() {
  auto& m = *impl_;
  // Runs before the io_context: the store is used from this thread until the writer starts.
  // Before the open cases are read: an event committed meanwhile is polled again, never missed.
  if (auto r = m.join_shared_store(); !r) return r;
  if (auto r = m.load_open_cases(); !r) return r;
  if (auto r = m.load_repeats(); !r) return r;
  m.rebuild_load_view();
  m.writer.start();
  if (m.deadlines_pending > 0) m.load_deadlines(0);
  // Keep every rule-set version that ever decided something (replay, explanations).
  std::map<std::string, std::string> files;
  for (const auto& f : m.snap.rules->files()) files[f.name] = f.contents;
  m.writer.run([version = m.snap.rules->version(), files = std::move(files)](store::Store& s) {
    if (auto r = s.put_rule_set(version.view(), files); !r)
      spdlog::error("storing rule set {}: {}", version, r.error().to_string());
  });
  asio::post(m.strand, [&m] {
    m.check_calendar_years();
    // Count every open case's deadline again on this run's calendar (a file added while the daemon
    // was down) and give a date to cases stored without one; a large store's cases are counted
    // when their slice has been read (load_deadlines).
    if (m.deadlines_pending == 0) m.recompute_deadlines("deadlines counted again at start");
    m.arm_deadline_timer();
    m.arm_report_timer();
    m.watched_fingerprint = fingerprint(m.config);
    m.watch();
    if (m.shared_store) m.poll_shared_store();
  });
  return ok;
}

void Engine::stop() {
  auto& m = *impl_;
  if (m.stopped.exchange(true)) return;
  asio::post(m.strand, [&m] {
    boost::system::error_code ignored;
    m.deadline_timer.cancel();
    m.watch_timer.cancel();
    m.report_timer.cancel();
    m.share_timer.cancel();
  });
  m.stop_reports();
  m.writer.stop();
}

std::string Engine::Impl::actor(const Scope& who) const {
  return std::string(who.role == Role::operator_ ? "operator:" : "channel:") + who.name;
}

void Engine::Impl::add_load(const BodyId& body, std::int64_t delta) {
  if (body.value.empty()) return;
  auto& n = load[body];
  n += delta;
  if (n <= 0) load.erase(body);
  if (auto idx = snap.graph->find(body.value)) {
    if (*idx >= load_view.size()) load_view.resize(snap.graph->body_count(), 0);
    auto& v = load_view[*idx];
    v = static_cast<std::uint32_t>(std::max<std::int64_t>(0, static_cast<std::int64_t>(v) + delta));
  }
}

void Engine::Impl::rebuild_load_view() {
  load_view.assign(snap.graph->body_count(), 0);
  for (const auto& [body, n] : load) {
    if (auto idx = snap.graph->find(body.value)) load_view[*idx] = static_cast<std::uint32_t>(n);
  }
}

void Engine::Impl::track(std::int64_t case_id, const CaseState& state) {
  auto it = open.find(case_id);
  if (it != open.end()) {
    add_load(it->second.body, -1);
    // A committed state is complete: the slice that would have read this case skips it.
    if (!it->second.deadlines_known) --deadlines_pending;
  }
  if (!lifecycle::is_open(state.status)) {
    if (it != open.end()) open.erase(it);
    return;
  }
  OpenCaseInfo info = open_case_info(state);
  add_load(info.body, +1);
  auto& slot = open[case_id];
  slot = std::move(info);
  schedule(case_id, slot);
}

void Engine::Impl::publish(const Event& event, std::int64_t seq, const CaseState& state) {
  if (subscribers.empty()) return;
  std::shared_ptr<const EventNotice> notice;  // made once, for the first subscriber that wants it
  std::erase_if(subscribers, [](const Subscription& s) { return s.owner.expired(); });
  for (const auto& sub : subscribers) {
    if (!filter_accepts(sub.filter, event, state)) continue;
    if (!notice) {
      EventNotice n;
      n.event = event;
      n.seq = seq;
      n.case_id = state.id.value;
      n.repeat_of = state.repeat_of;
      n.status = state.status;
      n.current_body = state.body;
      n.due = state.due;
      n.due_provisional = state.due_provisional_year != 0;
      if (state.classification) {
        n.category = state.classification->category;
        n.level = state.classification->level;
      }
      notice = std::make_shared<const EventNotice>(std::move(n));
    }
    if (auto owner = sub.owner.lock()) {
      sub.deliver(notice);
      ++counters.events_published;
    }
  }
}

void Engine::Impl::publish_all(const std::vector<Event>& events, std::int64_t last_seq,
                               const CaseState& state) {
  if (subscribers.empty()) return;
  // On a shared store the other daemons' events with lower seqs may not be here yet: these wait
  // for the poll that reads past them, so that subscribers see the log's order
  // (engine_shared.cpp).
  std::shared_ptr<const CaseState> held_state;
  if (shared_store) held_state = std::make_shared<const CaseState>(state);
  auto first = last_seq - static_cast<std::int64_t>(events.size()) + 1;
  for (std::size_t i = 0; i < events.size(); ++i) {
    Event e = events[i];
    e.case_id = state.id;
    const std::int64_t seq = first + static_cast<std::int64_t>(i);
    if (held_state) {
      held_notices.emplace(seq, HeldNotice{std::move(e), held_state});
    } else {
      publish(e, seq, state);
    }
  }
  if (held_state) poll_shared_store_soon();
}

void Engine::submit(command::Submit submit, Scope who, Answer<SubmitAck> done) {
  auto& m = *impl_;
  auto job = std::make_shared<SubmitJob>(SubmitJob{
      std::move(submit.dispute), std::move(submit.text), std::move(who), std::move(done)});
  asio::post(m.strand, [&m, job] {
    ++m.counters.submitted;
    m.run_submit(job);
  });
}

void Engine::Impl::run_submit(const std::shared_ptr<SubmitJob>& job) {
  auto& m = *this;
  auto& d = job->dispute;
  auto& text = job->text;
  auto& who = job->who;
  auto& done = job->done;
  {
    auto now = m.clock.now();
    if (!d.received_at) d.received_at = now;
    RepeatFindings repeat;  // engine_repeats.cpp: the count the rules see, before they run
    Classification c = m.classify_with_repeats(d, repeat);
    // A dispute sharing a key with one still on its way to the store waits for that commit, so
    // that a pipelined batch (an import) links to the cases earlier in it.
    if (m.defer_for_pending(job, repeat.keys)) return;
    Assignment a = graph::assign(*m.snap.graph, graph::LoadView{m.load_view}, d, c);
    const ComputedDueDate due = m.due_date(c, *d.received_at);
    std::string actor = m.actor(who);
    BodyId lead = a.lead;
    std::vector<Event> events;
    events.reserve(
        3);  // one allocation: an Event is ~700 bytes, growing the vector moved them twice
    events.push_back(
        Event{{},
              now,
              actor,
              {},
              lifecycle::Submitted{d.channel, d.external_id, *d.received_at, d.reply_due,
                                   std::move(repeat.links), repeat.keys}});
    events.push_back(Event{{},
                           now,
                           std::string(lifecycle::k_system_actor),
                           {},
                           lifecycle::Classified{std::move(c), due.due, due.provisional_year}});
    events.push_back(Event{
        {}, now, std::string(lifecycle::k_system_actor), lead, lifecycle::Assigned{std::move(a)}});
    // Counted now so that the next dispute of this batch already sees the body's new load; undone
    // if the commit turns out a duplicate or fails.
    m.add_load(lead, +1);
    std::vector<Event> published;  // copied only when someone listens
    if (!m.subscribers.empty()) published = events;
    const Timestamp received_at = *d.received_at;
    const std::size_t intake_slot = m.intake.slot(d.channel);  // for /metrics
    // A resubmitted record with its 回访 result (a 12345 order exported again): recorded below.
    std::optional<lifecycle::FeedbackGiven> channel_feedback;
    if (d.feedback) {
      if (auto rating = lifecycle::parse_satisfaction(*d.feedback))
        channel_feedback =
            lifecycle::FeedbackGiven{*rating, d.channel, d.feedback_comment.value_or("")};
    }
    m.writer.commit(
        store::NewCase{std::move(d), std::move(text), std::move(events)},
        [&m, lead, done = std::move(done), published = std::move(published),
         keys = std::move(repeat.keys), received_at, channel_feedback = std::move(channel_feedback),
         actor, intake_slot, arrived = job->arrived](store::ChangeOutcome outcome) mutable {
          m.add_load(lead, -1);
          // Its keys are known (or not) to the index now: the disputes waiting on them go on.
          struct Release {
            Impl& m;
            const std::vector<std::string>& keys;
            ~Release() { m.release_pending(keys); }
          } release{m, keys};
          m.intake.acknowledged_after(arrived);
          if (!outcome) {
            ++m.counters.refused;
            m.intake.count(intake_slot, IntakeMetrics::Outcome::refused_by_store);
            done(std::unexpected(outcome.error()));
            return;
          }
          if (outcome->duplicate) {
            ++m.counters.duplicates;
            m.intake.count(intake_slot, IntakeMetrics::Outcome::duplicate);
            if (channel_feedback) {
              m.record_channel_feedback(outcome->state, std::move(*channel_feedback), actor,
                                        std::move(done));
              return;
            }
          } else {
            ++m.counters.acknowledged;
            m.intake.count(intake_slot, IntakeMetrics::Outcome::accepted);
            m.remember_repeats(outcome->case_id.value, keys, received_at);
            m.track(outcome->case_id.value, outcome->state);
            m.publish_all(published, outcome->last_seq, outcome->state);
          }
          done(SubmitAck{std::move(outcome->state), outcome->duplicate,
                         channel_feedback ? ChannelFeedback::not_resolved : ChannelFeedback::none});
        });
  }
}

void Engine::Impl::record_channel_feedback(const CaseState& state, lifecycle::FeedbackGiven f,
                                           const std::string& by, Answer<SubmitAck> done) {
  // The acknowledgement shows the case as it was found, whatever the rating does to it.
  SubmitAck ack{state, true, ChannelFeedback::none};
  if (!state.resolution || (state.feedback && *state.feedback == f)) {
    ack.feedback =
        state.resolution ? ChannelFeedback::already_recorded : ChannelFeedback::not_resolved;
    done(std::move(ack));
    return;
  }
  std::vector<Event> events{Event{state.id, clock.now(), by, {}, std::move(f)}};
  auto published = events;
  writer.commit(store::CaseEvents{state.id, std::move(events)},
                [this, done = std::move(done), ack = std::move(ack),
                 published = std::move(published)](store::ChangeOutcome outcome) mutable {
                  if (!outcome) {
                    done(std::unexpected(outcome.error()));
                    return;
                  }
                  publish_all(published, outcome->last_seq, outcome->state);
                  ack.feedback = ChannelFeedback::recorded;
                  done(std::move(ack));
                });
}

void Engine::change(CaseChange change, Scope who, Answer<CaseChanged> done) {
  auto& m = *impl_;
  // `shared_store` is set before serving and never changes.
  if (who.role != Role::staff && !m.shared_store) {
    change_within_reach(std::move(change), std::move(who), std::move(done));
    return;
  }
  // A staff account acts only on cases within its reach: the case is read first (a closed one is
  // not in memory), as `get` reads it, so that a change queued before this one is seen. On a
  // shared store the case may have changed through another daemon since this one last polled
  // (engine_shared.cpp): its fresh state gives the events their body and deadline clock.
  const std::int64_t case_id = case_of(change);
  asio::post(m.strand, [this, &m, case_id, change = std::move(change), who = std::move(who),
                        done = std::move(done)]() mutable {
    m.writer.read([this, graph = m.snap.graph, case_id, change = std::move(change),
                   who = std::move(who), done = std::move(done)](store::Store& s) mutable {
      auto record = s.get_case(lifecycle::CaseId{case_id});
      if (!record) {
        done(std::unexpected(record.error()));
        return;
      }
      const auto& state = record->state;
      if (who.role == Role::staff) {
        const CaseWhere where{state.channel, state.body.value, graph->street_of(state.body.value)};
        if (auto allowed = authorise_case(who, where); !allowed) {
          done(std::unexpected(allowed.error()));
          return;
        }
      }
      auto& m = *impl_;
      if (m.shared_store) {
        asio::post(m.strand, [&m, case_id, state = std::move(record->state)] {
          if (!m.stopped) m.track_committed_elsewhere(case_id, state);
        });
      }
      change_within_reach(std::move(change), std::move(who), std::move(done));
    });
  });
}

void Engine::change_within_reach(CaseChange change, Scope who, Answer<CaseChanged> done) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, change = std::move(change), who = std::move(who),
                        done = std::move(done)]() mutable {
    const Op op = op_of(change);
    const std::int64_t case_id = case_of(change);
    auto now = m.clock.now();
    std::string actor = m.actor(who);
    auto known = m.open.find(case_id);
    const OpenCaseInfo* info = known != m.open.end() ? &known->second : nullptr;
    BodyId body = info ? info->body : BodyId{};
    std::vector<Event> events;
    auto add = [&](lifecycle::EventData data, BodyId b) {
      events.push_back(
          Event{lifecycle::CaseId{case_id}, now, actor, std::move(b), std::move(data)});
    };
    // A rule that counts from this event starts its clock today (民法典 art. 201: day 1 is
    // tomorrow). Once only: a case transferred after acceptance keeps the clock it had (its period
    // == rule).
    auto clock_starts = [&](DeadlineStart event) -> ComputedDueDate {
      if (!info || !info->rule || info->rule->from != event) return {};
      if (info->period == info->rule && info->clock_start) return {};
      auto computed = compute_due(*m.snap.calendar, *info->rule, shanghai_date(now));
      return {computed.due, computed.provisional_year};
    };
    // The event of a command checked against the case and the snapshots; the lifecycle checks the
    // transition itself when the store applies it.
    auto event_of = Overloaded{
        [&](const command::Accept&) -> Result<void> {
          auto due = clock_starts(DeadlineStart::accepted);
          add(lifecycle::Accepted{due.due, due.provisional_year}, body);
          return ok;
        },
        [&](const command::StartMediation&) -> Result<void> {
          auto due = clock_starts(DeadlineStart::mediation_started);
          add(lifecycle::MediationStarted{due.due, due.provisional_year}, body);
          return ok;
        },
        // engine_suspension.cpp: the bounds are checked before anything goes to the store.
        [&](const command::Suspend& c) -> Result<void> {
          auto data = m.clock_change(c);
          if (!data) return std::unexpected(data.error());
          add(std::move(*data), body);
          return ok;
        },
        [&](const command::Resume& c) -> Result<void> {
          auto data = m.clock_change(c, info, now);
          if (!data) return std::unexpected(data.error());
          add(std::move(*data), body);
          return ok;
        },
        [&](const command::Extend& c) -> Result<void> {
          auto data = m.clock_change(c, info, actor);
          if (!data) return std::unexpected(data.error());
          add(std::move(*data), body);
          return ok;
        },
        [&](command::Transfer& c) -> Result<void> {
          if (!m.snap.graph->find(c.body))
            return std::unexpected(not_found("no body '" + c.body + "' in the body graph", "body"));
          BodyId target{std::move(c.body)};
          add(lifecycle::Transferred{target, std::move(c.reason), std::nullopt}, target);
          return ok;
        },
        [&](command::Resolve& c) -> Result<void> {
          // Mediation starts implicitly when a case is resolved straight after acceptance.
          if (info && info->status == Status::accepted) add(lifecycle::MediationStarted{}, body);
          std::visit([&](auto& outcome) { add(std::move(outcome), body); }, c.outcome);
          return ok;
        },
        [&](command::Withdraw& c) -> Result<void> {
          add(lifecycle::Withdrawn{std::move(c.reason)}, body);
          return ok;
        },
        [&](command::Close& c) -> Result<void> {
          add(lifecycle::Closed{std::move(c.note)}, body);
          return ok;
        },
        // After a resolution only: the lifecycle refuses it otherwise (conflict), storing nothing.
        [&](command::Feedback& c) -> Result<void> {
          add(std::move(c.given), body);
          return ok;
        },
    };
    if (auto made = std::visit(event_of, change); !made) {
      done(std::unexpected(made.error()));
      return;
    }
    ++m.counters.lifecycle_ops;
    auto published = events;
    m.writer.commit(store::CaseEvents{lifecycle::CaseId{case_id}, std::move(events)},
                    [&m, op, case_id, done = std::move(done),
                     published = std::move(published)](store::ChangeOutcome outcome) mutable {
                      if (!outcome) {
                        done(std::unexpected(outcome.error()));
                        return;
                      }
                      m.track(case_id, outcome->state);
                      m.publish_all(published, outcome->last_seq, outcome->state);
                      done(CaseChanged{std::move(outcome->state), op == Op::feedback});
                    });
  });
}

void Engine::get(command::Get get, Scope who, Answer<CaseView> done, bool with_dispute) {
  // Reads run on the store thread between group commits, a few per round (Writer::read: work
  // queued after them need not wait for all of them); the answer goes straight to the transport.
  // Queued through the strand first: a submit is queued to the store thread from the strand, so a
  // read queued from here directly could overtake a submit sent before it on the same connection
  // and answer "no such case" for a dispute already acknowledged there (read your own writes).
  auto& m = *impl_;
  auto read = [get = std::move(get), who = std::move(who), done = std::move(done), with_dispute](
                  store::Store& s, const graph::BodyGraph& graph) {
    Result<store::CaseRecord> record = std::unexpected(not_found("no such case"));
    if (get.case_id > 0) {
      record = s.get_case(lifecycle::CaseId{get.case_id});
    } else {
      auto found = s.find_by_key(get.channel.value_or(who.name), get.external_id);
      if (!found) {
        record = std::unexpected(found.error());
      } else if (*found) {
        record = std::move(**found);
      } else {
        record = std::unexpected(not_found("no case for this channel and external_id"));
      }
    }
    if (!record) {
      done(std::unexpected(record.error()));
      return;
    }
    const auto& state = record->state;
    const CaseWhere where{state.channel, state.body.value, graph.street_of(state.body.value)};
    if (auto allowed = authorise_case(who, where); !allowed) {
      done(std::unexpected(allowed.error()));
      return;
    }
    CaseView view{std::move(*record), std::nullopt};
    if (with_dispute) {
      // The disputes table is indexed by receipt time (seconds), which the case state holds.
      const auto at = std::chrono::floor<std::chrono::seconds>(view.record.state.received_at);
      auto found = s.for_each_dispute(at, at + std::chrono::seconds{1}, [&](const auto& d) {
        if (d.case_id != view.record.state.id) return true;
        view.dispute = d;
        return false;
      });
      if (!found) {
        done(std::unexpected(found.error()));
        return;
      }
    }
    done(std::move(view));
  };
  // The graph now serving, taken on the strand (the snapshots' owner) for the reach check.
  asio::post(m.strand, [&m, read = std::move(read)]() mutable {
    m.writer.read([graph = m.snap.graph, read = std::move(read)](store::Store& s) mutable {
      read(s, *graph);
    });
  });
}

// Overdue from close of business on its due date in its body's office hours (民法典 art. 203).
bool is_overdue(const Snapshots& snap, const OpenCaseInfo& info, CivilDate today, Timestamp now) {
  // A suspended clock does not run out (docs/calendar.md): the deadline policy raises no overdue
  // for it, and the backlog, /metrics and the workbench do not count it either.
  if (info.suspended_since) return false;
  if (!info.due || std::chrono::sys_days(*info.due) > std::chrono::sys_days(today)) return false;
  if (*info.due != today) return true;
  auto close =
      lifecycle::close_of_business(*snap.calendar, body_hours(*snap.graph, info.body), today);
  return close && now >= *close;
}

void Engine::backlog(Answer<BacklogView> done) {
  auto& m = *impl_;
  // The open cases are tracked when a commit completes. Like `get`, a backlog waits for every
  // change queued before it: strand → store thread (after those commits) → strand, where their
  // completions were posted first.
  auto count = [&m, done = std::move(done)] {
    const Timestamp now = m.clock.now();
    BacklogView view;
    view.as_of = shanghai_date(now);
    view.open = static_cast<std::int64_t>(m.open.size());
    std::map<std::string, BacklogBody> bodies;
    for (const auto& [case_id, info] : m.open) {
      auto& row = bodies[info.body.value];
      ++row.open;
      if (info.status == Status::assigned || info.status == Status::received) ++row.waiting;
      if (info.status == Status::accepted || info.status == Status::in_mediation) ++row.in_progress;
      if (is_overdue(m.snap, info, view.as_of, now)) {
        ++row.overdue;
        ++view.overdue;
      }
      ++view.categories[info.category];
      std::string level = "unknown";
      if (auto idx = m.snap.graph->find(info.body.value))
        level = to_string(m.snap.graph->body(*idx).level);
      ++view.levels[level];
    }
    view.bodies.reserve(bodies.size());
    for (auto& [body, row] : bodies) {
      row.body = body;
      if (auto idx = m.snap.graph->find(body)) {
        row.level = m.snap.graph->body(*idx).level;
        row.capacity = m.snap.graph->body(*idx).capacity;
      }
      view.bodies.push_back(std::move(row));
    }
    done(std::move(view));
  };
  asio::post(m.strand, [&m, count = std::move(count)]() mutable {
    m.writer.run([&m, count = std::move(count)](store::Store&) mutable {
      asio::post(m.strand, std::move(count));
    });
  });
}

void Engine::subscribe(Subscription subscription, Answer<Subscribed> done) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, sub = std::move(subscription), done = std::move(done)]() mutable {
    // One subscription per connection: a second subscribe replaces the filter.
    std::erase_if(m.subscribers, [&](const Subscription& s) {
      return s.owner.expired() ||
             (!s.owner.owner_before(sub.owner) && !sub.owner.owner_before(s.owner));
    });
    m.subscribers.push_back(std::move(sub));
    done(Subscribed{});
  });
}

void Engine::stats(ConnectionStats connections, Answer<StatsView> done) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, connections, done = std::move(done)]() mutable {
    auto w = m.writer.stats();
    const auto& c = m.counters;
    StatsView v;
    v.uptime_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::steady_clock::now() - m.started)
                           .count();
    v.rules_version = m.snap.rules->version();
    v.graph_version = m.snap.graph->version();
    v.connections = connections;
    v.open_cases = static_cast<std::int64_t>(m.open.size());
    v.deadlines_pending = static_cast<std::int64_t>(m.deadlines_pending);
    v.submitted = c.submitted;
    v.acknowledged = c.acknowledged;
    v.duplicates = c.duplicates;
    v.refused = c.refused;
    v.lifecycle_ops = c.lifecycle_ops;
    v.timer_events = c.timer_events;
    v.events_published = c.events_published;
    v.subscribers = static_cast<std::int64_t>(m.subscribers.size());
    v.reloads = c.reloads;
    v.failed_reloads = c.failed_reloads;
    v.deadlines_changed = c.deadlines_changed;
    m.check_calendar_years();
    v.calendar_warning = m.calendar_warning;
    v.commits = w.commits;
    v.committed_changes = w.changes;
    v.largest_batch = w.largest_batch;
    v.mean_batch =
        w.commits ? static_cast<double>(w.changes) / static_cast<double>(w.commits) : 0.0;
    v.failed_commits = w.failed_commits;
    v.store_busy_seconds = std::chrono::duration<double>(w.busy).count();
    v.store_busy_cpu_seconds = std::chrono::duration<double>(w.busy_cpu).count();
    v.store_queue = m.writer.queued();
    v.leader = m.leading;
    done(std::move(v));
  });
}

void Engine::reload(ReloadAnswer done) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, done = std::move(done)]() mutable { m.reload(std::move(done)); });
}

void Engine::reload_dry_run(int window_days, Answer<DryRun> done) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, window_days, done = std::move(done)]() mutable {
    m.reload_dry_run(window_days, std::move(done));
  });
}

void Engine::clock_changed() {
  auto& m = *impl_;
  asio::post(m.strand, [&m] {
    m.armed_for.reset();
    m.on_deadline_timer();
  });
}

}  // namespace tiaojie::daemon::internal

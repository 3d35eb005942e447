#include "daemon/internal/engine.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "daemon/internal/deadlines.hpp"
#include "daemon/internal/engine_impl.hpp"
#include "daemon/protocol.hpp"
#include "graph/assign.hpp"
#include "lifecycle/deadline.hpp"
#include "lifecycle/event_json.hpp"
#include "lifecycle/office_hours.hpp"
#include "rules/classify.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;
namespace json = boost::json;
using lifecycle::CaseState;
using lifecycle::Event;
using lifecycle::Status;

namespace {

std::string text_field(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                  : std::string();
}

json::array to_json_array(const std::vector<BodyId>& ids) {
  json::array a;
  for (const auto& b : ids) a.emplace_back(b.value);
  return a;
}

// The mediation deadline as a client sees it (docs/protocol.md): `due`, whether it is provisional
// and why, or, before the rule's start event, the event its clock waits for.
void deadline_fields(json::object& o, const CaseState& s) {
  o["due"] = s.due ? json::value(format_date(*s.due)) : json::value(nullptr);
  if (s.due) {
    o["due_provisional"] = s.due_provisional_year != 0;
    if (s.due_provisional_year != 0)
      o["provisional_reason"] = lifecycle::provisional_reason(s.due_provisional_year);
  }
  // The event the rule's own clock waits for (a routing period may run meanwhile).
  if (s.classification && s.classification->deadline.from != DeadlineStart::received &&
      !(s.clock_period == s.classification->deadline)) {
    o["due_waits_for"] = to_string(s.classification->deadline.from);
  }
}

// An event as the protocol shows it (`get`, subscriptions): the stored payload without the
// repeat keys, which only the daemon's index needs (docs/protocol.md).
json::object wire_event(const Event& e) {
  json::object ev = lifecycle::event_to_json(e);
  if (e.kind() == lifecycle::EventKind::submitted) ev["data"].as_object().erase("repeat_keys");
  return ev;
}

// The earlier cases a case repeats (重复信访): [{"case": 12, "reason": "same_party"}, …].
json::array repeat_links(const std::vector<lifecycle::RepeatLink>& links) {
  json::array a;
  for (const auto& l : links)
    a.push_back(json::object{{"case", l.earlier.value}, {"reason", to_string(l.reason)}});
  return a;
}

// The acknowledgement of a submit: the case id and the decision, flat so that a channel's
// integration reads it without knowing the internal event shapes.
json::object ack_fields(const CaseState& s, bool duplicate) {
  json::object o;
  o["case"] = s.id.value;
  o["duplicate"] = duplicate;
  o["channel"] = s.channel;
  o["external_id"] = s.external_id;
  o["status"] = lifecycle::to_string(s.status);
  if (s.classification) {
    const auto& c = *s.classification;
    o["category"] = c.category;
    o["priority"] = to_string(c.priority);
    o["mode"] = to_string(c.mode);
    o["level"] = to_string(c.level);
    o["rule"] = c.category_rule.empty() ? std::string()
                                        : c.category_rule.table + "." + c.category_rule.rule_id;
    o["deadline"] = json::object{{"days", c.deadline.days},
                                 {"count", to_string(c.deadline.count)},
                                 {"from", to_string(c.deadline.from)}};
    o["rules_version"] = c.rules_version;
  }
  if (s.assignment) {
    o["body"] = s.assignment->lead.value;
    o["partners"] = to_json_array(s.assignment->partners);
    o["needs_review"] = s.assignment->needs_review;
    if (s.assignment->needs_review) o["review_reason"] = s.assignment->review_reason;
    o["graph_version"] = s.assignment->graph_version;
  }
  deadline_fields(o, s);
  // Always present, so that the assigned body's integration sees a repeat without reading events.
  o["repeat_count"] = static_cast<std::int64_t>(s.repeat_of.size());
  o["repeat_of"] = repeat_links(s.repeat_of);
  return o;
}

json::object case_fields(const store::CaseRecord& r) {
  json::object o = ack_fields(r.state, false);
  o.erase("duplicate");
  o["body"] = r.state.body.value;
  o["received_at"] = format_timestamp(r.state.received_at);
  // The channel's own reply deadline, the second clock beside `due` (deadlines.cpp).
  if (r.state.reply_due) {
    o["reply_due"] = format_timestamp(*r.state.reply_due);
    o["reply_status"] = r.state.reply_overdue_sent    ? "overdue"
                        : r.state.reply_due_soon_sent ? "due_soon"
                                                      : "pending";
  }
  // The deadline clock's suspensions and extensions (docs/calendar.md).
  if (r.state.suspended_since) o["suspended_since"] = format_date(*r.state.suspended_since);
  o["suspended_units"] = r.state.suspended_units;
  o["extended_units"] = r.state.extended_units;
  o["extensions"] = r.state.extensions;
  o["transfers"] = r.state.transfers;
  o["escalations"] = r.state.escalations;
  o["supervision_notices"] = r.state.supervision_notices;
  if (r.state.feedback) {
    const auto& f = *r.state.feedback;
    o["feedback"] = json::object{{"rating", to_string(f.rating)},
                                 {"label", lifecycle::chinese_label(f.rating)},
                                 {"channel", f.channel},
                                 {"comment", f.comment},
                                 {"count", r.state.feedbacks}};
  }
  json::array events;
  for (const auto& e : r.events) {
    json::object ev = wire_event(e.event);
    ev["seq"] = e.seq;
    events.emplace_back(std::move(ev));
  }
  o["events"] = std::move(events);
  return o;
}

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
      writer(std::move(store), strand),
      snap(std::move(initial)),
      versions_copy{snap.rules->version(), snap.graph->version()},
      calendar_copy(snap.calendar),
      deadline_timer(strand),
      watch_timer(strand),
      report_timer(strand),
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
  return impl_->calendar_copy;
}

Result<void> Engine::start() {
  auto& m = *impl_;
  // Runs before the io_context: the store is used from this thread until the writer starts.
  if (auto r = m.load_open_cases(); !r) return r;
  if (auto r = m.load_repeats(); !r) return r;
  m.rebuild_load_view();
  m.writer.start();
  if (m.deadlines_pending > 0) m.load_deadlines(0);
  // Keep every rule-set version that ever decided something (replay, explanations).
  std::map<std::string, std::string> files;
  for (const auto& f : m.snap.rules->files()) files[f.name] = f.contents;
  m.writer.run([version = m.snap.rules->version(), files = std::move(files)](store::Store& s) {
    if (auto r = s.put_rule_set(version, files); !r)
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
  });
  m.stop_reports();
  m.writer.stop();
}

std::string Engine::Impl::actor(const Principal& who) const {
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
  std::shared_ptr<const std::string> line;
  std::erase_if(subscribers, [](const Subscriber& s) { return s.session.expired(); });
  for (const auto& sub : subscribers) {
    if (!filter_accepts(sub.filter, event, state)) continue;
    if (!line) {
      json::object ev = wire_event(event);
      ev["seq"] = seq;
      ev["case"] = state.id.value;
      // Every event of a repeat dispute says so, so that the body it reaches knows its history.
      if (!state.repeat_of.empty()) {
        ev["repeat_count"] = static_cast<std::int64_t>(state.repeat_of.size());
        ev["repeat_of"] = repeat_links(state.repeat_of);
      }
      ev["status"] = lifecycle::to_string(state.status);
      ev["current_body"] = state.body.value;
      if (state.due) {
        ev["case_due"] = format_date(*state.due);
        ev["case_due_provisional"] = state.due_provisional_year != 0;
      }
      if (state.classification) {
        ev["category"] = state.classification->category;
        ev["level"] = to_string(state.classification->level);
      }
      line = std::make_shared<const std::string>(event_line(ev));
    }
    if (auto s = sub.session.lock()) {
      s->push_event(line);
      ++counters.events_published;
    }
  }
}

void Engine::Impl::publish_all(const std::vector<Event>& events, std::int64_t last_seq,
                               const CaseState& state) {
  auto first = last_seq - static_cast<std::int64_t>(events.size()) + 1;
  for (std::size_t i = 0; i < events.size(); ++i) {
    Event e = events[i];
    e.case_id = state.id;
    publish(e, first + static_cast<std::int64_t>(i), state);
  }
}

void Engine::submit(Dispute dispute, std::string dispute_json, Principal who,
                    std::optional<RequestId> id, Reply reply) {
  auto& m = *impl_;
  auto job =
      std::make_shared<SubmitJob>(SubmitJob{std::move(dispute), std::move(dispute_json),
                                            std::move(who), std::move(id), std::move(reply)});
  asio::post(m.strand, [&m, job] {
    ++m.counters.submitted;
    m.run_submit(job);
  });
}

void Engine::Impl::run_submit(const std::shared_ptr<SubmitJob>& job) {
  auto& m = *this;
  auto& d = job->dispute;
  auto& text = job->json;
  auto& who = job->who;
  auto& id = job->id;
  auto& reply = job->reply;
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
        [&m, lead, id = std::move(id), reply = std::move(reply), published = std::move(published),
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
            reply(error_response(id, outcome.error()));
            return;
          }
          if (outcome->duplicate) {
            ++m.counters.duplicates;
            m.intake.count(intake_slot, IntakeMetrics::Outcome::duplicate);
            if (channel_feedback) {
              m.record_channel_feedback(outcome->state, std::move(*channel_feedback), actor,
                                        std::move(id), std::move(reply));
              return;
            }
          } else {
            ++m.counters.acknowledged;
            m.intake.count(intake_slot, IntakeMetrics::Outcome::accepted);
            m.remember_repeats(outcome->case_id.value, keys, received_at);
            m.track(outcome->case_id.value, outcome->state);
            m.publish_all(published, outcome->last_seq, outcome->state);
          }
          json::object ack = ack_fields(outcome->state, outcome->duplicate);
          if (channel_feedback) ack["feedback"] = "not_resolved";
          reply(ok_response(id, std::move(ack)));
        });
  }
}

void Engine::Impl::record_channel_feedback(const CaseState& state, lifecycle::FeedbackGiven f,
                                           const std::string& by, std::optional<RequestId> id,
                                           Reply reply) {
  json::object ack = ack_fields(state, true);
  if (!state.resolution || (state.feedback && *state.feedback == f)) {
    ack["feedback"] = state.resolution ? "already_recorded" : "not_resolved";
    reply(ok_response(id, std::move(ack)));
    return;
  }
  std::vector<Event> events{Event{state.id, clock.now(), by, {}, std::move(f)}};
  auto published = events;
  writer.commit(store::CaseEvents{state.id, std::move(events)},
                [this, id = std::move(id), reply = std::move(reply), ack = std::move(ack),
                 published = std::move(published)](store::ChangeOutcome outcome) mutable {
                  if (!outcome) {
                    reply(error_response(id, outcome.error()));
                    return;
                  }
                  publish_all(published, outcome->last_seq, outcome->state);
                  ack["feedback"] = "recorded";
                  reply(ok_response(id, std::move(ack)));
                });
}

void Engine::change(Op op, std::int64_t case_id, json::object request, Principal who,
                    std::optional<RequestId> id, Reply reply) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, op, case_id, request = std::move(request), who = std::move(who),
                        id = std::move(id), reply = std::move(reply)]() mutable {
    auto now = m.clock.now();
    std::string actor = m.actor(who);
    auto known = m.open.find(case_id);
    BodyId body = known != m.open.end() ? known->second.body : BodyId{};
    std::vector<Event> events;
    auto add = [&](lifecycle::EventData data, BodyId b) {
      events.push_back(
          Event{lifecycle::CaseId{case_id}, now, actor, std::move(b), std::move(data)});
    };
    // A rule that counts from this event starts its clock today (民法典 art. 201: day 1 is
    // tomorrow). Once only: a case transferred after acceptance keeps the clock it had (its period
    // == rule).
    auto clock_starts = [&](DeadlineStart event) -> ComputedDueDate {
      if (known == m.open.end() || !known->second.rule || known->second.rule->from != event)
        return {};
      if (known->second.period == known->second.rule && known->second.clock_start) return {};
      auto computed = compute_due(*m.snap.calendar, *known->second.rule, shanghai_date(now));
      return {computed.due, computed.provisional_year};
    };
    switch (op) {
      case Op::accept: {
        auto due = clock_starts(DeadlineStart::accepted);
        add(lifecycle::Accepted{due.due, due.provisional_year}, body);
        break;
      }
      case Op::start_mediation: {
        auto due = clock_starts(DeadlineStart::mediation_started);
        add(lifecycle::MediationStarted{due.due, due.provisional_year}, body);
        break;
      }
      case Op::suspend:
      case Op::resume:
      case Op::extend: {
        // engine_suspension.cpp: the bounds are checked before anything goes to the store.
        auto data = m.clock_change(op, known == m.open.end() ? nullptr : &known->second, request,
                                   now, actor);
        if (!data) {
          reply(error_response(id, data.error()));
          return;
        }
        add(std::move(*data), body);
        break;
      }
      case Op::transfer: {
        std::string target = text_field(request, "body");
        if (target.empty()) {
          reply(error_response(id, invalid_input("is required (the receiving body's id)", "body")));
          return;
        }
        if (!m.snap.graph->find(target)) {
          reply(
              error_response(id, not_found("no body '" + target + "' in the body graph", "body")));
          return;
        }
        add(lifecycle::Transferred{BodyId{target}, text_field(request, "reason"), std::nullopt},
            BodyId{target});
        break;
      }
      case Op::resolve: {
        // Required: a resolve that forgot it must not record a mediation as successful.
        std::string outcome = text_field(request, "outcome");
        // Mediation starts implicitly when a case is resolved straight after acceptance.
        if (known != m.open.end() && known->second.status == Status::accepted) {
          add(lifecycle::MediationStarted{}, body);
        }
        if (outcome == "resolved") {
          auto jc = request.find("judicial_confirmation");
          add(lifecycle::Resolved{text_field(request, "agreement"), jc != request.end() &&
                                                                        jc->value().is_bool() &&
                                                                        jc->value().as_bool()},
              body);
        } else if (outcome == "failed") {
          std::string route = text_field(request, "next_route");
          auto parsed = route.empty() ? std::optional(lifecycle::NextRoute::litigation)
                                      : lifecycle::parse_next_route(route);
          if (!parsed) {
            reply(error_response(
                id,
                invalid_input("must be arbitration, litigation or administrative", "next_route")));
            return;
          }
          add(lifecycle::Failed{*parsed, text_field(request, "reason")}, body);
        } else {
          reply(error_response(
              id, invalid_input(outcome.empty() ? "is required: \"resolved\" or \"failed\""
                                                : "must be \"resolved\" or \"failed\"",
                                "outcome")));
          return;
        }
        break;
      }
      case Op::withdraw:
        add(lifecycle::Withdrawn{text_field(request, "reason")}, body);
        break;
      case Op::close:
        add(lifecycle::Closed{text_field(request, "note")}, body);
        break;
      case Op::feedback: {
        // After a resolution only: the lifecycle refuses it otherwise (conflict), storing nothing.
        auto data = Impl::feedback_event(request);
        if (!data) {
          reply(error_response(id, data.error()));
          return;
        }
        add(std::move(*data), body);
        break;
      }
      default:
        reply(error_response(id, internal_error("not a lifecycle operation")));
        return;
    }
    ++m.counters.lifecycle_ops;
    auto published = events;
    m.writer.commit(store::CaseEvents{lifecycle::CaseId{case_id}, std::move(events)},
                    [&m, op, case_id, id = std::move(id), reply = std::move(reply),
                     published = std::move(published)](store::ChangeOutcome outcome) mutable {
                      if (!outcome) {
                        reply(error_response(id, outcome.error()));
                        return;
                      }
                      m.track(case_id, outcome->state);
                      m.publish_all(published, outcome->last_seq, outcome->state);
                      json::object o;
                      o["case"] = case_id;
                      o["status"] = lifecycle::to_string(outcome->state.status);
                      o["body"] = outcome->state.body.value;
                      deadline_fields(o, outcome->state);
                      if (op == Op::feedback && outcome->state.feedback)
                        o["feedback"] = to_string(outcome->state.feedback->rating);
                      reply(ok_response(id, std::move(o)));
                    });
  });
}

void Engine::get(std::int64_t case_id, std::string channel, std::string external_id, Principal who,
                 std::optional<RequestId> id, Reply reply) {
  // Reads run on the store thread between group commits, a few per round (Writer::read: work
  // queued after them need not wait for all of them); the reply goes straight to the session.
  // Queued through the strand first: a submit is queued to the store thread from the strand, so a
  // read queued from here directly could overtake a submit sent before it on the same connection
  // and answer "no such case" for a dispute already acknowledged there (read your own writes).
  auto& m = *impl_;
  auto read = [case_id, channel = std::move(channel), external_id = std::move(external_id),
               who = std::move(who), id = std::move(id),
               reply = std::move(reply)](store::Store& s) {
    Result<store::CaseRecord> record = std::unexpected(not_found("no such case"));
    if (case_id > 0) {
      record = s.get_case(lifecycle::CaseId{case_id});
    } else {
      auto found = s.find_by_key(channel, external_id);
      if (!found) {
        record = std::unexpected(found.error());
      } else if (*found) {
        record = std::move(**found);
      } else {
        record = std::unexpected(not_found("no case for this channel and external_id"));
      }
    }
    if (!record) {
      reply(error_response(id, record.error()));
      return;
    }
    if (who.role == Role::channel && record->state.channel != who.name) {
      reply(error_response(id, permission_denied("this case belongs to another channel")));
      return;
    }
    reply(ok_response(id, case_fields(*record)));
  };
  asio::post(m.strand, [&m, read = std::move(read)]() mutable { m.writer.read(std::move(read)); });
}

// Overdue from close of business on its due date in its body's office hours (民法典 art. 203).
bool is_overdue(const Snapshots& snap, const OpenCaseInfo& info, CivilDate today, Timestamp now) {
  if (!info.due || std::chrono::sys_days(*info.due) > std::chrono::sys_days(today)) return false;
  if (*info.due != today) return true;
  auto close =
      lifecycle::close_of_business(*snap.calendar, body_hours(*snap.graph, info.body), today);
  return close && now >= *close;
}

void Engine::backlog(std::optional<RequestId> id, Reply reply) {
  auto& m = *impl_;
  // The open cases are tracked when a commit completes. Like `get`, a backlog waits for every
  // change queued before it: strand → store thread (after those commits) → strand, where their
  // completions were posted first.
  auto count = [&m, id = std::move(id), reply = std::move(reply)] {
    const Timestamp now = m.clock.now();
    auto today = shanghai_date(now);
    struct Row {
      std::int64_t open = 0, overdue = 0, accepted = 0, assigned = 0;
    };
    std::map<std::string, Row> bodies;
    std::map<std::string, std::int64_t> levels, categories;
    std::int64_t overdue_total = 0;
    for (const auto& [case_id, info] : m.open) {
      auto& row = bodies[info.body.value];
      ++row.open;
      if (info.status == Status::assigned || info.status == Status::received) ++row.assigned;
      if (info.status == Status::accepted || info.status == Status::in_mediation) ++row.accepted;
      if (is_overdue(m.snap, info, today, now)) {
        ++row.overdue;
        ++overdue_total;
      }
      ++categories[info.category];
      std::string level = "unknown";
      if (auto idx = m.snap.graph->find(info.body.value))
        level = to_string(m.snap.graph->body(*idx).level);
      ++levels[level];
    }
    json::array rows;
    for (const auto& [body, row] : bodies) {
      json::object r{{"body", body},
                     {"open", row.open},
                     {"waiting", row.assigned},
                     {"in_progress", row.accepted},
                     {"overdue", row.overdue}};
      if (auto idx = m.snap.graph->find(body)) {
        r["level"] = to_string(m.snap.graph->body(*idx).level);
        r["capacity"] = m.snap.graph->body(*idx).capacity;
      }
      rows.emplace_back(std::move(r));
    }
    json::object lv, cat;
    for (const auto& [k, v] : levels) lv[k] = v;
    for (const auto& [k, v] : categories) cat[k] = v;
    reply(ok_response(id, {{"open", static_cast<std::int64_t>(m.open.size())},
                           {"overdue", overdue_total},
                           {"as_of", format_date(today)},
                           {"levels", std::move(lv)},
                           {"categories", std::move(cat)},
                           {"bodies", std::move(rows)}}));
  };
  asio::post(m.strand, [&m, count = std::move(count)]() mutable {
    m.writer.run([&m, count = std::move(count)](store::Store&) mutable {
      asio::post(m.strand, std::move(count));
    });
  });
}

void Engine::subscribe(std::weak_ptr<Session> session, EventFilter filter,
                       std::optional<RequestId> id, Reply reply) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, session = std::move(session), filter = std::move(filter),
                        id = std::move(id), reply = std::move(reply)]() mutable {
    // One subscription per connection: a second subscribe replaces the filter.
    std::erase_if(m.subscribers, [&](const Subscriber& s) {
      return s.session.expired() ||
             (!s.session.owner_before(session) && !session.owner_before(s.session));
    });
    m.subscribers.push_back({std::move(session), std::move(filter)});
    reply(ok_response(id, {{"subscribed", true}}));
  });
}

void Engine::stats(json::object connection_stats, std::optional<RequestId> id, Reply reply) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, cs = std::move(connection_stats), id = std::move(id),
                        reply = std::move(reply)]() mutable {
    auto w = m.writer.stats();
    const auto& c = m.counters;
    json::object o;
    o["uptime_seconds"] = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::steady_clock::now() - m.started)
                              .count();
    o["rules_version"] = m.snap.rules->version();
    o["graph_version"] = m.snap.graph->version();
    o["connections"] = std::move(cs);
    o["open_cases"] = static_cast<std::int64_t>(m.open.size());
    o["deadlines_pending"] = static_cast<std::int64_t>(m.deadlines_pending);
    o["submitted"] = c.submitted;
    o["acknowledged"] = c.acknowledged;
    o["duplicates"] = c.duplicates;
    o["refused"] = c.refused;
    o["lifecycle_ops"] = c.lifecycle_ops;
    o["timer_events"] = c.timer_events;
    o["events_published"] = c.events_published;
    o["subscribers"] = static_cast<std::int64_t>(m.subscribers.size());
    o["reloads"] = c.reloads;
    o["failed_reloads"] = c.failed_reloads;
    o["deadlines_changed"] = c.deadlines_changed;
    m.check_calendar_years();
    if (!m.calendar_warning.empty()) o["calendar_warning"] = m.calendar_warning;
    o["commits"] = w.commits;
    o["committed_changes"] = w.changes;
    o["largest_batch"] = w.largest_batch;
    o["mean_batch"] =
        w.commits ? static_cast<double>(w.changes) / static_cast<double>(w.commits) : 0.0;
    o["failed_commits"] = w.failed_commits;
    o["store_busy_seconds"] = std::chrono::duration<double>(w.busy).count();
    o["store_busy_cpu_seconds"] = std::chrono::duration<double>(w.busy_cpu).count();
    o["store_queue"] = m.writer.queued();
    reply(ok_response(id, std::move(o)));
  });
}

void Engine::reload(std::optional<RequestId> id, Reply reply) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, id = std::move(id), reply = std::move(reply)]() mutable {
    m.reload(std::move(id), std::move(reply));
  });
}

void Engine::reload_dry_run(std::optional<RequestId> id, Reply reply, int window_days) {
  auto& m = *impl_;
  asio::post(m.strand, [&m, id = std::move(id), reply = std::move(reply), window_days]() mutable {
    m.reload_dry_run(std::move(id), std::move(reply), window_days);
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

#include "daemon/replies.hpp"

#include <boost/json.hpp>

#include "lifecycle/deadline.hpp"
#include "lifecycle/event_json.hpp"
#include "replay/report_format.hpp"
#include "store/store.hpp"

namespace tiaojie::daemon {
namespace json = boost::json;
using lifecycle::CaseState;
using lifecycle::Event;

namespace {

json::array to_json_array(const std::vector<BodyId>& ids, json::storage_ptr sp = {}) {
  json::array a(std::move(sp));
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
json::array repeat_links(const std::vector<lifecycle::RepeatLink>& links,
                         json::storage_ptr sp = {}) {
  json::array a(sp);
  for (const auto& l : links)
    a.push_back(json::object({{"case", l.earlier.value}, {"reason", to_string(l.reason)}}, sp));
  return a;
}

json::object ack_fields(const CaseState& s, bool duplicate, json::storage_ptr sp = {}) {
  json::object o(sp);
  o.reserve(24);
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
    o["rule"] = store::rule_key(c.category_rule);
    o["deadline"] = json::object({{"days", c.deadline.days},
                                  {"count", to_string(c.deadline.count)},
                                  {"from", to_string(c.deadline.from)}},
                                 sp);
    o["rules_version"] = c.rules_version.view();
  }
  if (s.assignment) {
    o["body"] = s.assignment->lead.value;
    o["partners"] = to_json_array(s.assignment->partners, sp);
    o["needs_review"] = s.assignment->needs_review;
    if (s.assignment->needs_review) o["review_reason"] = s.assignment->review_reason;
    o["graph_version"] = s.assignment->graph_version;
  }
  deadline_fields(o, s);
  // Always present, so that the assigned body's integration sees a repeat without reading events.
  o["repeat_count"] = static_cast<std::int64_t>(s.repeat_of.size());
  o["repeat_of"] = repeat_links(s.repeat_of, sp);
  return o;
}

std::string_view to_string(ChannelFeedback f) {
  switch (f) {
    case ChannelFeedback::none:
      return "";
    case ChannelFeedback::recorded:
      return "recorded";
    case ChannelFeedback::already_recorded:
      return "already_recorded";
    case ChannelFeedback::not_resolved:
      return "not_resolved";
  }
  return "";
}

}  // namespace

json::object reply_fields(const HelloAnswer& hello) {
  return {{"role", to_string(hello.who.role)},
          {"name", hello.who.name},
          {"max_line_bytes", static_cast<std::uint64_t>(hello.max_line_bytes)}};
}

json::object reply_fields(const SubmitAck& ack, json::storage_ptr sp) {
  json::object o = ack_fields(ack.state, ack.duplicate, std::move(sp));
  if (ack.feedback != ChannelFeedback::none) o["feedback"] = to_string(ack.feedback);
  return o;
}

json::object reply_fields(const CaseChanged& changed) {
  const CaseState& s = changed.state;
  json::object o;
  o["case"] = s.id.value;
  o["status"] = lifecycle::to_string(s.status);
  o["body"] = s.body.value;
  deadline_fields(o, s);
  if (changed.feedback && s.feedback) o["feedback"] = to_string(s.feedback->rating);
  return o;
}

json::object reply_fields(const CaseView& view) {
  const store::CaseRecord& r = view.record;
  json::object o = ack_fields(r.state, false);
  // Boost.JSON's erase moves the last member ("repeat_of") into the erased place: the protocol's
  // field order has always been that one (tests/daemon/golden/protocol.txt).
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

json::object reply_fields(const BacklogView& b) {
  json::array rows;
  for (const auto& body : b.bodies) {
    json::object r{{"body", body.body},
                   {"open", body.open},
                   {"waiting", body.waiting},
                   {"in_progress", body.in_progress},
                   {"overdue", body.overdue}};
    if (body.level) r["level"] = to_string(*body.level);
    if (body.capacity) r["capacity"] = *body.capacity;
    rows.emplace_back(std::move(r));
  }
  json::object lv, cat;
  for (const auto& [k, v] : b.levels) lv[k] = v;
  for (const auto& [k, v] : b.categories) cat[k] = v;
  return {
      {"open", b.open},          {"overdue", b.overdue},         {"as_of", format_date(b.as_of)},
      {"levels", std::move(lv)}, {"categories", std::move(cat)}, {"bodies", std::move(rows)}};
}

json::object reply_fields(const QueueView& q) {
  json::array items;
  for (const auto& item : q.items) {
    json::object o{{"case", item.case_id},      {"body", item.body},
                   {"category", item.category}, {"status", lifecycle::to_string(item.status)},
                   {"overdue", item.overdue},   {"reply_overdue", item.reply_overdue}};
    if (item.level) o["level"] = to_string(*item.level);
    if (item.due) o["due"] = format_date(*item.due);
    if (item.due_provisional_year != 0) o["due_provisional_year"] = item.due_provisional_year;
    if (item.reply_due) o["reply_due"] = format_timestamp(*item.reply_due);
    items.emplace_back(std::move(o));
  }
  return {{"as_of", format_date(q.as_of)},
          {"total", static_cast<std::int64_t>(q.total)},
          {"cases", std::move(items)}};
}

json::object reply_fields(const Subscribed&) { return {{"subscribed", true}}; }

json::object reply_fields(const StatsView& s) {
  json::object o;
  o["uptime_seconds"] = s.uptime_seconds;
  o["rules_version"] = s.rules_version;
  o["graph_version"] = s.graph_version;
  o["connections"] = json::object{{"open", s.connections.open},
                                  {"accepted", s.connections.accepted},
                                  {"refused", s.connections.refused}};
  o["open_cases"] = s.open_cases;
  o["deadlines_pending"] = s.deadlines_pending;
  o["submitted"] = s.submitted;
  o["acknowledged"] = s.acknowledged;
  o["duplicates"] = s.duplicates;
  o["refused"] = s.refused;
  o["lifecycle_ops"] = s.lifecycle_ops;
  o["timer_events"] = s.timer_events;
  o["events_published"] = s.events_published;
  o["subscribers"] = s.subscribers;
  o["reloads"] = s.reloads;
  o["failed_reloads"] = s.failed_reloads;
  o["deadlines_changed"] = s.deadlines_changed;
  if (!s.calendar_warning.empty()) o["calendar_warning"] = s.calendar_warning;
  o["commits"] = s.commits;
  o["committed_changes"] = s.committed_changes;
  o["largest_batch"] = s.largest_batch;
  o["mean_batch"] = s.mean_batch;
  o["failed_commits"] = s.failed_commits;
  o["store_busy_seconds"] = s.store_busy_seconds;
  o["store_busy_cpu_seconds"] = s.store_busy_cpu_seconds;
  o["store_queue"] = s.store_queue;
  o["leader"] = s.leader;
  return o;
}

json::object reply_fields(const Reloaded& r) {
  return {{"rules_version", r.rules_version},
          {"graph_version", r.graph_version},
          {"changed", r.changed},
          {"warnings", r.warnings}};
}

json::object reply_fields(const DryRun& d) {
  return {{"dry_run", true},
          {"serving_rules_version", d.serving_rules_version},
          {"window_days", d.window_days},
          {"changed", d.report.any_change()},
          {"replay", replay::report_json(d.report)}};
}

json::object event_fields(const EventNotice& n) {
  json::object ev = wire_event(n.event);
  ev["seq"] = n.seq;
  ev["case"] = n.case_id;
  // Every event of a repeat dispute says so, so that the body it reaches knows its history.
  if (!n.repeat_of.empty()) {
    ev["repeat_count"] = static_cast<std::int64_t>(n.repeat_of.size());
    ev["repeat_of"] = repeat_links(n.repeat_of);
  }
  ev["status"] = lifecycle::to_string(n.status);
  ev["current_body"] = n.current_body.value;
  if (n.due) {
    ev["case_due"] = format_date(*n.due);
    ev["case_due_provisional"] = n.due_provisional;
  }
  if (n.category) {
    ev["category"] = *n.category;
    ev["level"] = to_string(n.level);
  }
  return ev;
}

std::string reply_line(const std::optional<RequestId>& id,
                       const std::expected<Reloaded, ReloadRefused>& result) {
  if (result) return ok_response(id, reply_fields(*result));
  if (!result.error().errors) return error_response(id, result.error().error);
  json::array errors;
  for (const auto& e : *result.error().errors) errors.emplace_back(error_json(e));
  return error_response(id, result.error().error, {{"errors", std::move(errors)}});
}

std::string reply_line(const std::optional<RequestId>& id, const Result<SubmitAck>& result) {
  if (!result) return error_response(id, result.error());
  // Every acknowledgement's ~20 members, their strings and the nested deadline in one buffer on
  // the stack (a larger one grows on the heap), released at once: the intake's hottest reply
  // made 62 of the io threads' 220 allocations per dispute (docs/benchmarks.md, issue 19).
  unsigned char buffer[4096];
  json::monotonic_resource arena(buffer, sizeof buffer);
  return ok_response(id, reply_fields(*result, &arena));
}

std::string event_line(const EventNotice& notice) { return event_line(event_fields(notice)); }

}  // namespace tiaojie::daemon

// Random legal case histories on the mini graph (graph/mini_graph.hpp), for the report tests that
// compare two computations over many cases: the store's report view against the event fold
// (window_test.cpp), and the weekly, monthly and quarterly reports against each other
// (period_agreement_test.cpp).
#pragma once

#include <random>
#include <string>
#include <vector>

#include "lifecycle/case_state.hpp"
#include "lifecycle/event.hpp"
#include "model/dispute.hpp"
#include "report/report_fixture.hpp"

namespace tiaojie::test {

using namespace tiaojie::lifecycle;
using std::chrono::days;
using std::chrono::hours;

// Bodies of the mini graph, and one the graph does not know.
inline const char* const k_bodies[] = {"a1",          "a2",       "b3",       "a.committee",
                                       "b.committee", "d.centre", "d.labour", "x.unknown"};
inline const char* const k_categories[] = {"neighbour", "labour", "other"};

struct Life {
  Dispute dispute;
  std::vector<std::vector<Event>> commits;  // the case's events, as the commits that write them
};

inline Event make(EventData data, Timestamp at, std::string body = "") {
  return Event{CaseId{}, at, "test", BodyId{std::move(body)}, std::move(data)};
}

// A random legal next event for `s`, or nullopt when the pick does not apply.
inline std::optional<Event> next_event(const CaseState& s, std::mt19937& rng, Timestamp at) {
  static const EventKind kinds[] = {EventKind::accepted,  EventKind::mediation_started,
                                    EventKind::resolved,  EventKind::failed,
                                    EventKind::withdrawn, EventKind::transferred,
                                    EventKind::escalated, EventKind::supervision_notice,
                                    EventKind::closed,    EventKind::reopened,
                                    EventKind::overdue,   EventKind::assigned};
  const auto kind = kinds[rng() % std::size(kinds)];
  if (!is_legal(s.status, kind)) return std::nullopt;
  const BodyId other{k_bodies[rng() % std::size(k_bodies)]};
  const auto due = shanghai_date(at + days{static_cast<int>(rng() % 40)});
  switch (kind) {
    case EventKind::accepted:
      return make(Accepted{}, at, s.body.value);
    case EventKind::mediation_started:
      return make(MediationStarted{}, at, s.body.value);
    case EventKind::resolved:
      return make(Resolved{"ok", false}, at, s.body.value);
    case EventKind::failed:
      return make(Failed{NextRoute::litigation, "no"}, at, s.body.value);
    case EventKind::withdrawn:
      return make(Withdrawn{"gone"}, at, s.body.value);
    case EventKind::transferred:
      if (other == s.body) return std::nullopt;
      return make(Transferred{other, "competence", rng() % 3 ? std::optional(due) : std::nullopt},
                  at, other.value);
    case EventKind::escalated:
      if (other == s.body) return std::nullopt;
      return make(Escalated{other, "overdue", due}, at, other.value);
    case EventKind::supervision_notice:
      return make(SupervisionNotice{{s.body.value.empty() ? other : s.body}, "late", due}, at,
                  s.body.value);
    case EventKind::closed:
      return make(Closed{"filed"}, at, s.body.value);
    case EventKind::reopened:
      return make(Reopened{"again", due}, at, rng() % 2 ? other.value : "");
    case EventKind::overdue:
      if (!s.due || s.overdue_sent) return std::nullopt;
      return make(Overdue{*s.due}, at, s.body.value);
    case EventKind::assigned: {
      Assignment a;
      a.lead = other;
      return make(Assigned{a}, at, other.value);
    }
    default:
      return std::nullopt;
  }
}

// `count` cases received within `span_days` from `from` (by default between 2026-04-01 and
// 2026-11-20), each living for up to a few months.
inline std::vector<Life> random_lives(int count, std::uint32_t seed,
                                      const char* from_text = "2026-04-01T00:00:00+08:00",
                                      int span_days = 234) {
  std::mt19937 rng(seed);
  const Timestamp from = test::at(from_text);
  std::vector<Life> lives;
  for (int i = 0; i < count; ++i) {
    Life life;
    Dispute& d = life.dispute;
    d.external_id = "G-" + std::to_string(i);
    d.channel = rng() % 3 == 0 ? "hotline_12345" : "walk_in";
    // Whole hours, so that events of different cases often share an instant too.
    d.received_at = from + hours{static_cast<int>(rng() % (static_cast<unsigned>(span_days) * 24))};
    if (d.channel == "hotline_12345") d.reply_due = *d.received_at + days{5};
    d.description = "test";
    // The submitted event is written a little after the channel received it, sometimes; one case
    // in ten weeks later (an import of history: the report counts it from its received_at), one
    // in twenty before it (a channel whose clock runs ahead).
    const int lateness = static_cast<int>(rng() % 20);
    Timestamp at = *d.received_at + (lateness == 0  ? -hours{static_cast<int>(rng() % 48)}
                                     : lateness < 3 ? days{static_cast<int>(rng() % 60)}
                                                    : hours{static_cast<int>(rng() % 3)});
    std::vector<Event> events{
        make(Submitted{d.channel, d.external_id, *d.received_at, d.reply_due}, at)};
    if (rng() % 8 != 0) {
      Classification c;
      c.category = k_categories[rng() % std::size(k_categories)];
      events.push_back(make(Classified{c, shanghai_date(at + days{15})}, at));
    }
    if (rng() % 10 != 0) {
      Assignment a;
      a.lead = BodyId{k_bodies[rng() % std::size(k_bodies)]};
      events.push_back(make(Assigned{a}, at, a.lead.value));
    }
    auto state = *fold(events);
    life.commits.push_back(std::move(events));
    const int more = static_cast<int>(rng() % 9);
    for (int k = 0; k < more; ++k) {
      // Same instant (a third of the time), hours, or days later.
      const int gap = static_cast<int>(rng() % 3);
      at += gap == 0   ? hours{0}
            : gap == 1 ? hours{static_cast<int>(rng() % 12)}
                       : days{static_cast<int>(rng() % 20)};
      auto e = next_event(state, rng, at);
      if (!e) continue;
      auto next = apply(state, *e);
      if (!next) continue;
      state = std::move(*next);
      // A new commit, or more events in the same one.
      if (rng() % 2) life.commits.emplace_back();
      life.commits.back().push_back(std::move(*e));
    }
    lives.push_back(std::move(life));
  }
  return lives;
}

}  // namespace tiaojie::test

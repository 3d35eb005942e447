// Several daemons on one store (PostgreSQL; docs/scaling.md). Each accepts submits and lifecycle
// operations; one, the leader, runs the deadline timers, the recount of deadlines and the
// scheduled reports, so that a warning, an escalation or a 督办 notice is sent once. The lead is
// the store's (Store::lead: a session advisory lock, released by the server when the leader's
// connection ends, so a daemon that dies hands it over within one poll). Every daemon polls the
// log for the others' events (Store::events_by_others) and tracks those cases as its own commits'
// (load for assignment, backlog, deadlines), and publishes those events to its subscribers.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "daemon/config.hpp"
#include "daemon/internal/engine_impl.hpp"
#include "daemon/repeat_keys.hpp"

namespace tiaojie::daemon::internal {
namespace {

// How often a daemon on a shared store polls it: the bound on a takeover after the leader died,
// and on how late another daemon's case reaches this one's timers and views.
constexpr std::chrono::milliseconds k_share_poll{500};
// Events read a poll at most (a backlog after a pause is read over several polls).
constexpr std::size_t k_share_events = 20000;
// Hashed with the repeat key, the value that shows two daemons hold the same key.
constexpr std::string_view k_repeat_key_check = "tiaojie: the repeat key's check value";

}  // namespace

Result<void> Engine::Impl::join_shared_store() {
  shared_store = store_location(config).backend == store::Backend::postgresql;
  if (!shared_store) return ok;
  return writer.with_store_unstarted([this](store::Store& s) -> Result<void> {
    // Repeat keys are keyed hashes (docs/repeats.md): the daemons link each other's disputes only
    // when they hash with one key. Its check value is stored by the first daemon.
    if (hasher) {
      const auto mine = hasher->key('k', k_repeat_key_check);
      auto shared = s.shared_setting("repeat_key_check", mine);
      if (!shared) return std::unexpected(shared.error());
      if (*shared != mine) {
        return std::unexpected(invalid_input(
            fmt::format("the repeat key {} is not the one the other daemons on this store hash "
                        "with: give every daemon a copy of the same key file (docs/scaling.md)",
                        repeat_key_file(config).string()),
            "repeat.key_file"));
      }
    }
    auto seq = s.last_seq();
    if (!seq) return std::unexpected(seq.error());
    others_seq = *seq;
    auto leads = s.lead();
    if (!leads) return std::unexpected(leads.error());
    leading = *leads;
    spdlog::info(leading ? "the store is shared: this daemon leads (deadline timers, reports)"
                         : "the store is shared: another daemon leads (deadline timers, reports); "
                           "this one takes over when it stops");
    return ok;
  });
}

void Engine::Impl::set_leading(bool now) {
  if (now == leading) return;
  leading = now;
  if (!leading) {
    spdlog::warn("this daemon no longer leads: deadline timers and reports stop here");
    arm_deadline_timer();  // cancels
    return;
  }
  spdlog::warn("this daemon now leads: deadline timers and reports run here");
  recompute_deadlines("deadlines counted again by the new leader");
  arm_deadline_timer();
  arm_report_timer();
}

void Engine::Impl::track_committed_elsewhere(std::int64_t case_id,
                                             const lifecycle::CaseState& state) {
  // A case whose deadline events this daemon is committing is tracked when they commit.
  if (auto it = open.find(case_id); it != open.end() && it->second.in_flight) return;
  track(case_id, state);
}

void Engine::Impl::poll_shared_store() {
  if (stopped) return;
  poll_in_flight = true;
  writer.run([this](store::Store& s) {
    auto leads = s.lead();
    auto others = s.events_by_others(others_seq, k_share_events);
    boost::asio::post(strand, [this, leads = std::move(leads), others = std::move(others),
                               read_through = others_seq]() {
      poll_in_flight = false;
      if (stopped) return;
      if (!leads) spdlog::error("the shared store: {}", leads.error().to_string());
      set_leading(leads && *leads);
      if (!others) {
        // The cursor did not move: the same events are read again at the next poll.
        spdlog::error("reading the other daemons' events: {}", others.error().to_string());
      } else {
        const auto& states = others->states;
        for (const auto& [id, state] : states) track_committed_elsewhere(id.value, state);
        // Their new disputes join the repeat index, as this daemon's own do.
        for (const auto& se : others->events) {
          if (const auto* sub = std::get_if<lifecycle::Submitted>(&se.event.data))
            remember_repeats(se.event.case_id.value, sub->repeat_keys, sub->received_at);
        }
        // The others' events and this daemon's own held ones, merged in seq order, up to where
        // the log was read: every event before that seq is known now.
        auto held = held_notices.begin();
        auto release_held_before = [&](std::int64_t seq) {
          for (; held != held_notices.end() && held->first < seq; ++held)
            publish(held->second.event, held->first, *held->second.state);
        };
        for (const auto& se : others->events) {
          release_held_before(se.seq);
          publish(se.event, se.seq, states.at(se.event.case_id));
        }
        release_held_before(read_through + 1);
        held_notices.erase(held_notices.begin(), held);
      }
      share_timer.expires_after(poll_again ? std::chrono::milliseconds{0} : k_share_poll);
      poll_again = false;
      share_timer.async_wait([this](const boost::system::error_code&) {
        // Cancelled by poll_shared_store_soon (poll now) or by stop (stopped is set).
        if (!stopped) poll_shared_store();
      });
    });
  });
}

void Engine::Impl::poll_shared_store_soon() {
  if (poll_in_flight) {
    poll_again = true;
    return;
  }
  share_timer.cancel();  // its handler polls at once
}

}  // namespace tiaojie::daemon::internal

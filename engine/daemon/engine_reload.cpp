// Hot reload: SIGHUP, the `reload` operation and the file watch all end here. The new snapshots
// are built off the strand (reading and compiling files takes milliseconds), then swapped in on
// it in one step; a dispute is always decided by exactly one pair of snapshots.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "daemon/internal/engine_impl.hpp"
#include "daemon/protocol.hpp"
#include "replay/replay.hpp"
#include "replay/report_format.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;
namespace json = boost::json;

void Engine::Impl::reload(std::optional<RequestId> id, Reply reply) {
  if (reloading) {
    if (reply)
      reply(error_response(id, resource_exhausted("a reload is already running; try again")));
    return;
  }
  reloading = true;
  asio::post(io, [this, id = std::move(id), reply = std::move(reply)]() mutable {
    auto fp = fingerprint(config);
    BuildResult built = build_snapshots(config);
    asio::post(strand, [this, fp, built = std::move(built), id = std::move(id),
                        reply = std::move(reply)]() mutable {
      reloading = false;
      watched_fingerprint = fp;
      if (!built.snapshots) {
        ++counters.failed_reloads;
        json::array errors;
        for (const auto& e : built.errors) {
          spdlog::error("reload refused: {}", e.to_string());
          errors.emplace_back(error_json(e));
        }
        spdlog::warn("still serving rules {} and graph {}", snap.rules->version(),
                     snap.graph->version());
        if (reply) {
          Error first =
              built.errors.empty() ? internal_error("reload failed") : built.errors.front();
          first.message = fmt::format("reload refused ({} errors); still serving rules {}: {}",
                                      built.errors.size(), snap.rules->version(), first.message);
          reply(error_response(id, first, {{"errors", std::move(errors)}}));
        }
        return;
      }
      for (const auto& w : built.warnings) spdlog::warn("{}", w);
      const bool calendar_changed = !(*built.snapshots->calendar == *snap.calendar);
      bool changed = built.snapshots->rules->version() != snap.rules->version() ||
                     built.snapshots->graph->version() != snap.graph->version() || calendar_changed;
      swap_in(std::move(*built.snapshots));
      if (calendar_changed) {
        spdlog::info("working-day calendar changed; counting open cases' deadlines again");
        check_calendar_years();
        recompute_deadlines("calendar changed");
      }
      ++counters.reloads;
      if (reply) {
        reply(ok_response(id, {{"rules_version", snap.rules->version()},
                               {"graph_version", snap.graph->version()},
                               {"changed", changed},
                               {"warnings", static_cast<std::int64_t>(built.warnings.size())}}));
      }
    });
  });
}

void Engine::Impl::reload_dry_run(std::optional<RequestId> id, Reply reply, int window_days) {
  asio::post(io, [this, id = std::move(id), reply = std::move(reply), window_days]() mutable {
    BuildResult built = build_snapshots(config);
    asio::post(strand, [this, built = std::move(built), id = std::move(id),
                        reply = std::move(reply), window_days]() mutable {
      if (!built.snapshots) {
        Error first = built.errors.empty() ? internal_error("reload failed") : built.errors.front();
        first.message = fmt::format("dry run: the files on disk do not load ({} errors): {}",
                                    built.errors.size(), first.message);
        if (reply) reply(error_response(id, first));
        return;
      }
      // The store belongs to the writer thread: replay there (reads only), answer from the strand.
      const Timestamp now = clock.now();
      replay::ReplayOptions options{now - std::chrono::days{window_days},
                                    now + std::chrono::days{1}, 20};
      auto snaps = std::make_shared<Snapshots>(std::move(*built.snapshots));
      writer.run([this, snaps, options, window_days, id = std::move(id),
                  reply = std::move(reply)](store::Store& s) mutable {
        auto report = replay::replay_store(s, *snaps->rules, *snaps->graph, options);
        asio::post(strand, [this, report = std::move(report), window_days, id = std::move(id),
                            reply = std::move(reply)]() {
          if (!reply) return;
          if (!report) {
            reply(error_response(id, report.error()));
            return;
          }
          reply(ok_response(id, {{"dry_run", true},
                                 {"serving_rules_version", snap.rules->version()},
                                 {"window_days", window_days},
                                 {"changed", report->any_change()},
                                 {"replay", replay::report_json(*report)}}));
        });
      });
    });
  });
}

void Engine::Impl::swap_in(Snapshots next) {
  bool new_rules = next.rules->version() != snap.rules->version();
  if (new_rules)
    spdlog::info("rules version {} -> {}", snap.rules->version(), next.rules->version());
  spdlog::info("serving rules {} and graph {}", next.rules->version(), next.graph->version());
  snap = std::move(next);
  // Capacity changes apply to new assignments only: the open load is kept, re-indexed by body id.
  rebuild_load_view();
  {
    MutexLock lock(versions_mu);
    versions_copy = {snap.rules->version(), snap.graph->version()};
    calendar_copy = snap.calendar;
  }
  if (new_rules) {
    std::map<std::string, std::string> files;
    for (const auto& f : snap.rules->files()) files[f.name] = f.contents;
    writer.run([version = snap.rules->version(), files = std::move(files)](store::Store& s) {
      if (auto r = s.put_rule_set(version, files); !r) {
        spdlog::error("storing rule set {}: {}", version, r.error().to_string());
      }
    });
  }
}

void Engine::Impl::watch() {
  if (config.watch_interval.count() <= 0 || stopped) return;
  watch_timer.expires_after(config.watch_interval);
  watch_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped) return;
    // The fingerprint is a few stat() calls: cheap enough for the strand.
    auto fp = fingerprint(config);
    if (fp != watched_fingerprint && !reloading) {
      spdlog::info("rules or graph files changed; reloading");
      reload(std::nullopt, nullptr);
    }
    watch();
  });
}

}  // namespace tiaojie::daemon::internal

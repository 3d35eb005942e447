// Hot reload: SIGHUP, the `reload` operation and the file watch all end here. The new snapshots
// are built off the strand (reading and compiling files takes milliseconds), then swapped in on
// it in one step; a dispute is always decided by exactly one pair of snapshots.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "daemon/internal/engine_impl.hpp"
#include "replay/replay.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;

void Engine::Impl::reload(ReloadAnswer done) {
  if (reloading) {
    if (done)
      done(std::unexpected(
          ReloadRefused{resource_exhausted("a reload is already running; try again"), {}}));
    return;
  }
  reloading = true;
  asio::post(io, [this, done = std::move(done)]() mutable {
    auto fp = fingerprint(config);
    BuildResult built = build_snapshots(config);
    asio::post(strand, [this, fp, built = std::move(built), done = std::move(done)]() mutable {
      reloading = false;
      watched_fingerprint = fp;
      if (!built.snapshots) {
        ++counters.failed_reloads;
        for (const auto& e : built.errors) spdlog::error("reload refused: {}", e.to_string());
        spdlog::warn("still serving rules {} and graph {}", snap.rules->version(),
                     snap.graph->version());
        if (done) {
          Error first =
              built.errors.empty() ? internal_error("reload failed") : built.errors.front();
          first.message = fmt::format("reload refused ({} errors); still serving rules {}: {}",
                                      built.errors.size(), snap.rules->version(), first.message);
          done(std::unexpected(ReloadRefused{std::move(first), std::move(built.errors)}));
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
      if (done) {
        done(Reloaded{snap.rules->version(), snap.graph->version(), changed,
                      static_cast<std::int64_t>(built.warnings.size())});
      }
    });
  });
}

void Engine::Impl::reload_dry_run(int window_days, Answer<DryRun> done) {
  asio::post(io, [this, done = std::move(done), window_days]() mutable {
    BuildResult built = build_snapshots(config);
    asio::post(strand, [this, built = std::move(built), done = std::move(done),
                        window_days]() mutable {
      if (!built.snapshots) {
        Error first = built.errors.empty() ? internal_error("reload failed") : built.errors.front();
        first.message = fmt::format("dry run: the files on disk do not load ({} errors): {}",
                                    built.errors.size(), first.message);
        if (done) done(std::unexpected(std::move(first)));
        return;
      }
      // The store belongs to the writer thread: replay there (reads only), answer from the strand.
      const Timestamp now = clock.now();
      replay::ReplayOptions options{now - std::chrono::days{window_days},
                                    now + std::chrono::days{1}, 20};
      auto snaps = std::make_shared<Snapshots>(std::move(*built.snapshots));
      writer.run(
          [this, snaps, options, window_days, done = std::move(done)](store::Store& s) mutable {
            auto report = replay::replay_store(s, *snaps->rules, *snaps->graph, options);
            asio::post(strand, [this, report = std::move(report), window_days,
                                done = std::move(done)]() mutable {
              if (!done) return;
              if (!report) {
                done(std::unexpected(report.error()));
                return;
              }
              DryRun run{snap.rules->version(), window_days, std::move(*report), clock.now()};
              {
                MutexLock lock(versions_mu);
                last_dry_run = run;
              }
              done(std::move(run));
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
    snap_copy = snap;
  }
  if (new_rules) {
    std::map<std::string, std::string> files;
    for (const auto& f : snap.rules->files()) files[f.name] = f.contents;
    writer.run([version = snap.rules->version(), files = std::move(files)](store::Store& s) {
      if (auto r = s.put_rule_set(version.view(), files); !r) {
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
      reload(nullptr);
    }
    watch();
  });
}

}  // namespace tiaojie::daemon::internal

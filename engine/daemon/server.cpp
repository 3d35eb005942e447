#include "daemon/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <thread>

#include "daemon/http/http_server.hpp"
#include "daemon/http/operations.hpp"
#include "daemon/http/workbench.hpp"
#include "daemon/internal/dispatcher.hpp"
#include "daemon/internal/engine.hpp"
#include "daemon/internal/fd_limit.hpp"
#include "daemon/internal/listener.hpp"
#include "daemon/internal/notify.hpp"
#include "daemon/internal/snapshots.hpp"
#include "store/open_store.hpp"
#include "support/thread_name.hpp"

namespace tiaojie::daemon {
namespace asio = boost::asio;
namespace {

// The accounts file ([http] accounts) read and checked against `graph`: at start, and again at
// every reload. Errors: load_accounts' and check_reach's.
Result<http::Accounts> read_accounts(const DaemonConfig& config, const graph::BodyGraph& graph) {
  auto accounts = http::load_accounts(config.http.accounts);
  if (!accounts) return std::unexpected(accounts.error());
  if (auto r = http::check_reach(*accounts, graph, config.http.accounts); !r)
    return std::unexpected(r.error());
  return accounts;
}

}  // namespace

struct Server::Impl {
  DaemonConfig config;
  Clock& clock;
  asio::io_context io;
  // Keeps the io_context running while idle; released once shutdown has finished.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::unique_ptr<internal::Engine> engine;
  std::unique_ptr<internal::Dispatcher> dispatcher;
  std::shared_ptr<internal::Listener> listener;
  // The HTTP listener ([http]; null when off) and the routes it serves (docs/workbench.md).
  http::Router router;
  std::unique_ptr<http::HttpServer> http;
  // The workbench's people ([http] accounts; null without), their sessions and the sign-in limit,
  // and the one thread that checks passwords (workbench.hpp).
  std::shared_ptr<http::LiveAccounts> accounts;
  std::unique_ptr<http::WebSessions> web_sessions;
  http::LoginLimiter login_limiter;
  asio::thread_pool hashing{1};
  asio::signal_set signals{io};
  asio::steady_timer drain_timer{io};
  std::vector<std::thread> threads;
  // Stops the engine at the end of a shutdown (drain). Joined by Server::wait, never detached: its
  // last act, posting work.reset(), signals the io_context's condition variable after releasing
  // its mutex, so a detached stopper could still be inside pthread_cond_signal when ~Server
  // destroyed the io_context (ThreadSanitizer reported that race in 30 runs: docs/threads.md).
  // Written on an io thread (drain), read after those threads are joined.
  std::thread stopper;
  std::atomic<bool> stopping{false};
  bool service = false;  // started with signals: tell the service manager (sd_notify) what happens

  Impl(DaemonConfig c, Clock& k) : config(std::move(c)), clock(k) {}

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    if (service) internal::notify_stopping();
    spdlog::info("shutting down: no new connections; answering what is in flight");
    listener->stop();
    dispatcher->shutdown_all();
    if (http) http->shutdown_all();
    signals.cancel();
    drain(std::chrono::steady_clock::now() +
          std::min<std::chrono::steady_clock::duration>(std::chrono::seconds(10),
                                                        config.limits.idle_timeout));
  }

  // Waits (without blocking a thread) for the sessions to finish their answers, then stops the
  // engine, which commits what is queued. Sessions still open at `give_up` are closed: a client
  // that does not read its answers kept its write pending, and with it the io_context running, so
  // that the daemon never exited after SIGTERM (found by the abuse tests' slow readers).
  void drain(std::chrono::steady_clock::time_point give_up) {
    if (const auto live = dispatcher->live_sessions() + (http ? http->live_sessions() : 0);
        live > 0) {
      if (std::chrono::steady_clock::now() < give_up) {
        drain_timer.expires_after(std::chrono::milliseconds(20));
        drain_timer.async_wait([this, give_up](auto) { drain(give_up); });
        return;
      }
      spdlog::warn("{} connection(s) still had answers unread at the end of the drain: closed",
                   live);
      dispatcher->abort_all();
      if (http) http->abort_all();
    }
    // Off the io threads: Engine::stop joins the store thread, whose last completions are posted
    // to the io_context and must still run.
    stopper = std::thread([this] {
      engine->stop();
      asio::post(io, [this] { work.reset(); });
    });
  }

  std::string serving_status() const {
    auto [rv, gv] = engine->versions();
    return fmt::format("serving rules {} and graph {} on {}:{}", rv, gv, config.listen_address,
                       listener->port());
  }

  void reload() {
    internal::notify_reloading();
    // Ready again once the reload has ended, the new files taken or refused. The accounts are
    // checked against the graph that serves after it.
    engine->reload([this](const std::expected<Reloaded, ReloadRefused>&) {
      reload_accounts();
      internal::notify_ready(serving_status());
    });
  }

  // Staff come and go without a restart. A file that does not load, or names a body or street
  // the graph lacks, is refused and the accounts in use stay. Without accounts at start, sign-in
  // stays off until a restart (the HTTP routes were set up without them).
  void reload_accounts() {
    if (!accounts) return;
    auto read = read_accounts(config, *engine->snapshots().graph);
    if (!read) {
      spdlog::error("the accounts file was not taken, the accounts in use stay: {}",
                    read.error().to_string());
      return;
    }
    // A removed or changed account (a new password, role, body or street) is signed out
    // everywhere: a session never outlives the entry it was opened under.
    const auto before = accounts->current();
    std::size_t ended = 0;
    for (const auto& old : before->all()) {
      const auto* now = read->find(old.name);
      if (now == nullptr || !(*now == old)) {
        web_sessions->erase_account(old.name);
        ++ended;
      }
    }
    const auto n = read->size();
    accounts->replace(std::move(*read));
    spdlog::info("accounts read again: {} from {} ({} removed or changed, their sessions ended)", n,
                 config.http.accounts.string(), ended);
  }

  void wait_signal() {
    signals.async_wait([this](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      if (sig == SIGHUP) {
        spdlog::info("SIGHUP: reloading rules, graph and accounts");
        reload();
        wait_signal();
        return;
      }
      spdlog::info("signal {}: stopping", sig);
      begin_shutdown();
    });
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  if (!impl_) return;
  stop();
  wait();
}

Result<std::unique_ptr<Server>> Server::create(DaemonConfig config, Clock& clock) {
  auto impl = std::make_unique<Impl>(std::move(config), clock);
  auto& m = *impl;
  if (auto r = check_paths(m.config); !r) return std::unexpected(r.error());
  // Every connection is a descriptor: max_connections must fit under the open-file limit, or
  // accept fails (EMFILE) before the connection limit refuses anyone.
  // The HTTP port's connections come out of the same limit, beside the TCP port's.
  const std::size_t http_wanted = m.config.http.enabled ? m.config.http.max_connections : 0;
  const std::size_t tcp_wanted = m.config.limits.max_connections;
  auto fds = internal::fit_connections_to_fd_limit(tcp_wanted + http_wanted);
  if (!fds) return std::unexpected(fds.error());
  if (fds->raised_from != 0)
    spdlog::info("open-file limit raised from {} to {}", fds->raised_from, fds->soft_limit);
  if (fds->max_connections < tcp_wanted + http_wanted) {
    // Shared in proportion to what each port asked for, at least one each.
    std::size_t http_fit = http_wanted == 0
                               ? 0
                               : std::max<std::size_t>(1, fds->max_connections * http_wanted /
                                                              (tcp_wanted + http_wanted));
    if (http_fit >= fds->max_connections) http_fit = fds->max_connections > 1 ? 1 : 0;
    const std::size_t tcp_fit = std::max<std::size_t>(1, fds->max_connections - http_fit);
    spdlog::warn(
        "max_connections lowered from {} to {}{}: the open-file limit is {} and {} descriptors are "
        "kept for the store, log and listeners",
        tcp_wanted, tcp_fit,
        http_wanted
            ? fmt::format(" and [http] max_connections from {} to {}", http_wanted, http_fit)
            : std::string(),
        fds->soft_limit, internal::k_reserved_fds);
    m.config.limits.max_connections = tcp_fit;
    if (m.config.http.enabled) m.config.http.max_connections = std::max<std::size_t>(1, http_fit);
  }

  auto built = internal::build_snapshots(m.config);
  if (!built.snapshots) {
    Error first = built.errors.front();
    for (std::size_t i = 1; i < built.errors.size(); ++i)
      first.message += "\n" + built.errors[i].to_string();
    return std::unexpected(first);
  }
  for (const auto& w : built.warnings) spdlog::warn("{}", w);
  if (m.config.http.enabled && !m.config.http.accounts.empty()) {
    auto accounts = read_accounts(m.config, *built.snapshots->graph);
    if (!accounts) return std::unexpected(accounts.error());
    m.accounts = std::make_shared<http::LiveAccounts>(std::move(*accounts));
  }
  // Native channel formats, with addresses resolved against the graph loaded at start.
  auto formats = internal::load_channel_formats(m.config, *built.snapshots->graph);
  if (!formats) return std::unexpected(formats.error());

  const auto location = store_location(m.config);
  auto opened = store::open_store(
      location, {.long_running_writer = true,  // no checkpoint on the group-commit path
                 .defer_projections = m.config.lean_writes,  // the lean write path (store.md)
                 .faults = m.config.store_faults});
  if (!opened) return std::unexpected(opened.error());

  // Scheduled reports read through a connection of their own, so that ingest goes on meanwhile.
  auto open_reader = [location]() -> Result<std::unique_ptr<store::Store>> {
    return store::open_store(location, {.create_if_missing = false, .read_only = true});
  };
  // Repeat disputes: the keys are hashed with a secret kept beside the store (docs/repeats.md).
  std::shared_ptr<const RepeatHasher> repeats;
  if (m.config.repeat.enabled) {
    auto secret = load_or_create_repeat_secret(repeat_key_file(m.config));
    if (!secret) return std::unexpected(secret.error());
    repeats = std::make_shared<const RepeatHasher>(*secret);
  }
  m.engine = std::make_unique<internal::Engine>(m.io, m.config, m.clock, std::move(*opened),
                                                std::move(*built.snapshots), open_reader,
                                                std::move(repeats));
  auto t0 = std::chrono::steady_clock::now();
  if (auto r = m.engine->start(); !r) return std::unexpected(r.error());
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  m.dispatcher = std::make_unique<internal::Dispatcher>(m.config, *m.engine, std::move(*formats));
  m.listener = std::make_shared<internal::Listener>(
      m.io, [d = m.dispatcher.get()](asio::ip::tcp::socket s) { d->accept(std::move(s)); },
      [d = m.dispatcher.get()](asio::ip::tcp::socket s) { d->refuse(std::move(s)); });
  if (auto r = m.listener->open(m.config.listen_address, m.config.port); !r) {
    m.engine->stop();
    return std::unexpected(r.error());
  }
  if (m.config.http.enabled) {
    http::add_operations_routes(
        m.router, {m.engine.get(), [d = m.dispatcher.get()] { return d->connection_counts(); },
                   [&m] { return m.http ? m.http->counts() : http::HttpCounts{}; }});
    m.web_sessions = std::make_unique<http::WebSessions>(
        http::SessionLimits{m.config.http.session_idle, m.config.http.session_lifetime, 10000});
    http::add_workbench_routes(
        m.router, {m.engine.get(), m.accounts, m.web_sessions.get(), &m.login_limiter, &m.clock,
                   &m.hashing, m.config.reports.dir});
    auto server = http::HttpServer::create(m.io, m.config, m.router);
    if (!server) {
      m.engine->stop();
      return std::unexpected(server.error());
    }
    m.http = std::move(*server);
    if (auto r = m.http->open(); !r) {
      m.engine->stop();
      return std::unexpected(r.error());
    }
    spdlog::info("HTTP on {}:{} (/healthz, /readyz, /metrics; workbench: {})",
                 m.config.http.listen_address, m.http->port(),
                 m.accounts ? fmt::format("{} accounts", m.accounts->current()->size())
                            : std::string("no [http] accounts, sign-in off"));
  }
  auto [rv, gv] = m.engine->versions();
  spdlog::info("listening on {}:{} (rules {}, graph {}, store {}, ready in {} ms)",
               m.config.listen_address, m.listener->port(), rv, gv, store::to_string(location), ms);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

unsigned short Server::port() const { return impl_->listener->port(); }
unsigned short Server::http_port() const { return impl_->http ? impl_->http->port() : 0; }
std::string Server::rules_version() const { return impl_->engine->versions().first; }
std::string Server::graph_version() const { return impl_->engine->versions().second; }

void Server::start(bool handle_signals) {
  auto& m = *impl_;
  m.work.emplace(m.io.get_executor());
  if (handle_signals) {
    m.service = true;
    m.signals.add(SIGTERM);
    m.signals.add(SIGINT);
    m.signals.add(SIGHUP);
    m.wait_signal();
  }
  m.listener->run();
  if (m.http) m.http->run();
  unsigned n =
      m.config.threads ? m.config.threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i) {
    m.threads.emplace_back([&m, i] {
      name_this_thread(fmt::format("tiaojie-io-{}", i));
      m.io.run();
    });
  }
  // The socket is bound and accepting (create() opened it): a client connecting now is answered.
  if (m.service) internal::notify_ready(m.serving_status());
}

void Server::wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
  // A sign-in being checked finishes (its answer goes nowhere: the connections are closed).
  impl_->hashing.join();
  // The io threads return once the stopper has posted its last handler; joining it too orders
  // everything it did before the io_context's destruction.
  if (impl_->stopper.joinable()) impl_->stopper.join();
}

void Server::stop() {
  auto& m = *impl_;
  if (m.threads.empty()) {
    // Never started: nothing in flight.
    if (!m.stopping.exchange(true)) m.engine->stop();
    return;
  }
  asio::post(m.io, [&m] { m.begin_shutdown(); });
}

void Server::clock_changed() { impl_->engine->clock_changed(); }

void Server::reload() { impl_->reload(); }

}  // namespace tiaojie::daemon

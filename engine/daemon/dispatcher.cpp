#include "daemon/internal/dispatcher.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>
#include <utility>

#include "daemon/command_parse.hpp"
#include "daemon/internal/intake_metrics.hpp"
#include "daemon/replies.hpp"
#include "support/overloaded.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;

namespace {

// The NDJSON end of an engine Answer: the result rendered as the reply line of its slot.
template <class T>
Answer<T> answer_to(const std::shared_ptr<Session>& s, std::uint64_t slot,
                    std::optional<RequestId> id) {
  return
      [s, slot, id = std::move(id)](Result<T> result) { s->respond(slot, reply_line(id, result)); };
}

}  // namespace

Dispatcher::Dispatcher(const DaemonConfig& config, Engine& engine,
                       std::shared_ptr<const ChannelFormats> formats)
    : config_(config), engine_(engine), auth_(config), formats_(std::move(formats)) {
  schema_.channels = auth_.channel_ids();
  parse_context_ = {&schema_, formats_.get(), config_.replay.dry_run_window_days};
}

void Dispatcher::accept(asio::ip::tcp::socket socket) {
  std::shared_ptr<Session> session;
  bool shutting_down = false;
  {
    MutexLock lock(mu_);
    shutting_down = !accepting_;  // read under the lock: shutdown_all() writes it from any thread
    if (!shutting_down && sessions_.size() < config_.limits.max_connections) {
      session = std::make_shared<Session>(std::move(socket), config_.limits, *this);
      sessions_[session->id()] = session;
    }
  }
  if (!session) {
    refuse(std::move(socket), shutting_down ? "shutting down" : k_too_many_connections);
    return;
  }
  ++accepted_;
  spdlog::debug("connection {} from {}", session->id(), session->peer());
  session->start();
}

void Dispatcher::refuse(asio::ip::tcp::socket socket, std::string_view why) {
  ++refused_;
  // Told why, then closed: a blocking write of one short line to a fresh socket does not block.
  std::string line = error_response(std::nullopt, resource_exhausted(std::string(why)));
  boost::system::error_code ignored;
  asio::write(socket, asio::buffer(line), ignored);
  socket.close(ignored);
}

void Dispatcher::session_closed(Session& session) {
  MutexLock lock(mu_);
  sessions_.erase(session.id());
}

void Dispatcher::shutdown_all() {
  std::vector<std::shared_ptr<Session>> live;
  {
    MutexLock lock(mu_);
    accepting_ = false;
    for (auto& [id, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->shutdown();
}

void Dispatcher::abort_all() {
  std::vector<std::shared_ptr<Session>> live;
  {
    MutexLock lock(mu_);
    for (auto& [id, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->abort();
}

void Dispatcher::log_unknown_token(const Session& s) {
  std::uint64_t count = 0;
  {
    MutexLock lock(mu_);
    const auto unlogged = unknown_token_log_.admit(LogThrottle::Clock::now());
    if (!unlogged) return;
    count = *unlogged + 1;  // this one too
  }
  // The token itself is never logged.
  spdlog::warn("connection {} from {}: hello with an unknown token ({} since the last such line)",
               s.id(), s.peer(), count);
}

std::size_t Dispatcher::live_sessions() const {
  MutexLock lock(mu_);
  return sessions_.size();
}

Dispatcher::ConnectionCounts Dispatcher::connection_counts() const {
  MutexLock lock(mu_);
  return {sessions_.size(), accepted_.load(), refused_.load()};
}

void Dispatcher::dispatch(const std::shared_ptr<Session>& s, std::uint64_t slot, Request r) {
  const Principal& who = s->principal();
  // The role first: a request its role may not send is refused before its fields are read.
  if (auto allowed = authorise_op(who.role, r.op); !allowed) {
    s->respond(slot, error_response(r.id, allowed.error()));
    s->count_bad_line();
    return;
  }
  const bool submit = r.op == Op::submit;
  route(s, slot, std::move(r));
  // A submit refused here (an invalid dispute, another channel's, an unknown format) is answered
  // at once, on this strand; one that reached the engine is answered after its commit.
  if (submit && s->answered(slot)) {
    auto& intake = engine_.intake();
    intake.count(who.role == Role::channel ? intake.slot(who.name)
                                           : intake.slot(IntakeMetrics::k_operator_label),
                 IntakeMetrics::Outcome::refused_before_engine);
  }
}

void Dispatcher::route(const std::shared_ptr<Session>& s, std::uint64_t slot, Request r) {
  const Principal& who = s->principal();
  auto command = parse_command(r.op, r.body, parse_context_);
  if (!command) {
    // A failed hello ends the earlier one: the connection is unauthenticated again (keeping the
    // old role would let a client believe it now holds another one, or keep a role it meant to
    // drop).
    if (r.op == Op::hello) s->set_principal({});
    s->respond(slot, error_response(r.id, command.error()));
    if (r.op == Op::hello) s->count_bad_line();
    return;
  }
  const Scope scope = scope_of(who, config_);
  if (const auto* record = std::get_if<command::SubmitRecord>(&*command)) {
    // The format's permission before the record is read, then the mapped dispute's channel.
    if (auto allowed = authorise(scope, *command); !allowed) {
      s->respond(slot, error_response(r.id, allowed.error()));
      return;
    }
    // The calendar serving now, not the one at start: a reload that adds a year reaches reply
    // periods too.
    const auto calendar = engine_.calendar();
    auto mapped = map_record(*record, *formats_, schema_, calendar.get());
    if (!mapped) {
      s->respond(slot, error_response(r.id, mapped.error()));
      return;
    }
    *command = std::move(*mapped);
  }
  if (auto allowed = authorise(scope, *command); !allowed) {
    s->respond(slot, error_response(r.id, allowed.error()));
    return;
  }
  std::visit(
      Overloaded{
          [&](command::Hello& c) { handle_hello(s, slot, r.id, c); },
          [&](command::Submit& c) {
            // A canonical dispute's address is resolved by the same gazetteer as a native
            // record's: the stored text then says what was decided.
            if (c.format.empty()) resolve_location(c, formats_.get());
            engine_.submit(std::move(c), scope, answer_to<SubmitAck>(s, slot, std::move(r.id)));
          },
          [&](command::SubmitRecord&) {},  // mapped above
          [&](CaseChange& c) {
            engine_.change(std::move(c), scope, answer_to<CaseChanged>(s, slot, std::move(r.id)));
          },
          [&](command::Get& c) {
            engine_.get(std::move(c), scope, answer_to<CaseView>(s, slot, std::move(r.id)));
          },
          [&](command::Backlog&) {
            engine_.backlog(answer_to<BacklogView>(s, slot, std::move(r.id)));
          },
          [&](command::Subscribe& c) {
            s->set_subscribed(true);
            Subscription sub{s, std::move(c.filter),
                             [session = std::weak_ptr<Session>(s), lines = event_lines_](
                                 const std::shared_ptr<const EventNotice>& notice) {
                               if (auto live = session.lock())
                                 live->push_event(lines->line(notice));
                             }};
            engine_.subscribe(std::move(sub), answer_to<Subscribed>(s, slot, std::move(r.id)));
          },
          [&](command::Stats&) {
            ConnectionStats cs;
            {
              MutexLock lock(mu_);
              cs.open = static_cast<std::int64_t>(sessions_.size());
            }
            cs.accepted = accepted_.load();
            cs.refused = refused_.load();
            engine_.stats(cs, answer_to<StatsView>(s, slot, std::move(r.id)));
          },
          [&](command::Reload& c) {
            if (c.dry_run) {
              spdlog::info("dry-run reload requested by operator {} ({} days)", who.name,
                           c.window_days);
              engine_.reload_dry_run(c.window_days, answer_to<DryRun>(s, slot, std::move(r.id)));
              return;
            }
            spdlog::info("reload requested by operator {}", who.name);
            engine_.reload([s, slot, id = std::move(r.id)](
                               const std::expected<Reloaded, ReloadRefused>& result) {
              s->respond(slot, reply_line(id, result));
            });
          },
      },
      *command);
}

std::shared_ptr<const std::string> Dispatcher::EventLines::line(
    const std::shared_ptr<const EventNotice>& notice) {
  if (!line_ || last_.owner_before(notice) || notice.owner_before(last_)) {
    line_ = std::make_shared<const std::string>(event_line(*notice));
    last_ = notice;
  }
  return line_;
}

void Dispatcher::handle_hello(const std::shared_ptr<Session>& s, std::uint64_t slot,
                              const std::optional<RequestId>& id, const command::Hello& hello) {
  auto p = auth_.authenticate(hello.token);
  if (!p) {
    log_unknown_token(*s);
    s->set_principal({});
    s->respond(slot, error_response(id, permission_denied("unknown token")));
    s->count_bad_line();
    return;
  }
  s->set_principal(*p);
  // The line limit tells a client which requests it must not send (they would close the
  // connection).
  s->respond(slot, ok_response(id, reply_fields(HelloAnswer{*p, config_.limits.max_line_bytes})));
}

}  // namespace tiaojie::daemon::internal

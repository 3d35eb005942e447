#include "daemon/internal/dispatcher.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <tuple>
#include <utility>

#include "adapters/mapper.hpp"
#include "daemon/internal/intake_metrics.hpp"

namespace tiaojie::daemon::internal {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

Reply reply_to(const std::shared_ptr<Session>& s, std::uint64_t slot) {
  return [s, slot](std::string text) { s->respond(slot, std::move(text)); };
}

// A case id field: a positive integer.
Result<std::int64_t> case_field(const json::object& o) {
  auto it = o.find("case");
  if (it == o.end()) return std::unexpected(invalid_input("is required (a case id)", "case"));
  if (it->value().is_int64() && it->value().as_int64() > 0) return it->value().as_int64();
  if (it->value().is_uint64() && it->value().as_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(it->value().as_uint64());
  return std::unexpected(invalid_input("must be a positive integer", "case"));
}

// A filter field: one string or an array of strings.
Result<std::set<std::string>> string_set(const json::object& o, std::string_view key,
                                         std::string_view where) {
  std::set<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return out;
  if (it->value().is_string()) {
    out.insert(std::string(it->value().as_string()));
    return out;
  }
  if (it->value().is_array()) {
    for (const auto& v : it->value().as_array()) {
      if (!v.is_string())
        return std::unexpected(invalid_input("must hold strings only", std::string(where)));
      out.insert(std::string(v.as_string()));
    }
    return out;
  }
  return std::unexpected(
      invalid_input("must be a string or an array of strings", std::string(where)));
}

}  // namespace

Dispatcher::Dispatcher(const DaemonConfig& config, Engine& engine,
                       std::shared_ptr<const ChannelFormats> formats)
    : config_(config), engine_(engine), auth_(config), formats_(std::move(formats)) {
  schema_.channels = auth_.channel_ids();
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
  if (!role_allows(who.role, r.op)) {
    s->respond(
        slot, error_response(
                  r.id, permission_denied(
                            who.role == Role::none
                                ? fmt::format("say hello with a token before '{}'", to_string(r.op))
                                : fmt::format("a {} token may not use '{}'", to_string(who.role),
                                              to_string(r.op)))));
    s->count_bad_line();
    return;
  }
  switch (r.op) {
    case Op::hello:
      return handle_hello(s, slot, r);
    case Op::submit:
      handle_submit(s, slot, r);
      // Refused here (an invalid dispute, another channel's, an unknown format): answered at once,
      // on this strand. A submit that reached the engine is answered after its commit.
      if (s->answered(slot)) {
        auto& intake = engine_.intake();
        intake.count(who.role == Role::channel ? intake.slot(who.name)
                                               : intake.slot(IntakeMetrics::k_operator_label),
                     IntakeMetrics::Outcome::refused_before_engine);
      }
      return;
    case Op::get:
      return handle_get(s, slot, r);
    case Op::subscribe:
      return handle_subscribe(s, slot, r);
    case Op::accept:
    case Op::start_mediation:
    case Op::suspend:
    case Op::resume:
    case Op::extend:
    case Op::transfer:
    case Op::resolve:
    case Op::withdraw:
    case Op::feedback:
    case Op::close: {
      auto id = case_field(r.body);
      if (!id) {
        s->respond(slot, error_response(r.id, id.error()));
        return;
      }
      engine_.change(r.op, *id, std::move(r.body), who, std::move(r.id), reply_to(s, slot));
      return;
    }
    case Op::backlog:
      return engine_.backlog(std::move(r.id), reply_to(s, slot));
    case Op::stats: {
      MutexLock lock(mu_);
      json::object cs{{"open", static_cast<std::int64_t>(sessions_.size())},
                      {"accepted", accepted_.load()},
                      {"refused", refused_.load()}};
      return engine_.stats(std::move(cs), std::move(r.id), reply_to(s, slot));
    }
    case Op::reload: {
      if (auto dry = r.body.find("dry_run"); dry != r.body.end() && dry->value() == true) {
        // Default window: [replay] dry_run_window_days (30 unless configured); the request's
        // "window_days" overrides it (1..3660).
        int days = config_.replay.dry_run_window_days;
        if (auto w = r.body.find("window_days"); w != r.body.end()) {
          if (!w->value().is_int64() || w->value().as_int64() < 1 || w->value().as_int64() > 3660) {
            s->respond(slot, error_response(r.id, invalid_input("must be an integer from 1 to 3660",
                                                                "window_days")));
            return;
          }
          days = static_cast<int>(w->value().as_int64());
        }
        spdlog::info("dry-run reload requested by operator {} ({} days)", who.name, days);
        return engine_.reload_dry_run(std::move(r.id), reply_to(s, slot), days);
      }
      spdlog::info("reload requested by operator {}", who.name);
      return engine_.reload(std::move(r.id), reply_to(s, slot));
    }
  }
}

void Dispatcher::handle_hello(const std::shared_ptr<Session>& s, std::uint64_t slot, Request& r) {
  auto it = r.body.find("token");
  // A failed hello ends the earlier one: the connection is unauthenticated again (keeping the old
  // role would let a client believe it now holds another one, or keep a role it meant to drop).
  if (it == r.body.end() || !it->value().is_string()) {
    s->set_principal({});
    s->respond(slot, error_response(r.id, invalid_input("is required (a string)", "token")));
    s->count_bad_line();
    return;
  }
  auto p = auth_.authenticate(it->value().as_string());
  if (!p) {
    log_unknown_token(*s);
    s->set_principal({});
    s->respond(slot, error_response(r.id, permission_denied("unknown token")));
    s->count_bad_line();
    return;
  }
  s->set_principal(*p);
  // The line limit tells a client which requests it must not send (they would close the
  // connection).
  json::object o{{"role", to_string(p->role)},
                 {"name", p->name},
                 {"max_line_bytes", static_cast<std::uint64_t>(config_.limits.max_line_bytes)}};
  s->respond(slot, ok_response(r.id, std::move(o)));
}

Result<Dispute> Dispatcher::dispute_from_record(const Principal& who, Request& r) const {
  const auto& f = r.body.at("format");
  if (!f.is_string())
    return std::unexpected(invalid_input("must be a format id (a string)", "format"));
  std::string_view id = f.get_string();
  auto found =
      formats_ ? formats_->formats.find(id) : decltype(formats_->formats)::const_iterator{};
  if (!formats_ || found == formats_->formats.end()) {
    return std::unexpected(invalid_input(fmt::format("unknown format '{}'", id), "format"));
  }
  if (who.role == Role::channel) {
    // The channel's token decides which formats it may use.
    const ChannelAuth* mine = nullptr;
    for (const auto& ch : config_.channels) {
      if (ch.channel == who.name) mine = &ch;
    }
    if (!mine || std::find(mine->formats.begin(), mine->formats.end(), id) == mine->formats.end()) {
      return std::unexpected(permission_denied(
          fmt::format("channel '{}' may not submit format '{}'", who.name, id), "format"));
    }
  }
  auto rec = r.body.find("record");
  if (rec == r.body.end() || !rec->value().is_object()) {
    return std::unexpected(invalid_input("is required: the native record, an object", "record"));
  }
  const adapters::Gazetteer* g = formats_->gazetteer ? &*formats_->gazetteer : nullptr;
  // The calendar serving now, not the one at start: a reload that adds a year reaches reply
  // periods too.
  const auto calendar = engine_.calendar();
  auto mapped =
      adapters::map_record(found->second, rec->value().get_object(), g, schema_, calendar.get());
  if (!mapped) {
    Error e = mapped.error();
    if (e.where != "channel") e.where = e.where.empty() ? "record" : "record." + e.where;
    return std::unexpected(std::move(e));
  }
  const auto& loc = mapped->location;
  spdlog::debug("{} {}: location {} ({}, {:.2f}) {}", mapped->dispute.channel,
                mapped->dispute.external_id, loc.street.empty() ? "unresolved" : loc.street,
                adapters::to_string(loc.method), loc.confidence, loc.note);
  return std::move(mapped->dispute);
}

void Dispatcher::handle_submit(const std::shared_ptr<Session>& s, std::uint64_t slot, Request& r) {
  if (r.body.contains("format") &&
      !(r.body.at("format").is_string() && r.body.at("format").get_string() == "native")) {
    auto d = dispute_from_record(s->principal(), r);
    if (!d) {
      s->respond(slot, error_response(r.id, d.error()));
      return;
    }
    const Principal& who = s->principal();
    if (who.role == Role::channel && d->channel != who.name) {
      s->respond(
          slot,
          error_response(
              r.id,
              permission_denied(
                  fmt::format("this connection may submit only disputes of channel '{}'", who.name),
                  "format")));
      return;
    }
    std::string text = dispute_to_json_text(*d);
    engine_.submit(std::move(*d), std::move(text), who, std::move(r.id), reply_to(s, slot));
    return;
  }
  auto it = r.body.find("dispute");
  if (it == r.body.end()) {
    s->respond(slot, error_response(
                         r.id, invalid_input("is required (the dispute, an object)", "dispute")));
    return;
  }
  Result<Dispute> d = std::unexpected(Error{});
  std::string text;
  if (it->value().is_object()) {
    d = dispute_from_json(it->value(), schema_, "dispute.");
    if (d) text = json::serialize(it->value());
  } else if (it->value().is_string()) {
    // A dispute document as text (what `tiaojie submit` sends: each input line unchanged), so that
    // even a line that is not JSON gets the dispute parser's precise error.
    text = std::string(it->value().as_string());
    d = parse_dispute(text, schema_);
    if (!d) d.error().where = dispute_where(d.error().where);
  } else {
    d = std::unexpected(invalid_input("must be an object (or a string holding one)", "dispute"));
  }
  if (!d) {
    s->respond(slot, error_response(r.id, d.error()));
    return;
  }
  const Principal& who = s->principal();
  if (who.role == Role::channel && d->channel != who.name) {
    s->respond(slot,
               error_response(
                   r.id, permission_denied(
                             fmt::format("this connection may submit only disputes of channel '{}'",
                                         who.name),
                             "dispute.channel")));
    return;
  }
  // A canonical dispute's address is resolved by the same gazetteer as a native record's: an
  // address without a street gets one (or a location_review), and a street the address
  // contradicts goes to review. The stored text then says what was decided.
  if (d->address && formats_ && formats_->gazetteer) {
    const auto before = std::tie(d->street, d->community, d->location_review);
    const auto copy = std::make_tuple(d->street, d->community, d->location_review);
    adapters::resolve_dispute_location(*d, *formats_->gazetteer);
    if (before != copy) text = dispute_to_json_text(*d);
  }
  engine_.submit(std::move(*d), std::move(text), who, std::move(r.id), reply_to(s, slot));
}

void Dispatcher::handle_get(const std::shared_ptr<Session>& s, std::uint64_t slot, Request& r) {
  const Principal& who = s->principal();
  std::int64_t case_id = 0;
  std::string channel, external_id;
  if (r.body.contains("case")) {
    auto id = case_field(r.body);
    if (!id) {
      s->respond(slot, error_response(r.id, id.error()));
      return;
    }
    case_id = *id;
  } else {
    auto ext = r.body.find("external_id");
    if (ext == r.body.end() || !ext->value().is_string()) {
      s->respond(
          slot,
          error_response(
              r.id, invalid_input("give \"case\" or \"external_id\" (with \"channel\")", "case")));
      return;
    }
    external_id = std::string(ext->value().as_string());
    auto ch = r.body.find("channel");
    channel = ch != r.body.end() && ch->value().is_string() ? std::string(ch->value().as_string())
                                                            : who.name;
  }
  engine_.get(case_id, std::move(channel), std::move(external_id), who, std::move(r.id),
              reply_to(s, slot));
}

void Dispatcher::handle_subscribe(const std::shared_ptr<Session>& s, std::uint64_t slot,
                                  Request& r) {
  // The filter may be given as {"filter": {...}} or as top-level fields.
  const json::object* src = &r.body;
  if (auto f = r.body.find("filter"); f != r.body.end()) {
    if (!f->value().is_object()) {
      s->respond(slot, error_response(r.id, invalid_input("must be an object", "filter")));
      return;
    }
    src = &f->value().as_object();
  }
  EventFilter filter;
  auto read = [&](std::string_view key, std::set<std::string>& out) -> bool {
    auto v = string_set(*src, key, std::string(key));
    if (!v) {
      s->respond(slot, error_response(r.id, v.error()));
      return false;
    }
    out = std::move(*v);
    return true;
  };
  if (!read("body", filter.bodies) || !read("level", filter.levels) ||
      !read("category", filter.categories) || !read("kind", filter.kinds)) {
    return;
  }
  for (const auto& l : filter.levels) {
    if (!parse_level(l)) {
      s->respond(slot, error_response(r.id, invalid_input("unknown level '" + l +
                                                              "' (community, street, district)",
                                                          "level")));
      return;
    }
  }
  s->set_subscribed(true);
  engine_.subscribe(s, std::move(filter), std::move(r.id), reply_to(s, slot));
}

}  // namespace tiaojie::daemon::internal

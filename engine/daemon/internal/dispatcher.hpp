// Between sessions and the engine: creates sessions (enforcing max_connections), and turns each
// request into a command: the role's check (authorise_op), the fields (parse_command), a native
// record mapped (map_record), the command's check (authorise); then authenticates `hello` itself
// and hands every other command to the engine. Field and permission errors are answered here, on
// the session's strand, without bothering the engine.
// Thread-safety: accept, dispatch and session_closed run on session strands, concurrently; the
// session registry and the accepting flag are guarded by mu_ (GUARDED_BY, checked by
// .ci/thread-safety); the counters are atomic.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <unordered_map>

#include "daemon/auth.hpp"
#include "daemon/command_parse.hpp"
#include "daemon/internal/channel_formats.hpp"
#include "daemon/internal/engine.hpp"
#include "daemon/internal/log_throttle.hpp"
#include "daemon/internal/session.hpp"
#include "model/dispute_json.hpp"
#include "support/thread_annotations.hpp"

namespace tiaojie::daemon::internal {

class Dispatcher final : public SessionHost {
 public:
  static constexpr std::string_view k_too_many_connections =
      "too many connections; try again later";

  // `formats`: the native formats `submit` accepts besides canonical disputes (may be empty).
  Dispatcher(const DaemonConfig& config, Engine& engine,
             std::shared_ptr<const ChannelFormats> formats);

  // A new connection: a session, or an error line and close when max_connections are open or the
  // daemon is shutting down.
  void accept(boost::asio::ip::tcp::socket socket) EXCLUDES(mu_);
  // Writes the refusal line (resource_exhausted with `why`) to a connection and closes it; counted
  // in stats' "refused". The listener refuses through it while out of descriptors.
  void refuse(boost::asio::ip::tcp::socket socket, std::string_view why = k_too_many_connections);
  void dispatch(const std::shared_ptr<Session>& session, std::uint64_t slot,
                Request request) override EXCLUDES(mu_);
  void session_closed(Session& session) override EXCLUDES(mu_);

  // Stops accepting and asks every session to finish its pending answers and close.
  void shutdown_all() EXCLUDES(mu_);
  // Closes every session at once (Session::abort). Any thread.
  void abort_all() EXCLUDES(mu_);
  [[nodiscard]] std::size_t live_sessions() const EXCLUDES(mu_);

  // The TCP port's connections, for /metrics. Any thread.
  struct ConnectionCounts {
    std::uint64_t open = 0, accepted = 0, refused = 0;
  };
  [[nodiscard]] ConnectionCounts connection_counts() const EXCLUDES(mu_);

 private:
  // A request its role may send: parsed into a command, authorised, and handed to the engine (or
  // answered here when refused).
  void route(const std::shared_ptr<Session>& s, std::uint64_t slot, Request r);
  void handle_hello(const std::shared_ptr<Session>& s, std::uint64_t slot,
                    const std::optional<RequestId>& id, const command::Hello& hello);
  // Logs a hello with an unknown token: the first at once, then at most one line per 10 s with
  // the count since the last line. One line each was 4 MB of log a second from four clients
  // retrying wrong tokens (tests/abuse).
  void log_unknown_token(const Session& s) EXCLUDES(mu_);

  const DaemonConfig& config_;
  Engine& engine_;
  Authenticator auth_;
  DisputeSchema schema_;
  std::shared_ptr<const ChannelFormats> formats_;
  ParseContext parse_context_;  // points at schema_ and formats_

  // The NDJSON line of the last event pushed, shared by every subscription made here: the engine
  // hands an event to all of its subscribers in one go, and it is rendered once. Used on the
  // engine's strand only (Subscription::deliver runs there).
  class EventLines {
   public:
    std::shared_ptr<const std::string> line(const std::shared_ptr<const EventNotice>& notice);

   private:
    std::weak_ptr<const EventNotice> last_;
    std::shared_ptr<const std::string> line_;
  };
  std::shared_ptr<EventLines> event_lines_ = std::make_shared<EventLines>();

  mutable Mutex mu_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions_ GUARDED_BY(mu_);
  bool accepting_ GUARDED_BY(mu_) = true;
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> refused_{0};
  LogThrottle unknown_token_log_ GUARDED_BY(mu_){std::chrono::seconds(10)};
};

}  // namespace tiaojie::daemon::internal

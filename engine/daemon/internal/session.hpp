// One client connection (Beast's advanced server and Redis's networking.c are the models).
//
// A Session owns its socket, a bounded input buffer and an ordered queue of response slots. It
// reads one line at a time, parses the request envelope and hands it to its SessionHost with a
// slot number; the host answers through respond(slot, …), possibly later and from another strand
// (a submit is answered after its batch committed). Responses leave in request order.
//
// Bounds: a line longer than Limits::max_line_bytes, or the max_bad_lines-th bad line (after its
// own error), gets a final error and the connection is closed (sending side first, then what the
// client still sends is drained for a bounded time, so that the final line is not lost to a reset);
// with max_queued_responses responses queued the session stops reading until the client has read
// some (back-pressure); a connection silent for idle_timeout is closed (subscribers and connections
// awaiting the daemon's answers are exempt), and so is one whose answers the client has not read
// for idle_timeout (a write in flight that long: closed at once, subscribers included); a
// subscriber with more than max_queued_events unread events is closed as too slow.
//
// Thread-safety: everything runs on the session's strand (the socket's executor). respond,
// push_event and shutdown may be called from any thread: they post to that strand.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "daemon/auth.hpp"
#include "daemon/config.hpp"
#include "daemon/protocol.hpp"

namespace tiaojie::daemon::internal {

class Session;

// What a session hands its requests to. Implemented by the dispatcher.
class SessionHost {
 public:
  virtual ~SessionHost() = default;
  // Called on the session's strand. The host must eventually call session->respond(slot, …)
  // exactly once.
  virtual void dispatch(const std::shared_ptr<Session>& session, std::uint64_t slot,
                        Request request) = 0;
  // Called once, on the session's strand, when the session has closed its socket.
  virtual void session_closed(Session& session) = 0;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, const Limits& limits, SessionHost& host);
  ~Session();

  // Starts reading. Call once, after the session is owned by a shared_ptr.
  void start();

  // Fills a response slot. Any thread.
  void respond(std::uint64_t slot, std::string text);
  // Queues an event line for a subscriber. Any thread.
  void push_event(std::shared_ptr<const std::string> line);
  // Stops reading, lets queued responses go out, then closes. Any thread.
  void shutdown();
  // Closes at once, dropping what is unsent (the end of a shutdown whose answers were not read).
  // Any thread.
  void abort();

  // On the strand only (the host's dispatch runs there).
  [[nodiscard]] const Principal& principal() const { return principal_; }
  void set_principal(Principal p) { principal_ = std::move(p); }
  void set_subscribed(bool s) { subscribed_ = s; }
  // Counts a request that should not have been sent (failed hello, refused by role); too many
  // close the connection.
  void count_bad_line();
  // Whether the response of `slot` is written or queued with its text (strand only).
  [[nodiscard]] bool answered(std::uint64_t slot) const;

  [[nodiscard]] std::uint64_t id() const { return id_; }
  [[nodiscard]] const std::string& peer() const { return peer_; }

 private:
  struct Slot {
    std::uint64_t number;
    std::optional<std::string> text;
  };

  void do_read();
  void on_read(const boost::system::error_code& ec, std::size_t bytes);
  void handle_line(std::string_view line);
  void fill(std::uint64_t slot, std::string text);
  void fatal(const Error& error);
  void maybe_write();
  void on_write(const boost::system::error_code& ec);
  void maybe_resume_reading();
  void arm_idle_timer();
  void wait_idle();
  // No more answers: shut the sending side, drain the input for a while, then close_now().
  void finish();
  void linger_read();
  void close_now();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer idle_timer_;
  const Limits& limits_;
  SessionHost& host_;
  std::uint64_t id_;
  std::string peer_;

  std::string inbuf_;
  std::deque<Slot> slots_;
  std::deque<std::shared_ptr<const std::string>> events_;
  std::string wbuf_;
  std::uint64_t next_slot_ = 0;
  std::chrono::steady_clock::time_point idle_deadline_;
  std::chrono::steady_clock::time_point write_since_;  // when the write in flight began

  Principal principal_;
  std::size_t bad_lines_ = 0;
  bool reading_ = false;   // a read is in flight
  bool paused_ = false;    // reading stopped for back-pressure
  bool draining_ = false;  // no more reading: flush and close
  bool writing_ = false;
  bool closed_ = false;
  bool subscribed_ = false;
  bool peer_closed_ = false;  // the client's end of stream (or a reset) was read
  bool lingering_ = false;    // finish() began: input is read and dropped
  // The daemon ends the connection over an error (fatal): the client may still be sending, so
  // finish() lingers. A shutdown of the whole daemon closes at once after the last answer: the
  // client sent nothing more (its reads were stopped), and a stop must not wait on its clients.
  bool linger_on_finish_ = false;
  std::size_t lingered_bytes_ = 0;
};

}  // namespace tiaojie::daemon::internal

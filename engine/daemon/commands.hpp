// What a client asks the daemon to do, as typed values (issue 18: one command layer, two
// transports). A transport turns its requests into these (the NDJSON protocol through
// command_parse.hpp; the HTTP front end from its forms and API bodies), checks them with
// authorise.hpp, hands them to the engine, and renders the typed results of results.hpp in its own
// format (replies.hpp for the NDJSON protocol's bytes). The engine reads no request fields and
// builds no reply text.
//
// A command holds only values that passed the parser's checks: a case id is positive, a number is
// in its range, an enum is one of its values. What needs the engine's state (whether the case
// exists, whether the body is in the graph, whether an extension is within the rule's bound) is
// checked when the engine executes it.
// Thread-safety: plain values.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "daemon/protocol.hpp"
#include "lifecycle/case_state.hpp"
#include "lifecycle/event.hpp"
#include "model/dispute.hpp"

namespace tiaojie::daemon {

// What a subscriber wants to see. An empty set accepts everything for that field.
struct EventFilter {
  std::set<std::string> bodies;
  std::set<std::string> levels;  // each one of community, street, district
  std::set<std::string> categories;
  std::set<std::string> kinds;
};

namespace command {

// Authenticates the connection (a transport's own business: the engine never sees it).
struct Hello {
  std::string token;
};

// A canonical dispute, validated. `text` is the document the store keeps (the request's dispute
// as sent, or as written again after the gazetteer resolved its address).
struct Submit {
  Dispute dispute;
  std::string text;
  // The native format it was mapped from ("" for a canonical dispute): a refusal of its channel
  // then points at "format" rather than "dispute.channel".
  std::string format;
};

// A channel's native record, not yet mapped: the format's permission is checked (authorise) before
// the record is read, then map_record (command_parse.hpp) turns it into a Submit.
struct SubmitRecord {
  std::string format;         // a loaded format's id
  boost::json::value record;  // as sent; null when absent (map_record refuses anything else)
};

// The lifecycle operations on one case. `case_id` > 0.
struct Accept {
  std::int64_t case_id = 0;
};
struct StartMediation {
  std::int64_t case_id = 0;
};
struct Suspend {
  std::int64_t case_id = 0;
  std::string reason;  // not empty (e.g. 鉴定)
};
struct Resume {
  std::int64_t case_id = 0;
};
struct Extend {
  std::int64_t case_id = 0;
  std::string reason;       // not empty
  int days = 0;             // 1–3650, in the period's units
  std::string approved_by;  // "" = the principal who sends it
};
struct Transfer {
  std::int64_t case_id = 0;
  std::string body;  // not empty; whether the graph has it is the engine's check
  std::string reason;
};
struct Resolve {
  std::int64_t case_id = 0;
  std::variant<lifecycle::Resolved, lifecycle::Failed> outcome;
};
struct Withdraw {
  std::int64_t case_id = 0;
  std::string reason;
};
struct Close {
  std::int64_t case_id = 0;
  std::string note;
};
struct Feedback {
  std::int64_t case_id = 0;
  lifecycle::FeedbackGiven given;  // channel not empty, ≤ 64 bytes; comment ≤ 2000 bytes
};

// One case: by id (case_id > 0), or by its channel's key (case_id == 0; `channel` absent means the
// principal's own channel).
struct Get {
  std::int64_t case_id = 0;
  std::optional<std::string> channel;
  std::string external_id;
};

struct Backlog {};

// The open cases a workbench queue lists (issue 18; not an NDJSON operation), soonest due first.
// Within the scope's reach always; these narrow it further.
struct Queue {
  enum class Show { all, waiting, in_progress, overdue };
  std::string body;       // "" = every body
  std::string street;     // "" = every street; the street region's name, "江南中街道"
  std::string category;   // "" = every category
  Show show = Show::all;  // waiting: received or assigned; in_progress: accepted or in mediation
  std::size_t offset = 0;
  std::size_t limit = 100;  // 1–1000
};
// The workbench's search (not an NDJSON operation): the cases received from `from` to `to`
// (inclusive, Asia/Shanghai dates), within the scope's reach, that match every filter given.
struct Search {
  CivilDate from;
  CivilDate to;
  std::string category;                     // "" = any
  std::optional<lifecycle::Status> status;  // nullopt = any
  std::string street;                       // "" = any; the lead body's street, "江南中街道"
  std::string text;                         // "" = any; a substring of the description
  std::size_t limit = 200;                  // 1–1000: hits beyond it are counted, not listed
};

struct Subscribe {
  EventFilter filter;
};
struct Stats {};
struct Reload {
  bool dry_run = false;
  int window_days = 0;  // dry run only: 1–3660
};

}  // namespace command

// The operations that change one case (Engine::change).
using CaseChange =
    std::variant<command::Accept, command::StartMediation, command::Suspend, command::Resume,
                 command::Extend, command::Transfer, command::Resolve, command::Withdraw,
                 command::Close, command::Feedback>;

using Command =
    std::variant<command::Hello, command::Submit, command::SubmitRecord, CaseChange, command::Get,
                 command::Backlog, command::Subscribe, command::Stats, command::Reload>;

// The protocol operation a command is (both submit commands are Op::submit).
[[nodiscard]] Op op_of(const CaseChange& change);
[[nodiscard]] Op op_of(const Command& command);
// The case a change is about.
[[nodiscard]] std::int64_t case_of(const CaseChange& change);

}  // namespace tiaojie::daemon

// The events of a case's life (design.md §7). Every change to a case is one Event appended to the
// store's log; the case's current state is the fold of its events (case_state.hpp), so rebuilding
// the state is replaying the log.
//
// An event is a plain value: what happened (its kind and payload), to which case, when, who did it
// (actor) and which body it concerns. Thread-safety: value types, safe to copy between threads.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/assignment.hpp"
#include "model/classification.hpp"
#include "model/time.hpp"

namespace tiaojie::lifecycle {

// A case's id, assigned by the store when the case is first committed (store.hpp). Positive;
// 0 means "not yet assigned" (events of a case that is being submitted).
struct CaseId {
  std::int64_t value = 0;
  friend auto operator<=>(const CaseId&, const CaseId&) = default;
  friend bool operator==(const CaseId&, const CaseId&) = default;
};

// What to do after a mediation failed: the route the parties are told about.
enum class NextRoute {
  arbitration,     // 仲裁: e.g. labour arbitration after a failed labour mediation
  litigation,      // 诉讼: go to court
  administrative,  // 行政处理: administrative handling by the competent department
};
[[nodiscard]] std::string_view to_string(NextRoute value);
[[nodiscard]] std::optional<NextRoute> parse_next_route(std::string_view text);

// Why a new case is linked to an earlier one as a repeat dispute (重复信访, docs/repeats.md).
enum class RepeatReason {
  same_party,    // the same claimant: equal keyed hashes of the phone or ID number
  same_subject,  // the same category at the same normalised address
};
[[nodiscard]] std::string_view to_string(RepeatReason value);
[[nodiscard]] std::optional<RepeatReason> parse_repeat_reason(std::string_view text);

// One earlier case a new case repeats, and why. Computed by the engine at submit from the
// store's repeat index (store.hpp RepeatKey) before classification, and recorded in `submitted`:
// the log, not the index, is what `get`, subscribers and reports read.
struct RepeatLink {
  CaseId earlier;
  RepeatReason reason = RepeatReason::same_party;
  friend bool operator==(const RepeatLink&, const RepeatLink&) = default;
};

// A party's satisfaction with a resolved case (满意度), from a return visit (回访).
enum class Satisfaction {
  satisfied,            // 满意
  basically_satisfied,  // 基本满意
  dissatisfied,         // 不满意
};
[[nodiscard]] std::string_view to_string(Satisfaction value);
// Accepts the English ids and the Chinese words (满意, 基本满意, 不满意; 非常满意, the top grade of
// some hotline exports, is 满意).
[[nodiscard]] std::optional<Satisfaction> parse_satisfaction(std::string_view text);
[[nodiscard]] std::string_view chinese_label(Satisfaction value);

// --- Payloads: one struct per event kind, in EventKind order. -------------------------------

// The dispute arrived. Always the first event of a case, and only the first.
struct Submitted {
  std::string channel;
  std::string external_id;
  Timestamp received_at{};  // when the channel received it (the deadline counts from here)
  // The channel's own reply deadline (a 12345 work order's 办理时限), a second clock beside the
  // mediation deadline (reply_deadline.hpp); absent when the channel sets none.
  // (Defaulted so that Submitted{channel, id, at} stays warning-free under -Wextra.)
  std::optional<Timestamp> reply_due = std::nullopt;
  // The earlier cases this one repeats (重复信访), by case id; empty: not a repeat (or stored
  // before schema 9). Its size is the repeat_count the rules saw (rules.md).
  std::vector<RepeatLink> repeat_of = {};
  // The keys later disputes are matched on (daemon/repeat_keys.hpp): "p:<hex>" for a keyed hash of
  // the claimant's phone or ID number, "s:<hex>" for one of its category and address. Opaque
  // without the daemon's key; the store indexes them (schema v9, docs/store.md) and the protocol
  // never shows them (docs/protocol.md).
  std::vector<std::string> repeat_keys = {};
  friend bool operator==(const Submitted&, const Submitted&) = default;
};

// The rule set classified it. `due` is the deadline date (Asia/Shanghai; the case is due by the end
// of that day) computed by the caller from the classification's Deadline and the working-day
// calendar (deadline.hpp); absent when no deadline applies.
struct Classified {
  Classification classification;
  std::optional<CivilDate> due;
  // Non-zero: `due` was counted on the provisional calendar across this year, which has no
  // calendar file (docs/calendar.md). Also on Accepted, MediationStarted and DeadlineChanged.
  int provisional_year = 0;
  friend bool operator==(const Classified&, const Classified&) = default;
};

// The body graph assigned a lead body (Event::body is the lead, equal to assignment.lead).
struct Assigned {
  Assignment assignment;
  friend bool operator==(const Assigned&, const Assigned&) = default;
};

// The lead body accepted the case (受理). `due`, when present, is the deadline of a rule that
// counts from acceptance (DeadlineStart::accepted), computed by the caller; the clock starts here.
struct Accepted {
  std::optional<CivilDate> due = std::nullopt;
  int provisional_year = 0;
  friend bool operator==(const Accepted&, const Accepted&) = default;
};

// Mediation began (调解开始). `due`, when present, is the deadline of a rule that counts from the
// start of mediation (DeadlineStart::mediation_started), e.g. traffic-police mediation.
struct MediationStarted {
  std::optional<CivilDate> due = std::nullopt;
  int provisional_year = 0;
  friend bool operator==(const MediationStarted&, const MediationStarted&) = default;
};

// An agreement was reached (调解协议), optionally confirmed by a court (司法确认).
struct Resolved {
  std::string agreement;               // summary of the agreement
  bool judicial_confirmation = false;  // 司法确认 applied for / granted
  friend bool operator==(const Resolved&, const Resolved&) = default;
};

// Mediation failed (调解不成); the parties are told the next route.
struct Failed {
  NextRoute next_route = NextRoute::litigation;
  std::string reason;
  friend bool operator==(const Failed&, const Failed&) = default;
};

// The claimant withdrew (撤回).
struct Withdrawn {
  std::string reason;
  friend bool operator==(const Withdrawn&, const Withdrawn&) = default;
};

// Handed to another body (移交), keeping the case id. The new body must accept it again.
// `due`, when present, replaces the case's deadline.
struct Transferred {
  BodyId target;
  std::string reason;
  std::optional<CivilDate> due;
  friend bool operator==(const Transferred&, const Transferred&) = default;
};

// Raised to a higher body (升级), usually the `escalates_to` parent after an overdue; keeps the
// case id. The target must accept it again. `due`, when present, replaces the deadline.
struct Escalated {
  BodyId target;
  std::string reason;
  std::optional<CivilDate> due;
  // The parent's period when the deadline policy set `due`: `working_days` working days from the
  // event's date, so that a calendar change counts it again (0: not known, events stored before
  // it was recorded, or an operator's escalation). Non-zero provisional_year: `due` was counted
  // across that year, which had no calendar file.
  int working_days = 0;
  int provisional_year = 0;
  friend bool operator==(const Escalated&, const Escalated&) = default;
};

// The deadline `due` is near (warning sent to the body).
struct DueSoon {
  CivilDate due{};
  friend bool operator==(const DueSoon&, const DueSoon&) = default;
};

// The deadline `due` has passed with the case still open.
struct Overdue {
  CivilDate due{};
  friend bool operator==(const Overdue&, const Overdue&) = default;
};

// A supervision notice (督办函) about the case, addressed to the body that let it run over and to
// its parent.
struct SupervisionNotice {
  std::vector<BodyId> addressees;
  std::string reason;
  CivilDate due{};  // the deadline that was missed
  friend bool operator==(const SupervisionNotice&, const SupervisionNotice&) = default;
};

// The file is closed (结案) after it was resolved, failed or withdrawn.
struct Closed {
  std::string note;
  friend bool operator==(const Closed&, const Closed&) = default;
};

// A finished case is opened again (e.g. an agreement was not performed). The case goes back to
// `body` (Event::body; empty: the body it was with), which must accept it again. `due` replaces
// the deadline when present.
struct Reopened {
  std::string reason;
  std::optional<CivilDate> due;
  friend bool operator==(const Reopened&, const Reopened&) = default;
};

// The channel's reply deadline `due` (Submitted::reply_due) is near: the body must answer the
// channel (e.g. reply to the 12345 hotline) soon.
struct ReplyDueSoon {
  Timestamp due{};
  friend bool operator==(const ReplyDueSoon&, const ReplyDueSoon&) = default;
};

// The channel's reply deadline `due` has passed with the case still open.
struct ReplyOverdue {
  Timestamp due{};
  friend bool operator==(const ReplyOverdue&, const ReplyOverdue&) = default;
};

// The deadline was computed again (a calendar file added or changed, or a store repaired at
// start): the due date or its provisional mark changed. `due` replaces the case's deadline.
// Provisional: counted on the provisional calendar (Monday–Friday working, no holidays) for a year
// with no calendar file (docs/calendar.md).
struct DeadlineChanged {
  std::optional<CivilDate> old_due;
  std::optional<CivilDate> due;
  int old_provisional_year =
      0;                     // non-zero: the old due date was provisional (that year had no file)
  int provisional_year = 0;  // non-zero: the new one is
  std::string cause;         // "calendar changed", "store repaired at start"
  friend bool operator==(const DeadlineChanged&, const DeadlineChanged&) = default;
};

// The deadline clock stops (e.g. 鉴定 appraisal time is not counted, 医疗纠纷预防和处理条例 art.
// 38).
struct Suspended {
  std::string reason;
  friend bool operator==(const Suspended&, const Suspended&) = default;
};

// The clock runs again; `due` is the deadline moved by the suspended time, `suspended_units` that
// time in the period's units (working days for a working-day period, days otherwise).
struct Resumed {
  std::optional<CivilDate> due;
  int suspended_units = 0;
  int provisional_year = 0;
  friend bool operator==(const Resumed&, const Resumed&) = default;
};

// The deadline is extended by `units` (in the period's units) with `approved_by`'s approval,
// within what the rule allows (Deadline::extension_days, max_extensions); `due` is the new date.
struct Extended {
  std::string reason;
  std::string approved_by;
  int units = 0;
  std::optional<CivilDate> due;
  int provisional_year = 0;
  friend bool operator==(const Extended&, const Extended&) = default;
};

// A party's satisfaction with a resolved case (回访 result), recorded after resolution only
// (resolved, or closed after a resolution). `channel` is how it came in ("phone", "hotline_12345",
// "sms", …); the last one recorded is the case's (CaseState::satisfaction).
struct FeedbackGiven {
  Satisfaction rating = Satisfaction::satisfied;
  std::string channel;
  std::string comment;  // optional; may hold what the party said: never in reports
  friend bool operator==(const FeedbackGiven&, const FeedbackGiven&) = default;
};

// The kinds of event, in the order of EventData's alternatives.
enum class EventKind {
  submitted,
  classified,
  assigned,
  accepted,
  mediation_started,
  resolved,
  failed,
  withdrawn,
  transferred,
  escalated,
  due_soon,
  overdue,
  supervision_notice,
  closed,
  reopened,
  reply_due_soon,
  reply_overdue,
  deadline_changed,
  suspended,
  resumed,
  extended,
  feedback,
};
[[nodiscard]] std::string_view to_string(EventKind kind);
[[nodiscard]] std::optional<EventKind> parse_event_kind(std::string_view text);
[[nodiscard]] std::span<const std::string_view> event_kind_names();

using EventData =
    std::variant<Submitted, Classified, Assigned, Accepted, MediationStarted, Resolved, Failed,
                 Withdrawn, Transferred, Escalated, DueSoon, Overdue, SupervisionNotice, Closed,
                 Reopened, ReplyDueSoon, ReplyOverdue, DeadlineChanged, Suspended, Resumed,
                 Extended, FeedbackGiven>;

// Actor spelling for events the engine emits itself (deadline policy, routing).
inline constexpr std::string_view k_system_actor = "system";

struct Event {
  CaseId case_id;     // 0 while the case is being submitted; the store fills it in
  Timestamp at{};     // when it happened (an argument everywhere: the core reads no clock)
  std::string actor;  // who did it: "system", "operator:li", "body:hz.street.fengyang"
  BodyId body;        // the body it concerns (the acting or receiving body); empty for intake
  EventData data;

  [[nodiscard]] EventKind kind() const { return static_cast<EventKind>(data.index()); }
  friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace tiaojie::lifecycle

// Shared by every backend: checks a batch of changes against the lifecycle, in order, and says what
// to write. Backends differ only in how they look cases up and how they write the plan.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "store/store.hpp"

namespace tiaojie::store::internal {

// A case as the backend knows it before the batch.
struct KnownCase {
  CaseState state;
  std::int64_t last_seq = 0;
};

struct Lookups {
  // The case id stored under an idempotency key, or nullopt.
  std::function<Result<std::optional<CaseId>>(std::string_view, std::string_view)> find_key;
  // A stored case's state, or nullopt when there is no such case.
  std::function<Result<std::optional<KnownCase>>(CaseId)> load;
};

// One accepted change, ready to write.
struct PlannedWrite {
  std::size_t change_index = 0;
  CaseId case_id;
  const NewCase* new_case = nullptr;  // set for a new case: write its dispute row too
  // The change's own events, not copied: their case_id is not read (a new case's is still 0);
  // `case_id` above is the case's.
  std::span<const Event> events;
  // The change's store::prepare results, when it ran and matches the events: their encodings.
  const PreparedChange* prepared = nullptr;
  // A new case whose state came from `prepared`: its rows (cases, assignments, decisions, report
  // view) come from there too.
  bool prepared_rows = false;
};

// A case the batch touches: its state before (nullopt for a new case) and which outcome holds
// its state after the batch (the last change written to it). Not a copy of that state: copying
// whole CaseStates was a fifth of the store thread's planning time.
struct Touched {
  std::optional<CaseState> before;
  std::size_t outcome = 0;  // index into Plan::outcomes
  // Set while the only write to the case is a new case with prepared rows: its rows are ready.
  const PreparedChange* rows = nullptr;
};

struct Plan {
  std::vector<ChangeOutcome> outcomes;  // last_seq still 0 for written changes: the writer fills it
  std::vector<PlannedWrite> writes;     // in batch order
  std::map<CaseId, Touched> touched;
  CaseId next_case_id;  // the first id not used after this batch

  // The state a touched case is left in by the batch.
  [[nodiscard]] const CaseState& after(const Touched& t) const {
    return outcomes[t.outcome]->state;
  }
};

// Plans `batch`. New cases get ids from `next_case_id` upward. Errors: only the lookups' own
// (io_error): per-change refusals are outcomes, not errors.
[[nodiscard]] Result<Plan> plan_batch(std::span<const Change> batch, CaseId next_case_id,
                                      const Lookups& lookups);

// Each event's effect on the current-state tables, shared by writers and verify.
// Open cases per body for one state: the body, when the case is open and has one.
[[nodiscard]] std::optional<BodyId> load_body(const CaseState& state);

// A supervision notice row: one per addressee.
struct NoticeRow {
  std::int64_t seq = 0;
  CaseId case_id;
  Timestamp at{};
  BodyId addressee;
  CivilDate due{};
  std::string reason;
  friend bool operator==(const NoticeRow&, const NoticeRow&) = default;
};
[[nodiscard]] std::vector<NoticeRow> notice_rows(const StoredEvent& event);
// The same for an event of case `id` written at `seq` (the event's own case_id is not read).
[[nodiscard]] std::vector<NoticeRow> notice_rows(std::int64_t seq, CaseId id, const Event& event);

// The assignment rows of a case: (body, role) with role "lead" or "partner".
[[nodiscard]] std::vector<std::pair<BodyId, std::string>> assignment_rows(const CaseState& state);

// The `cases` table's row for a case: what the backends write and what verify compares.
struct CaseRow {
  std::string channel;
  std::string external_id;
  std::string status;
  std::string body;
  std::string category;          // "" before classification
  std::string priority;          // "" before classification
  std::int64_t received_at = 0;  // Unix seconds
  std::string due;               // "2026-03-05" or ""
  std::int64_t updated_at = 0;   // Unix seconds
  std::int64_t events = 0;
  std::int64_t last_seq = 0;
  friend bool operator==(const CaseRow&, const CaseRow&) = default;
};
[[nodiscard]] CaseRow case_row(const CaseState& state, std::int64_t last_seq);

// Canonical one-line text of a case row, compared by verify ("status=… body=… due=…").
[[nodiscard]] std::string case_row_text(const CaseRow& row);

}  // namespace tiaojie::store::internal

namespace tiaojie::store::internal {

// After a plan was written: `write_last_seq[i]` is the seq of plan.writes[i]'s last event. Fills
// every outcome's last_seq (duplicates of a case written in this batch included).
void fill_last_seqs(Plan& plan, std::span<const std::int64_t> write_last_seq);

}  // namespace tiaojie::store::internal

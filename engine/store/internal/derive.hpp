// Rebuilding the current-state tables from the event log, and comparing tables: the heart of
// `store verify` and `store rebuild`, shared by every backend.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/internal/plan.hpp"

namespace tiaojie::store::internal {

// A case's row of the decisions table: its first classified and first assigned events, compact.
struct DecisionRow {
  std::optional<RecordedClassification> classification;
  std::optional<RecordedAssignment> assignment;
  friend bool operator==(const DecisionRow&, const DecisionRow&) = default;
};
// Records `data` in `row` when it is the case's first classification or assignment.
// `repeat_count`: the case's repeat count (CaseState::repeat_of's size, fixed at `submitted`),
// recorded with the classification. Returns whether the row changed.
bool note_decision(DecisionRow& row, const lifecycle::EventData& data, std::int64_t repeat_count);

// Folds a log fed one event at a time, in seq order, keeping only each case's current state.
class Deriver {
 public:
  // Errors: internal when the event does not fold onto its case (a corrupt log), naming the seq.
  [[nodiscard]] Result<void> add(const StoredEvent& event);

  [[nodiscard]] const std::map<CaseId, KnownCase>& cases() const { return cases_; }
  [[nodiscard]] const std::vector<NoticeRow>& notices() const { return notices_; }
  [[nodiscard]] const std::map<CaseId, ReportCase>& report_cases() const { return report_cases_; }
  [[nodiscard]] const std::map<CaseId, DecisionRow>& decisions() const { return decisions_; }
  [[nodiscard]] const std::vector<RepeatKeyRow>& repeat_keys() const { return repeat_keys_; }
  [[nodiscard]] std::map<BodyId, std::int64_t> load() const;
  [[nodiscard]] std::int64_t events() const { return events_; }

 private:
  std::map<CaseId, KnownCase> cases_;
  std::vector<NoticeRow> notices_;
  std::map<CaseId, ReportCase> report_cases_;
  std::map<CaseId, DecisionRow> decisions_;
  std::vector<RepeatKeyRow> repeat_keys_;
  std::int64_t events_ = 0;
};

// The current-state tables as text rows: table → row key → canonical row text.
using TableRows = std::map<std::string, std::map<std::string, std::string>>;

// What the tables should hold for a derived log (the keys and texts every backend must produce
// from its own tables for compare() to work).
[[nodiscard]] TableRows expected_rows(const Deriver& derived);

// Row key and text spellings shared by expected_rows and the backends' table readers.
[[nodiscard]] std::string case_key(CaseId id);
[[nodiscard]] std::string assignment_key(CaseId id, const BodyId& body);
[[nodiscard]] std::string load_key(const BodyId& body);
[[nodiscard]] std::string notice_key(std::int64_t seq, const BodyId& addressee);
[[nodiscard]] std::string notice_text(const NoticeRow& row);
[[nodiscard]] std::string decision_text(const DecisionRow& row);
// The repeat_keys table (schema v9): key "<key> case <id>", text the received_at in Unix seconds.
[[nodiscard]] std::string repeat_key_key(const RepeatKeyRow& row);
[[nodiscard]] std::string repeat_key_text(const RepeatKeyRow& row);
// The repeat index rows of one event: its keys when it is a `submitted` event, else none.
[[nodiscard]] std::vector<RepeatKeyRow> repeat_key_rows(CaseId id, const lifecycle::Event& e);

// Every row that differs, is missing or is extra.
[[nodiscard]] std::vector<Difference> compare(const TableRows& stored, const TableRows& derived);

}  // namespace tiaojie::store::internal

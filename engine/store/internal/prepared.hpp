// What store::prepare (store.hpp) computes from a change alone, off the thread that holds the
// store, and what the backends' commit reads of it. Every field is exactly what commit() would
// compute itself from the same change (prepare.cpp uses the same functions).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/internal/derive.hpp"
#include "store/report_case.hpp"

namespace tiaojie::store {

struct PreparedChange {
  // lifecycle::event_data_to_json_text of each event, in order.
  std::vector<std::string> event_data;

  // A new case whose events fold; absent otherwise (commit folds and refuses it as before).
  // Its id is 0 until commit() sets it; commit() moves it into the outcome (it is taken once).
  std::optional<CaseState> state;
  // Derived from `state` (valid whether or not it was taken yet):
  internal::CaseRow row;  // the cases row; last_seq 0 (known at commit)
  std::vector<std::pair<BodyId, std::string>> assignments;  // internal::assignment_rows
  internal::DecisionRow decision;  // the case's first classification and assignment
  ReportCase view;                 // report view; id 0
  std::string steps;               // internal::encode_steps(view.steps)
};

}  // namespace tiaojie::store

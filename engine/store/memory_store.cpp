#include "store/memory_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/dispute_json.hpp"
#include "store/internal/case_query_sql.hpp"
#include "store/internal/derive.hpp"
#include "store/internal/plan.hpp"
#include "store/internal/report_rows.hpp"

namespace tiaojie::store {

using internal::KnownCase;

struct MemoryStore::Data {
  std::vector<StoredEvent> log;  // seq = index + 1
  std::map<CaseId, StoredDispute> disputes;
  std::map<std::pair<std::string, std::string>, CaseId> keys;
  std::map<CaseId, std::vector<std::size_t>> case_events;  // indexes into log
  // Current state, maintained on commit as the SQLite tables are.
  std::map<CaseId, KnownCase> cases;
  std::vector<internal::NoticeRow> notices;
  std::map<std::string, RuleSetFiles> rule_sets;

  // A case's report view, folded from its events on demand (a memory store has no table to keep
  // it in; the SQLite store keeps report_cases on commit).
  ReportCase report_view(CaseId id) const {
    ReportCase view;
    std::optional<CaseState> state;
    for (auto i : case_events.at(id)) {
      // The log only holds histories the lifecycle accepted, so every step folds.
      if (!fold_report_event(view, state, id, log[i].event)) break;
    }
    return view;
  }

  internal::TableRows stored_rows() const {
    internal::TableRows rows;
    for (const auto& [id, known] : cases) {
      rows["cases"][internal::case_key(id)] =
          internal::case_row_text(internal::case_row(known.state, known.last_seq));
      for (const auto& [body, role] : internal::assignment_rows(known.state)) {
        rows["assignments"][internal::assignment_key(id, body)] = role;
      }
    }
    std::map<BodyId, std::int64_t> load;
    for (const auto& [id, known] : cases) {
      if (auto b = internal::load_body(known.state)) ++load[*b];
    }
    for (const auto& [b, n] : load) rows["body_load"][internal::load_key(b)] = std::to_string(n);
    for (const auto& n : notices) {
      rows["supervision_notices"][internal::notice_key(n.seq, n.addressee)] =
          internal::notice_text(n);
    }
    for (const auto& [id, known] : cases) {
      rows["report_cases"][internal::case_key(id)] = internal::report_case_text(report_view(id));
    }
    for (const auto& se : log) {
      for (const auto& row : internal::repeat_key_rows(se.event.case_id, se.event))
        rows["repeat_keys"][internal::repeat_key_key(row)] = internal::repeat_key_text(row);
    }
    for (const auto& [id, events] : case_events) {
      const auto row = decision(id);
      if (row.classification || row.assignment) {
        rows["decisions"][internal::case_key(id)] = internal::decision_text(row);
      }
    }
    return rows;
  }

  // The case's first decision, read from its events (this backend keeps no decisions table).
  internal::DecisionRow decision(CaseId id) const {
    internal::DecisionRow row;
    const auto known = cases.find(id);
    const auto repeats =
        known == cases.end() ? 0 : static_cast<std::int64_t>(known->second.state.repeat_of.size());
    if (auto it = case_events.find(id); it != case_events.end()) {
      for (std::size_t index : it->second)
        internal::note_decision(row, log[index].event.data, repeats);
    }
    return row;
  }
};

MemoryStore::MemoryStore() : data_(std::make_unique<Data>()) {}
MemoryStore::~MemoryStore() = default;

Result<std::vector<ChangeOutcome>> MemoryStore::commit(std::span<const Change> batch) {
  Data& d = *data_;
  internal::Lookups lookups;
  lookups.find_key = [&d](std::string_view ch,
                          std::string_view ext) -> Result<std::optional<CaseId>> {
    auto it = d.keys.find({std::string(ch), std::string(ext)});
    if (it == d.keys.end()) return std::optional<CaseId>{};
    return std::optional<CaseId>{it->second};
  };
  lookups.load = [&d](CaseId id) -> Result<std::optional<KnownCase>> {
    auto it = d.cases.find(id);
    if (it == d.cases.end()) return std::optional<KnownCase>{};
    return std::optional<KnownCase>{it->second};
  };
  CaseId next{d.disputes.empty() ? 1 : d.disputes.rbegin()->first.value + 1};
  auto plan = internal::plan_batch(batch, next, lookups);
  if (!plan) return std::unexpected(plan.error());

  // Nothing below can fail, so the batch is all-or-nothing by construction.
  std::vector<std::int64_t> last_seqs;
  for (const auto& w : plan->writes) {
    if (w.new_case != nullptr) {
      const Dispute& dispute = w.new_case->dispute;
      const auto& sub = std::get<lifecycle::Submitted>(w.events.front().data);
      d.disputes[w.case_id] = StoredDispute{w.case_id, dispute.channel, dispute.external_id,
                                            sub.received_at, w.new_case->dispute_json};
      d.keys[{dispute.channel, dispute.external_id}] = w.case_id;
    }
    for (const auto& e : w.events) {
      StoredEvent se{static_cast<std::int64_t>(d.log.size()) + 1, e};
      se.event.case_id = w.case_id;
      d.case_events[w.case_id].push_back(d.log.size());
      for (auto& row : internal::notice_rows(se)) d.notices.push_back(std::move(row));
      d.log.push_back(std::move(se));
    }
    last_seqs.push_back(d.log.back().seq);
    d.cases[w.case_id].last_seq = d.log.back().seq;
  }
  for (const auto& [id, touched] : plan->touched) d.cases[id].state = plan->after(touched);
  internal::fill_last_seqs(*plan, last_seqs);
  return std::move(plan->outcomes);
}

Result<std::optional<CaseRecord>> MemoryStore::find_by_key(std::string_view channel,
                                                           std::string_view external_id) {
  auto it = data_->keys.find({std::string(channel), std::string(external_id)});
  if (it == data_->keys.end()) return std::optional<CaseRecord>{};
  auto record = get_case(it->second);
  if (!record) return std::unexpected(record.error());
  return std::optional<CaseRecord>{std::move(*record)};
}

Result<CaseRecord> MemoryStore::get_case(CaseId id) {
  auto it = data_->cases.find(id);
  if (it == data_->cases.end())
    return std::unexpected(not_found(fmt::format("no case {}", id.value)));
  CaseRecord record{it->second.state, {}};
  for (auto i : data_->case_events[id]) record.events.push_back(data_->log[i]);
  return record;
}

Result<std::vector<CaseState>> MemoryStore::open_cases() {
  std::vector<CaseState> out;
  for (const auto& [id, known] : data_->cases) {
    if (lifecycle::is_open(known.state.status)) out.push_back(known.state);
  }
  return out;
}

Result<std::map<BodyId, std::int64_t>> MemoryStore::open_load() {
  std::map<BodyId, std::int64_t> load;
  for (const auto& [id, known] : data_->cases) {
    if (auto b = internal::load_body(known.state)) ++load[*b];
  }
  return load;
}

Result<std::vector<StoredEvent>> MemoryStore::events_since(std::int64_t after_seq,
                                                           std::size_t limit) {
  std::vector<StoredEvent> out;
  auto start = static_cast<std::size_t>(std::max<std::int64_t>(after_seq, 0));
  for (auto i = start; i < data_->log.size() && out.size() < limit; ++i)
    out.push_back(data_->log[i]);
  return out;
}

Result<std::int64_t> MemoryStore::last_seq() {
  return static_cast<std::int64_t>(data_->log.size());
}

Result<void> MemoryStore::for_each_dispute(Timestamp from, Timestamp to,
                                           const std::function<bool(const StoredDispute&)>& visit) {
  std::vector<const StoredDispute*> window;
  for (const auto& [id, d] : data_->disputes) {
    if (d.received_at >= from && d.received_at < to) window.push_back(&d);
  }
  std::stable_sort(window.begin(), window.end(),
                   [](const auto* a, const auto* b) { return a->received_at < b->received_at; });
  for (const auto* d : window) {
    if (!visit(*d)) break;
  }
  return ok;
}

Result<void> MemoryStore::for_each_decision(
    Timestamp from, Timestamp to, const std::function<bool(const StoredDecision&)>& visit) {
  StoredDecision row;
  return for_each_dispute(from, to, [&](const StoredDispute& d) {
    row.dispute = d;
    row.classification.reset();
    row.assignment.reset();
    row.status = lifecycle::Status::received;
    row.body = {};
    if (auto it = data_->cases.find(d.case_id); it != data_->cases.end()) {
      row.status = it->second.state.status;
      row.body = it->second.state.body;
    }
    const auto decision = data_->decision(d.case_id);
    row.classification = decision.classification;
    row.assignment = decision.assignment;
    return visit(row);
  });
}

Result<void> MemoryStore::for_each_report_case(
    Timestamp from, Timestamp to, const std::function<bool(const ReportCase&)>& visit) {
  for (const auto& [id, known] : data_->cases) {
    const ReportCase view = data_->report_view(id);
    if (report_case_in_window(view, from, to) && !visit(view)) break;
  }
  return ok;
}

namespace {

// Whether a case's current row (and its dispute's description) passes every filter `q` sets: what
// the SQL backends' WHERE clause says (internal/case_query_sql.cpp).
bool case_matches(const CaseQuery& q, const internal::CaseRow& row, bool suspended,
                  const std::function<std::string()>& description) {
  const auto status = lifecycle::parse_status(row.status);
  auto contains = [](const auto& values, const auto& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
  };
  if (q.filter_bodies && !contains(q.bodies, row.body)) return false;
  if (q.category && row.category != *q.category) return false;
  if (!q.statuses.empty() && (!status || !contains(q.statuses, *status))) return false;
  if (q.due_on_or_before) {
    const auto due = parse_date(row.due);
    if (!status || !lifecycle::is_open(*status) || suspended || !due || *due > *q.due_on_or_before)
      return false;
  }
  const Timestamp received = from_unix_seconds(row.received_at);
  if (q.received_from && received < *q.received_from) return false;
  if (q.received_before && received >= *q.received_before) return false;
  return q.text.empty() || description().find(q.text) != std::string::npos;
}

}  // namespace

Result<CaseList> MemoryStore::list_cases(const CaseQuery& query) {
  CaseList out;
  for (auto it = data_->cases.rbegin(); it != data_->cases.rend(); ++it) {
    const CaseId id = it->first;  // not a structured binding: clang 15 cannot capture one
    const KnownCase& known = it->second;
    const auto row = internal::case_row(known.state, known.last_seq);
    auto description = [&] {
      auto dispute = parse_dispute(data_->disputes.at(id).json);
      return dispute ? dispute->description : std::string();
    };
    const bool suspended = known.state.suspended_since.has_value();
    if (!case_matches(query, row, suspended, description)) continue;
    ++out.matched;
    if (out.rows.size() >= query.limit) continue;
    auto listed =
        internal::case_list_row(id.value, row.status, row.body, row.category, row.priority,
                                row.channel, row.external_id, row.received_at, row.due, suspended);
    if (!listed) return std::unexpected(listed.error());
    out.rows.push_back(std::move(*listed));
  }
  return out;
}

Result<std::vector<RuleVersionUse>> MemoryStore::rule_versions() {
  struct Use {
    std::int64_t decisions = 0;
    CaseId first{}, last{};
  };
  std::map<std::string, Use> uses;
  for (const auto& [id, events] : data_->case_events) {
    const auto decision = data_->decision(id);
    if (!decision.classification) continue;
    Use& use = uses[decision.classification->rules_version];
    if (use.decisions++ == 0) use.first = id;
    use.last = id;  // case_events is by id
  }
  auto registered = [&](CaseId id) {
    return std::optional<Timestamp>{data_->log[data_->case_events.at(id).front()].event.at};
  };
  std::vector<RuleVersionUse> out;
  for (const auto& [version, files] : data_->rule_sets) {
    RuleVersionUse u{.version = version, .decisions = 0, .first_used = {}, .last_used = {}};
    if (auto it = uses.find(version); it != uses.end()) {
      u.decisions = it->second.decisions;
      u.first_used = registered(it->second.first);
      u.last_used = registered(it->second.last);
    }
    out.push_back(std::move(u));
  }
  // First used first (by its first case), never used last, then by version (the map's order).
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    const auto key = [&](const RuleVersionUse& u) {
      auto it = uses.find(u.version);
      return it == uses.end() ? INT64_MAX : it->second.first.value;
    };
    return key(a) < key(b);
  });
  return out;
}

Result<void> MemoryStore::put_rule_set(std::string_view version, const RuleSetFiles& files) {
  auto [it, inserted] = data_->rule_sets.try_emplace(std::string(version), files);
  if (!inserted && it->second != files) {
    return std::unexpected(conflict(
        fmt::format("rule-set version {} is already stored with different files", version)));
  }
  return ok;
}

Result<RuleSetFiles> MemoryStore::get_rule_set(std::string_view version) {
  auto it = data_->rule_sets.find(std::string(version));
  if (it == data_->rule_sets.end()) {
    return std::unexpected(not_found(fmt::format("no rule-set version {}", version)));
  }
  return it->second;
}

Result<VerifyReport> MemoryStore::verify() {
  internal::Deriver deriver;
  for (const auto& se : data_->log) {
    if (auto r = deriver.add(se); !r) return std::unexpected(r.error());
  }
  VerifyReport report;
  report.events = deriver.events();
  report.cases = static_cast<std::int64_t>(deriver.cases().size());
  report.differences = internal::compare(data_->stored_rows(), internal::expected_rows(deriver));
  return report;
}

Result<void> MemoryStore::rebuild() {
  internal::Deriver deriver;
  for (const auto& se : data_->log) {
    if (auto r = deriver.add(se); !r) return std::unexpected(r.error());
  }
  data_->cases = deriver.cases();
  data_->notices = deriver.notices();
  return ok;
}

}  // namespace tiaojie::store

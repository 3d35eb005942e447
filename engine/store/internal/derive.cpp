#include "store/internal/derive.hpp"

#include <fmt/format.h>

#include "store/internal/report_rows.hpp"

namespace tiaojie::store::internal {

Result<void> Deriver::add(const StoredEvent& se) {
  ++events_;
  auto it = cases_.find(se.event.case_id);
  Result<CaseState> next = it == cases_.end() ? lifecycle::start(se.event)
                                              : lifecycle::apply(it->second.state, se.event);
  if (!next) {
    return std::unexpected(
        internal_error(fmt::format("the log does not fold at seq {} (case {}): {}", se.seq,
                                   se.event.case_id.value, next.error().message)));
  }
  next->id = se.event.case_id;
  add_report_event(report_cases_[se.event.case_id], se.event, *next);
  cases_[se.event.case_id] = KnownCase{std::move(*next), se.seq};
  for (auto& row : notice_rows(se)) notices_.push_back(std::move(row));
  for (auto& row : repeat_key_rows(se.event.case_id, se.event))
    repeat_keys_.push_back(std::move(row));
  const auto kind = se.event.kind();
  if (kind == lifecycle::EventKind::classified || kind == lifecycle::EventKind::assigned) {
    note_decision(decisions_[se.event.case_id], se.event.data,
                  static_cast<std::int64_t>(cases_[se.event.case_id].state.repeat_of.size()));
  }
  return ok;
}

bool note_decision(DecisionRow& row, const lifecycle::EventData& data, std::int64_t repeat_count) {
  if (const auto* c = std::get_if<lifecycle::Classified>(&data); c && !row.classification) {
    row.classification = recorded(c->classification, repeat_count);
    return true;
  }
  if (const auto* a = std::get_if<lifecycle::Assigned>(&data); a && !row.assignment) {
    row.assignment = recorded(a->assignment);
    return true;
  }
  return false;
}

std::map<BodyId, std::int64_t> Deriver::load() const {
  std::map<BodyId, std::int64_t> load;
  for (const auto& [id, known] : cases_) {
    if (auto body = load_body(known.state)) ++load[*body];
  }
  return load;
}

std::string case_key(CaseId id) { return fmt::format("case {}", id.value); }
std::string assignment_key(CaseId id, const BodyId& body) {
  return fmt::format("case {} body {}", id.value, body.value);
}
std::string load_key(const BodyId& body) { return fmt::format("body {}", body.value); }
std::string notice_key(std::int64_t seq, const BodyId& addressee) {
  return fmt::format("seq {} to {}", seq, addressee.value);
}
std::string notice_text(const NoticeRow& r) {
  return fmt::format("case={} at={} due={} reason={}", r.case_id.value,
                     r.at.time_since_epoch().count(), format_date(r.due), r.reason);
}

std::string decision_text(const DecisionRow& row) {
  std::string out;
  if (const auto& c = row.classification) {
    out = fmt::format(
        "category={} priority={} mode={} level={} deadline={}/{} rules={},{},{},{},{} "
        "version={} repeats={}",
        c->category, to_string(c->priority), to_string(c->mode), to_string(c->level),
        c->deadline.days, to_string(c->deadline.count), c->category_rule, c->priority_rule,
        c->mode_rule, c->level_rule, c->deadline_rule, c->rules_version, c->repeat_count);
  } else {
    out = "unclassified";
  }
  if (const auto& a = row.assignment) {
    out += fmt::format(" lead={} graph={}", a->lead.value, a->graph_version);
  }
  return out;
}

std::string repeat_key_key(const RepeatKeyRow& row) {
  return fmt::format("{} case {}", row.key, row.case_id.value);
}
std::string repeat_key_text(const RepeatKeyRow& row) {
  return std::to_string(row.received_at.time_since_epoch().count());
}
std::vector<RepeatKeyRow> repeat_key_rows(CaseId id, const lifecycle::Event& e) {
  std::vector<RepeatKeyRow> rows;
  if (const auto* sub = std::get_if<lifecycle::Submitted>(&e.data)) {
    for (const auto& key : sub->repeat_keys)
      rows.push_back(RepeatKeyRow{key, id, sub->received_at});
  }
  return rows;
}

TableRows expected_rows(const Deriver& d) {
  TableRows rows;
  auto& cases = rows["cases"];
  auto& assignments = rows["assignments"];
  for (const auto& [id, known] : d.cases()) {
    cases[case_key(id)] = case_row_text(case_row(known.state, known.last_seq));
    for (const auto& [body, role] : assignment_rows(known.state)) {
      assignments[assignment_key(id, body)] = role;
    }
  }
  auto& load = rows["body_load"];
  for (const auto& [body, n] : d.load()) load[load_key(body)] = std::to_string(n);
  auto& notices = rows["supervision_notices"];
  for (const auto& n : d.notices()) notices[notice_key(n.seq, n.addressee)] = notice_text(n);
  auto& views = rows["report_cases"];
  for (const auto& [id, view] : d.report_cases()) views[case_key(id)] = report_case_text(view);
  auto& decisions = rows["decisions"];
  for (const auto& [id, row] : d.decisions()) decisions[case_key(id)] = decision_text(row);
  auto& repeats = rows["repeat_keys"];
  for (const auto& row : d.repeat_keys()) repeats[repeat_key_key(row)] = repeat_key_text(row);
  return rows;
}

std::vector<Difference> compare(const TableRows& stored, const TableRows& derived) {
  static const std::map<std::string, std::string> k_empty;
  std::vector<Difference> out;
  for (const char* table : {"cases", "assignments", "body_load", "supervision_notices",
                            "report_cases", "decisions", "repeat_keys"}) {
    auto s_it = stored.find(table);
    auto d_it = derived.find(table);
    const auto& s = s_it == stored.end() ? k_empty : s_it->second;
    const auto& d = d_it == derived.end() ? k_empty : d_it->second;
    for (const auto& [key, text] : d) {
      auto found = s.find(key);
      if (found == s.end()) {
        out.push_back({table, key, "(missing)", text});
      } else if (found->second != text) {
        out.push_back({table, key, found->second, text});
      }
    }
    for (const auto& [key, text] : s) {
      if (!d.contains(key)) out.push_back({table, key, text, "(missing)"});
    }
  }
  return out;
}

}  // namespace tiaojie::store::internal

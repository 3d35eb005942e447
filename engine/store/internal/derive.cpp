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
    return std::unexpected(internal_error(
        fmt::format("the log does not fold at seq {} (case {}): {}", se.seq,
                    se.event.case_id.value, next.error().message)));
  }
  next->id = se.event.case_id;
  add_report_event(report_cases_[se.event.case_id], se.event, *next);
  cases_[se.event.case_id] = KnownCase{std::move(*next), se.seq};
  for (auto& row : notice_rows(se)) notices_.push_back(std::move(row));
  return ok;
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
  return rows;
}

std::vector<Difference> compare(const TableRows& stored, const TableRows& derived) {
  static const std::map<std::string, std::string> k_empty;
  std::vector<Difference> out;
  for (const char* table : {"cases", "assignments", "body_load", "supervision_notices",
                            "report_cases"}) {
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

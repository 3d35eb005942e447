// A hand-built district week for report tests: nine cases on the mini graph (graph/mini_graph.hpp)
// written through the Store API, whose numbers for 2026-W47 (Mon 2026-11-16 – Sun 11-22) are
// worked out by hand in weekly_test.cpp. Case by case (all walk_in unless said):
//   C1 a1 neighbour, received 10-01, due 10-31: open all along, overdue at the end
//   C2 a1 neighbour, hotline_12345, received 11-17, reply_due 11-20 18:00, due 12-17: new
//   C3 a1 neighbour, received 11-10, resolved 11-18
//   C4 a2 neighbour, received 11-02, due 11-12, notice 11-18, escalated 11-19 to a.committee
//      with a new due 11-30
//   C5 b3 other, received 11-20, withdrawn 11-21
//   C6 b.committee labour, received 09-01, accepted 09-02, failed at 11-16 00:00:00 exactly
//   C7 a.committee public_security, received 11-12, no due, transferred 11-22 23:59:59 to d.centre
//   C8 a1 other, received 11-23 00:00:00: the next week, outside everything of W47
//   C9 d.labour labour, received 06-01, resolved 07-01, closed 07-02, reopened 11-19 (due 12-01)
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/mini_graph.hpp"
#include "report/input.hpp"
#include "report/weekly.hpp"
#include "store/store_fixture.hpp"

namespace tiaojie::test {

inline lifecycle::Event ev(lifecycle::EventData data, const char* when, std::string body = "") {
  return make_event(std::move(data), when, std::move(body), "operator:test");
}

// Commits a new case (submitted, classified, assigned at `when`) and returns its id.
inline std::int64_t open_case(store::Store& s, const std::string& ext, const char* when,
                              const std::string& body, const std::string& category, const char* due,
                              const std::string& channel = "walk_in",
                              const char* reply_due = nullptr) {
  Dispute d;
  d.external_id = ext;
  d.channel = channel;
  d.received_at = at(when);
  if (reply_due) d.reply_due = at(reply_due);
  d.description = "某小区邻里噪音纠纷";
  d.claimant = Party{"张三", "13800000000", "440105199001011234"};
  Classification c;
  c.category = category;
  c.rules_version = "r1";
  Assignment a;
  a.lead = BodyId{body};
  a.graph_version = "g1";
  std::vector<lifecycle::Event> events{
      ev(lifecycle::Submitted{channel, ext, at(when), d.reply_due}, when),
      ev(lifecycle::Classified{c, due ? parse_date(due) : std::nullopt}, when),
      ev(lifecycle::Assigned{a}, when, body)};
  std::vector<store::Change> batch{store::NewCase{d, dispute_to_json_text(d), std::move(events)}};
  auto r = s.commit(batch);
  if (!r || !(*r)[0]) throw std::runtime_error("fixture: new case refused");
  return (*r)[0]->case_id.value;
}

inline void more(store::Store& s, std::int64_t id, std::vector<lifecycle::Event> events) {
  std::vector<store::Change> batch{store::CaseEvents{lifecycle::CaseId{id}, std::move(events)}};
  auto r = s.commit(batch);
  if (!r || !(*r)[0]) {
    throw std::runtime_error("fixture: events refused: " +
                             (r ? (*r)[0].error().to_string() : r.error().to_string()));
  }
}

inline void write_fixture(store::Store& s) {
  using namespace lifecycle;
  const auto c1 = open_case(s, "C1", "2026-10-01T10:00:00+08:00", "a1", "neighbour", "2026-10-31");
  (void)c1;
  open_case(s, "C2", "2026-11-17T10:00:00+08:00", "a1", "neighbour", "2026-12-17", "hotline_12345",
            "2026-11-20T18:00:00+08:00");
  const auto c3 = open_case(s, "C3", "2026-11-10T09:00:00+08:00", "a1", "neighbour", "2026-12-10");
  more(s, c3,
       {ev(Accepted{}, "2026-11-11T09:00:00+08:00", "a1"),
        ev(MediationStarted{}, "2026-11-12T09:00:00+08:00", "a1"),
        ev(Resolved{"赔偿五百元", false}, "2026-11-18T15:00:00+08:00", "a1")});
  const auto c4 = open_case(s, "C4", "2026-11-02T10:00:00+08:00", "a2", "neighbour", "2026-11-12");
  more(s, c4,
       {ev(
            SupervisionNotice{
                {BodyId{"a2"}, BodyId{"a.committee"}}, "超期", *parse_date("2026-11-12")},
            "2026-11-18T09:00:00+08:00", "a2"),
        ev(Escalated{BodyId{"a.committee"}, "超期升级", parse_date("2026-11-30")},
           "2026-11-19T09:00:00+08:00", "a.committee")});
  const auto c5 = open_case(s, "C5", "2026-11-20T10:00:00+08:00", "b3", "other", "2026-12-20");
  more(s, c5, {ev(Withdrawn{"自行和解"}, "2026-11-21T10:00:00+08:00", "b3")});
  const auto c6 =
      open_case(s, "C6", "2026-09-01T10:00:00+08:00", "b.committee", "labour", "2026-09-16");
  more(s, c6,
       {ev(Accepted{}, "2026-09-02T10:00:00+08:00", "b.committee"),
        ev(Failed{NextRoute::arbitration, "分歧大"}, "2026-11-16T00:00:00+08:00", "b.committee")});
  const auto c7 =
      open_case(s, "C7", "2026-11-12T10:00:00+08:00", "a.committee", "public_security", nullptr);
  more(s, c7,
       {ev(Transferred{BodyId{"d.centre"}, "需区级处理", std::nullopt}, "2026-11-22T23:59:59+08:00",
           "d.centre")});
  open_case(s, "C8", "2026-11-23T00:00:00+08:00", "a1", "other", "2026-12-23");
  const auto c9 =
      open_case(s, "C9", "2026-06-01T10:00:00+08:00", "d.labour", "labour", "2026-06-16");
  more(s, c9,
       {ev(Accepted{}, "2026-06-02T10:00:00+08:00", "d.labour"),
        ev(MediationStarted{}, "2026-06-03T10:00:00+08:00", "d.labour"),
        ev(Resolved{"补发工资", true}, "2026-07-01T10:00:00+08:00", "d.labour"),
        ev(Closed{"归档"}, "2026-07-02T10:00:00+08:00", "d.labour"),
        ev(Reopened{"协议未履行", parse_date("2026-12-01")}, "2026-11-19T10:00:00+08:00",
           "d.labour")});
}

inline std::shared_ptr<const graph::BodyGraph> mini_graph() {
  auto g = graph::load_graph_sources(one_file(mini_graph_text()));
  if (!g) throw std::runtime_error(g.error().to_string());
  return *g;
}

// The fixture's report of 2026-W47, as made on Monday 2026-11-23 08:00, presented with `options`.
inline report::WeeklyReport fixture_report(report::ReportOptions options) {
  store::MemoryStore s;
  write_fixture(s);
  auto input = report::load_input(s);
  REQUIRE(input.has_value());
  static const auto graph = mini_graph();
  return report::compute_weekly(
      *input, graph.get(),
      report::ReportQuery{
          {2026, 47}, {}, at("2026-11-23T08:00:00+08:00"), std::nullopt, std::move(options)});
}

}  // namespace tiaojie::test

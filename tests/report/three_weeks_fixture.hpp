// A hand-made district month (issue 17, "Done when"): three ISO weeks of June 2026 on the mini
// graph (graph/mini_graph.hpp), 2026-W23 (Mon 06-01 – Sun 06-07), W24 (06-08 – 06-14) and W25
// (06-15 – 06-21, Fri 06-19 端午节 off), with repeats, ratings, suspensions, an extension,
// withdrawn and failed cases, overdue cases and a 群体性 dispute, plus a backlog from May and
// March and one case on each side of the weeks' edges. Every figure the reports give for it is
// worked out by hand, day by day, in three_weeks.md beside this file; the tests assert them.
//
// Case Fnn is case id nn (committed in that order on an empty store). Times are +08:00.
//   F01 a1 neighbour, received 03-16, due 04-15: open all along (Q1's one case)
//   F02 a1 neighbour, received 05-19, phone P, resolved 06-03; 满意 06-05
//   F03 a2 neighbour, received 05-25, due 06-10; 督办函 06-11, escalated 06-12 to a.committee
//       (due 06-26); open
//   F04 b3 other, received Sun 05-31 23:59:59 (W22, May), resolved 06-09; 不满意 06-10
//   F05 d.medical medical, received 05-06, due 06-05, suspended (鉴定) 05-15: still at the end
//   F06 a1 neighbour, received 06-01, phone P and ID I: repeats F02 (same party); suspended 06-03,
//       resumed 06-09, resolved Sun 06-21; 不满意 06-21
//   F07 a2 neighbour at 幸福路8号, received 06-04, resolved 06-08; 基本满意 06-09
//   F08 a.committee labour, hotline_12345, received 06-02, reply due 06-05 18:00, resolved 06-08;
//       基本满意 by the 12345 回访 06-10
//   F09 d.labour labour 群体性: 32 parties, 480,000 yuan, priority high; received 06-03,
//       resolved 06-17; 满意 06-18
//   F10 b.committee other, received 06-05, withdrawn 06-08
//   F11 d.committee other 重大: 2 parties, 1,500,000 yuan; received 06-06; open
//   F12 a1 neighbour, received 06-08, ID I: repeats F06 (same party); due 06-18; open
//   F13 b3 neighbour, received 06-09, due 06-16, extended 06-12 to 06-26; open
//   F14 a.judicial public_security, received 06-10, failed 06-11
//   F15 a2 neighbour at 幸福路８号 (full width), received 06-15: repeats F07 (same subject); open
//   F16 a1 neighbour, received 06-11, due 06-16; open
//   F17 d.centre other, received and resolved 06-12; 不满意 06-13, then 基本满意 06-16
//   F18 a.committee neighbour, phone P, received 06-16: repeats F06 and F02 (a third time, raised a
//       level and to priority high as rules/repeat.toml does); open
//   F19 b3 other, received 06-17, withdrawn 06-18
//   F20 a1 neighbour, received Thu 06-18, resolved Sun 06-21 (nothing but holiday between)
//   F21 a1 neighbour, received Mon 06-22 00:00:00: W26, after the three weeks; open
//   F22 a1 neighbour, received Sun 06-21 23:59:59: the last instant of W25; open
//   F23 a.police public_security, received Mon 06-01 00:00:00: the first instant of W23;
//       resolved 06-02
//   F24 a1 neighbour, hotline_12345, received Fri 06-19 (holiday), reply due 06-24 18:00; open
// The links (repeat_of) and keys are written as the daemon records them (tests/daemon/
// repeats_test.cpp checks how it finds them); the report counts the links.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lifecycle/calendar_fixture.hpp"
#include "report/report_fixture.hpp"

namespace tiaojie::test {

// What a fixture dispute says beyond open_case's: people, money, priority, party, place, links.
// (Every member defaulted, so that a dispute names only what it has, warning-free under -Wextra.)
struct JuneDispute {
  std::string ext = {}, when = {}, body = {}, category = {};
  std::optional<std::string> due = {};
  std::string channel = "walk_in";
  std::optional<std::string> reply_due = {};
  std::optional<std::int64_t> parties = {};
  std::optional<double> amount = {};
  Priority priority = Priority::normal;
  std::string phone = {}, id_number = {}, address = {};
  std::vector<lifecycle::RepeatLink> repeat_of = {};
};

// Commits the dispute (submitted, classified, assigned at `when`) and returns its case id.
inline std::int64_t file_dispute(store::Store& s, const JuneDispute& j) {
  using namespace lifecycle;
  Dispute d;
  d.external_id = j.ext;
  d.channel = j.channel;
  d.received_at = at(j.when.c_str());
  if (j.reply_due) d.reply_due = at(j.reply_due->c_str());
  d.description = "社区纠纷";
  d.parties = j.parties;
  d.amount_claimed = j.amount;
  d.claimant = Party{"李四", j.phone, j.id_number};
  if (!j.address.empty()) d.address = j.address;
  Classification c;
  c.category = j.category;
  c.priority = j.priority;
  c.rules_version = "r1";
  Assignment a;
  a.lead = BodyId{j.body};
  a.graph_version = "g1";
  Submitted sub{j.channel, j.ext, *d.received_at, d.reply_due, j.repeat_of};
  if (!j.phone.empty() || !j.id_number.empty()) sub.repeat_keys.push_back("p:" + j.ext);
  if (!j.address.empty()) sub.repeat_keys.push_back("s:" + j.ext);
  const char* when = j.when.c_str();
  std::vector<Event> events{ev(sub, when),
                            ev(Classified{c, j.due ? parse_date(*j.due) : std::nullopt}, when),
                            ev(Assigned{a}, when, j.body)};
  std::vector<store::Change> batch{store::NewCase{d, dispute_to_json_text(d), std::move(events)}};
  auto r = s.commit(batch);
  if (!r || !(*r)[0]) throw std::runtime_error("three weeks: new case refused: " + j.ext);
  return (*r)[0]->case_id.value;
}

inline lifecycle::RepeatLink party_of(std::int64_t id) {
  return {lifecycle::CaseId{id}, lifecycle::RepeatReason::same_party};
}
inline lifecycle::RepeatLink subject_of(std::int64_t id) {
  return {lifecycle::CaseId{id}, lifecycle::RepeatReason::same_subject};
}

// Accepted, mediation started and resolved at `body`: accepted an hour after `received`.
inline std::vector<lifecycle::Event> mediated(const char* accepted, const char* resolved,
                                              const std::string& body) {
  using namespace lifecycle;
  return {ev(Accepted{}, accepted, body), ev(MediationStarted{}, accepted, body),
          ev(Resolved{"达成协议", false}, resolved, body)};
}

inline lifecycle::Event rated(lifecycle::Satisfaction r, const char* when,
                              const char* channel = "phone") {
  return ev(lifecycle::FeedbackGiven{r, channel, "回访"}, when);
}

constexpr const char* k_phone = "13912345678";
constexpr const char* k_id_number = "440105198805051234";

inline void write_three_weeks(store::Store& s) {
  using namespace lifecycle;
  using S = Satisfaction;
  const auto f = [&](JuneDispute j) { return file_dispute(s, j); };
  f({"F01", "2026-03-16T10:00:00+08:00", "a1", "neighbour", "2026-04-15"});
  const auto f02 = f({.ext = "F02",
                      .when = "2026-05-19T10:00:00+08:00",
                      .body = "a1",
                      .category = "neighbour",
                      .due = "2026-06-18",
                      .phone = k_phone});
  more(s, f02, mediated("2026-05-19T11:00:00+08:00", "2026-06-03T15:00:00+08:00", "a1"));
  more(s, f02, {rated(S::satisfied, "2026-06-05T10:00:00+08:00")});
  const auto f03 = f({"F03", "2026-05-25T10:00:00+08:00", "a2", "neighbour", "2026-06-10"});
  more(s, f03,
       {ev(
            SupervisionNotice{
                {BodyId{"a2"}, BodyId{"a.committee"}}, "超期", *parse_date("2026-06-10")},
            "2026-06-11T09:00:00+08:00", "a2"),
        ev(Escalated{BodyId{"a.committee"}, "超期升级", parse_date("2026-06-26")},
           "2026-06-12T09:00:00+08:00", "a.committee")});
  const auto f04 = f({"F04", "2026-05-31T23:59:59+08:00", "b3", "other", "2026-07-01"});
  more(s, f04, mediated("2026-06-01T10:00:00+08:00", "2026-06-09T10:00:00+08:00", "b3"));
  more(s, f04, {rated(S::dissatisfied, "2026-06-10T10:00:00+08:00", "sms")});
  const auto f05 = f({"F05", "2026-05-06T10:00:00+08:00", "d.medical", "medical", "2026-06-05"});
  more(s, f05,
       {ev(Accepted{}, "2026-05-06T11:00:00+08:00", "d.medical"),
        ev(Suspended{"鉴定"}, "2026-05-15T10:00:00+08:00", "d.medical")});
  const auto f06 = f({.ext = "F06",
                      .when = "2026-06-01T09:00:00+08:00",
                      .body = "a1",
                      .category = "neighbour",
                      .due = "2026-07-01",
                      .phone = k_phone,
                      .id_number = k_id_number,
                      .repeat_of = {party_of(f02)}});
  more(s, f06,
       {ev(Accepted{}, "2026-06-01T10:00:00+08:00", "a1"),
        ev(MediationStarted{}, "2026-06-01T10:00:00+08:00", "a1"),
        ev(Suspended{"等待测量"}, "2026-06-03T10:00:00+08:00", "a1"),
        ev(Resumed{parse_date("2026-07-07"), 4, 0}, "2026-06-09T10:00:00+08:00", "a1"),
        ev(Resolved{"达成协议", false}, "2026-06-21T16:00:00+08:00", "a1"),
        rated(S::dissatisfied, "2026-06-21T17:00:00+08:00")});
  const auto f07 = f({.ext = "F07",
                      .when = "2026-06-04T10:00:00+08:00",
                      .body = "a2",
                      .category = "neighbour",
                      .due = "2026-07-04",
                      .address = "幸福路8号"});
  more(s, f07, mediated("2026-06-04T11:00:00+08:00", "2026-06-08T10:00:00+08:00", "a2"));
  more(s, f07, {rated(S::basically_satisfied, "2026-06-09T10:00:00+08:00")});
  const auto f08 = f({.ext = "F08",
                      .when = "2026-06-02T10:00:00+08:00",
                      .body = "a.committee",
                      .category = "labour",
                      .due = "2026-07-02",
                      .channel = "hotline_12345",
                      .reply_due = "2026-06-05T18:00:00+08:00"});
  more(s, f08, mediated("2026-06-02T11:00:00+08:00", "2026-06-08T10:00:00+08:00", "a.committee"));
  more(s, f08, {rated(S::basically_satisfied, "2026-06-10T10:00:00+08:00", "hotline_12345")});
  const auto f09 = f({.ext = "F09",
                      .when = "2026-06-03T10:00:00+08:00",
                      .body = "d.labour",
                      .category = "labour",
                      .due = "2026-07-03",
                      .parties = 32,
                      .amount = 480'000,
                      .priority = Priority::high});
  more(s, f09, mediated("2026-06-03T11:00:00+08:00", "2026-06-17T10:00:00+08:00", "d.labour"));
  more(s, f09, {rated(S::satisfied, "2026-06-18T10:00:00+08:00")});
  const auto f10 = f({"F10", "2026-06-05T10:00:00+08:00", "b.committee", "other", "2026-07-05"});
  more(s, f10, {ev(Withdrawn{"自行和解"}, "2026-06-08T10:00:00+08:00", "b.committee")});
  f({.ext = "F11",
     .when = "2026-06-06T10:00:00+08:00",
     .body = "d.committee",
     .category = "other",
     .due = "2026-07-06",
     .parties = 2,
     .amount = 1'500'000});
  f({.ext = "F12",
     .when = "2026-06-08T10:00:00+08:00",
     .body = "a1",
     .category = "neighbour",
     .due = "2026-06-18",
     .id_number = k_id_number,
     .repeat_of = {party_of(f06)}});
  const auto f13 = f({"F13", "2026-06-09T10:00:00+08:00", "b3", "neighbour", "2026-06-16"});
  more(s, f13,
       {ev(Extended{"当事人申请", "乙街道司法所", 8, parse_date("2026-06-26"), 0},
           "2026-06-12T10:00:00+08:00", "b3")});
  const auto f14 =
      f({"F14", "2026-06-10T10:00:00+08:00", "a.judicial", "public_security", "2026-07-10"});
  more(s, f14,
       {ev(Accepted{}, "2026-06-10T11:00:00+08:00", "a.judicial"),
        ev(Failed{NextRoute::litigation, "分歧大"}, "2026-06-11T10:00:00+08:00", "a.judicial")});
  f({.ext = "F15",
     .when = "2026-06-15T10:00:00+08:00",
     .body = "a2",
     .category = "neighbour",
     .due = "2026-07-15",
     .address = "幸福路８号",
     .repeat_of = {subject_of(f07)}});
  f({"F16", "2026-06-11T10:00:00+08:00", "a1", "neighbour", "2026-06-16"});
  const auto f17 = f({"F17", "2026-06-12T10:00:00+08:00", "d.centre", "other", "2026-07-12"});
  more(s, f17, mediated("2026-06-12T11:00:00+08:00", "2026-06-12T16:00:00+08:00", "d.centre"));
  more(s, f17, {rated(S::dissatisfied, "2026-06-13T10:00:00+08:00")});
  more(s, f17, {rated(S::basically_satisfied, "2026-06-16T10:00:00+08:00")});
  f({.ext = "F18",
     .when = "2026-06-16T10:00:00+08:00",
     .body = "a.committee",
     .category = "neighbour",
     .due = "2026-07-16",
     .priority = Priority::high,
     .phone = k_phone,
     .repeat_of = {party_of(f06), party_of(f02)}});
  const auto f19 = f({"F19", "2026-06-17T10:00:00+08:00", "b3", "other", "2026-07-17"});
  more(s, f19, {ev(Withdrawn{"自行和解"}, "2026-06-18T10:00:00+08:00", "b3")});
  const auto f20 = f({"F20", "2026-06-18T10:00:00+08:00", "a1", "neighbour", "2026-07-18"});
  more(s, f20, mediated("2026-06-18T11:00:00+08:00", "2026-06-21T15:00:00+08:00", "a1"));
  f({"F21", "2026-06-22T00:00:00+08:00", "a1", "neighbour", "2026-07-22"});
  f({"F22", "2026-06-21T23:59:59+08:00", "a1", "neighbour", "2026-07-21"});
  const auto f23 =
      f({"F23", "2026-06-01T00:00:00+08:00", "a.police", "public_security", "2026-07-01"});
  more(s, f23, mediated("2026-06-01T10:00:00+08:00", "2026-06-02T10:00:00+08:00", "a.police"));
  f({.ext = "F24",
     .when = "2026-06-19T10:00:00+08:00",
     .body = "a1",
     .category = "neighbour",
     .due = "2026-07-19",
     .channel = "hotline_12345",
     .reply_due = "2026-06-24T18:00:00+08:00"});
}

// The fixture in a memory store, written once per test run.
inline store::Store& three_weeks_store() {
  static const auto store = [] {
    auto s = std::make_shared<store::MemoryStore>();
    write_three_weeks(*s);
    return s;
  }();
  return *store;
}

// The fixture's month and quarter.
inline const report::Period k_june{report::PeriodKind::month, 2026, 6};
inline const report::Period k_q2{report::PeriodKind::quarter, 2026, 2};

// The query `tiaojie report` makes of `period` on Mon 2026-07-06 08:00 (every period of the
// fixture is over), on the shipped calendar, for 海珠区.
inline report::ReportQuery three_weeks_query(report::Period period) {
  static const auto calendar =
      std::make_shared<const lifecycle::WorkingCalendar>(shipped_calendar());
  const auto now = at("2026-07-06T08:00:00+08:00");
  report::ReportOptions options;
  options.district = "海珠区";
  options.issuer = "海珠区司法局";
  report::ReportQuery query{period, {}, now, now, options};
  query.calendar = calendar;
  return query;
}

// The fixture's report of `period` as `tiaojie report` makes it: from the store's report view,
// with the key disputes.
inline report::WeeklyReport three_weeks_report(report::Period period) {
  static const auto graph = mini_graph();
  auto rep = report::weekly_report(three_weeks_store(), graph.get(), three_weeks_query(period));
  REQUIRE(rep.has_value());
  return std::move(*rep);
}

}  // namespace tiaojie::test

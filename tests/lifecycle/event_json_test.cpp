#include "lifecycle/event_json.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "lifecycle/event_builders.hpp"

using namespace tiaojie;
using namespace tiaojie::lifecycle;
using tiaojie::test::make_event;

TEST_CASE("every kind of event survives the JSON round trip") {
  std::vector<Event> events = {
      test::submitted(),
      test::classified(),
      test::assigned("b.a", {BodyId{"b.police"}}),
      make_event(Accepted{parse_date("2026-04-02"), 2027}),
      make_event(MediationStarted{}),
      make_event(Resolved{"赔偿四万元", true}),
      make_event(Failed{NextRoute::litigation, "no show"}),
      make_event(Withdrawn{"done"}),
      make_event(Transferred{BodyId{"b.t"}, "wrong street", parse_date("2026-03-09")}),
      make_event(Escalated{BodyId{"b.p"}, "overdue", {}}),
      make_event(DueSoon{*parse_date("2026-03-05")}),
      make_event(Overdue{*parse_date("2026-03-05")}),
      make_event(
          SupervisionNotice{{BodyId{"b.a"}, BodyId{"b.p"}}, "超期", *parse_date("2026-03-05")}),
      make_event(Closed{"归档"}),
      make_event(Reopened{"not performed", parse_date("2026-05-01")}),
      make_event(ReplyDueSoon{test::at("2026-02-16T17:00:00+08:00")}),
      make_event(ReplyOverdue{test::at("2026-02-16T17:00:00+08:00")}),
      make_event(DeadlineChanged{parse_date("2027-01-05"), parse_date("2027-01-06"), 2027, 0,
                                 "calendar changed"}),
      make_event(Suspended{"鉴定"}),
      make_event(Resumed{parse_date("2026-04-16"), 9, 0}),
      make_event(Extended{"双方约定延长", "医调委主任", 10, parse_date("2026-04-30"), 0}),
      make_event(FeedbackGiven{Satisfaction::basically_satisfied, "hotline_12345", "还行"})};
  // A repeat dispute's submitted event keeps its links and keys.
  auto& sub = std::get<Submitted>(events.front().data);
  sub.repeat_of = {{CaseId{3}, RepeatReason::same_party}, {CaseId{4}, RepeatReason::same_subject}};
  sub.repeat_keys = {"p:0011", "s:2233"};
  REQUIRE(events.size() == event_kind_names().size());
  for (auto& e : events) {
    e.case_id = CaseId{7};
    CAPTURE(to_string(e.kind()));
    auto text = boost::json::serialize(event_to_json(e));
    auto back = event_from_json(boost::json::parse(text));
    REQUIRE(back.has_value());
    CHECK(*back == e);
    auto data = event_data_from_json_text(e.kind(), event_data_to_json_text(e.data));
    REQUIRE(data.has_value());
    CHECK(*data == e.data);
    // The direct text writer and Boost.JSON's serializer produce the same bytes.
    CHECK(event_data_to_json_text(e.data) == boost::json::serialize(event_data_to_json(e.data)));
  }
}

TEST_CASE("bad event JSON names the field") {
  auto r = event_data_from_json_text(EventKind::failed, R"({"next_route":"prayer","reason":""})");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().where == "data.next_route");
  auto m = event_data_from_json_text(EventKind::transferred, R"({"reason":"x"})");
  CHECK(m.error().where == "data.target");
  auto bad = event_data_from_json_text(EventKind::closed, "{not json");
  CHECK(bad.error().code == ErrorCode::invalid_input);
  auto c = event_data_from_json_text(EventKind::classified,
                                     R"({"classification":{"category":"x","priority":"high"}})");
  CHECK(c.error().where == "data.classification.mode");
  auto rating =
      event_data_from_json_text(EventKind::feedback, R"({"rating":"很好","channel":"phone"})");
  CHECK(rating.error().where == "data.rating");
  auto link = event_data_from_json_text(
      EventKind::submitted,
      R"({"channel":"c","external_id":"e","received_at":"2026-02-13T10:00:00+08:00",)"
      R"("repeat_of":[{"case":3,"reason":"same_smell"}]})");
  CHECK(link.error().where == "data.repeat_of[0].reason");
}

TEST_CASE("strings with quotes, backslashes, controls and Chinese survive the text writer") {
  const std::string tricky = "\"引号\" \\ back\nnew\tline \x01 ctrl 司法确认";
  auto e = make_event(Resolved{tricky, false});
  auto text = event_data_to_json_text(e.data);
  CHECK(text == boost::json::serialize(
                    boost::json::object{{"agreement", tricky}, {"judicial_confirmation", false}}));
  auto back = event_data_from_json_text(EventKind::resolved, text);
  REQUIRE(back.has_value());
  CHECK(std::get<Resolved>(*back).agreement == tricky);
}

// The protocol's request fields read into typed commands (issue 18): each operation's required
// fields, wrong types, and the error texts docs/protocol.md shows, without a daemon.
#include "daemon/command_parse.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include "daemon/internal/channel_formats.hpp"

using namespace tiaojie;
using namespace tiaojie::daemon;
namespace json = boost::json;

namespace {

struct Context {
  DisputeSchema schema{.limits = {}, .channels = {"hotline_12345", "walk_in"}};
  internal::ChannelFormats formats;
  ParseContext context;
  Context() {
    formats.formats.emplace("hotline_12345", adapters::Format{});
    context = ParseContext{&schema, &formats, 30};
  }
};

Result<Command> parse(std::string_view line) {
  static const Context c;
  json::object request = json::parse(line).as_object();
  auto op = parse_op(request.at("op").as_string());
  REQUIRE(op);
  return parse_command(*op, request, c.context);
}

// The change a lifecycle request parses to.
template <class T>
T change(std::string_view line) {
  auto c = parse(line);
  REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
  const auto* ch = std::get_if<CaseChange>(&*c);
  REQUIRE(ch != nullptr);
  const T* t = std::get_if<T>(ch);
  REQUIRE(t != nullptr);
  return *t;
}

struct Refusal {
  const char* request;
  const char* where;
  const char* message;
};

}  // namespace

TEST_CASE("every refused field is named, with the protocol's message") {
  const Refusal refusals[] = {
      {R"({"op":"hello"})", "token", "is required (a string)"},
      {R"({"op":"hello","token":7})", "token", "is required (a string)"},
      {R"({"op":"submit"})", "dispute", "is required (the dispute, an object)"},
      {R"({"op":"submit","dispute":5})", "dispute", "must be an object (or a string holding one)"},
      {R"({"op":"submit","dispute":{"external_id":"a","channel":"walk_in","description":"x","parties":"2"}})",
       "dispute.parties", "must be a whole number, got a string"},
      {R"({"op":"submit","dispute":"{\"external_id\":"})", "dispute at byte 15", ""},
      {R"({"op":"submit","format":5})", "format", "must be a format id (a string)"},
      {R"({"op":"submit","format":"fax"})", "format", "unknown format 'fax'"},
      {R"({"op":"accept"})", "case", "is required (a case id)"},
      {R"({"op":"accept","case":0})", "case", "must be a positive integer"},
      {R"({"op":"close","case":"1"})", "case", "must be a positive integer"},
      {R"({"op":"withdraw","case":1.0})", "case", "must be a positive integer"},
      {R"({"op":"resume","case":18446744073709551615})", "case", "must be a positive integer"},
      {R"({"op":"suspend","case":1})", "reason", "is required (why the clock stops, e.g. 鉴定)"},
      {R"({"op":"suspend","case":1,"reason":7})", "reason",
       "is required (why the clock stops, e.g. 鉴定)"},
      {R"({"op":"extend","case":1,"days":5})", "reason",
       "is required (why the deadline is extended)"},
      {R"({"op":"extend","case":1,"reason":"r"})", "days",
       "is required: a whole number of days (in the period's units), 1–3650"},
      {R"({"op":"extend","case":1,"reason":"r","days":"5"})", "days",
       "is required: a whole number of days (in the period's units), 1–3650"},
      {R"({"op":"extend","case":1,"reason":"r","days":3651})", "days",
       "is required: a whole number of days (in the period's units), 1–3650"},
      {R"({"op":"transfer","case":1})", "body", "is required (the receiving body's id)"},
      {R"({"op":"transfer","case":1,"body":["a"]})", "body",
       "is required (the receiving body's id)"},
      {R"({"op":"resolve","case":1})", "outcome", R"(is required: "resolved" or "failed")"},
      {R"({"op":"resolve","case":1,"outcome":"won"})", "outcome",
       R"(must be "resolved" or "failed")"},
      {R"({"op":"resolve","case":1,"outcome":"failed","next_route":"moon"})", "next_route",
       "must be arbitration, litigation or administrative"},
      {R"({"op":"feedback","case":1})", "rating",
       "is required: 满意, 基本满意 or 不满意 (satisfied, basically_satisfied, dissatisfied)"},
      {R"({"op":"feedback","case":1,"rating":"ok"})", "rating",
       "must be 满意, 基本满意 or 不满意 (satisfied, basically_satisfied, dissatisfied)"},
      {R"({"op":"feedback","case":1,"rating":"满意"})", "channel",
       "is required: how the rating came in (phone, sms, hotline_12345, …)"},
      {R"({"op":"get"})", "case", R"(give "case" or "external_id" (with "channel"))"},
      {R"({"op":"get","external_id":5})", "case",
       R"(give "case" or "external_id" (with "channel"))"},
      {R"({"op":"get","case":-1,"external_id":"x"})", "case", "must be a positive integer"},
      {R"({"op":"subscribe","filter":"all"})", "filter", "must be an object"},
      {R"({"op":"subscribe","body":5})", "body", "must be a string or an array of strings"},
      {R"({"op":"subscribe","filter":{"kind":["a",1]}})", "kind", "must hold strings only"},
      {R"({"op":"subscribe","level":"town"})", "level",
       "unknown level 'town' (community, street, district)"},
      {R"({"op":"reload","dry_run":true,"window_days":0})", "window_days",
       "must be an integer from 1 to 3660"},
      {R"({"op":"reload","dry_run":true,"window_days":3661})", "window_days",
       "must be an integer from 1 to 3660"},
  };
  for (const auto& r : refusals) {
    CAPTURE(r.request);
    auto c = parse(r.request);
    REQUIRE_FALSE(c.has_value());
    CHECK(c.error().code == ErrorCode::invalid_input);
    CHECK(c.error().where == r.where);
    if (*r.message) CHECK(c.error().message == r.message);
  }
}

TEST_CASE("a feedback channel over 64 bytes or a comment over 2000 bytes is refused") {
  const std::string channel(65, 'c');
  auto c = parse(R"({"op":"feedback","case":1,"rating":"满意","channel":")" + channel + "\"}");
  REQUIRE_FALSE(c);
  CHECK(c.error().where == "channel");
  const std::string comment(2001, 'c');
  c = parse(R"({"op":"feedback","case":1,"rating":"满意","channel":"sms","comment":")" + comment +
            "\"}");
  REQUIRE_FALSE(c);
  CHECK(c.error().where == "comment");
}

TEST_CASE("lifecycle requests become their commands with every field they carry") {
  CHECK(change<command::Accept>(R"({"op":"accept","case":7})").case_id == 7);
  CHECK(change<command::StartMediation>(R"({"op":"start_mediation","case":7})").case_id == 7);
  CHECK(change<command::Suspend>(R"({"op":"suspend","case":7,"reason":"鉴定"})").reason == "鉴定");
  CHECK(change<command::Resume>(R"({"op":"resume","case":9223372036854775807})").case_id ==
        INT64_MAX);
  auto e = change<command::Extend>(R"({"op":"extend","case":7,"days":10,"reason":"r"})");
  CHECK(e.days == 10);
  CHECK(e.reason == "r");
  CHECK(e.approved_by.empty());  // the engine puts the actor there
  CHECK(change<command::Extend>(
            R"({"op":"extend","case":7,"days":10,"reason":"r","approved_by":"主任"})")
            .approved_by == "主任");
  auto t = change<command::Transfer>(R"({"op":"transfer","case":7,"body":"b","reason":5})");
  CHECK(t.body == "b");
  CHECK(t.reason.empty());  // a reason of another type is no reason, as it always was
  auto resolved = change<command::Resolve>(
      R"({"op":"resolve","case":7,"outcome":"resolved","agreement":"a","judicial_confirmation":true})");
  REQUIRE(std::holds_alternative<lifecycle::Resolved>(resolved.outcome));
  CHECK(std::get<lifecycle::Resolved>(resolved.outcome).agreement == "a");
  CHECK(std::get<lifecycle::Resolved>(resolved.outcome).judicial_confirmation);
  CHECK_FALSE(std::get<lifecycle::Resolved>(
                  change<command::Resolve>(
                      R"({"op":"resolve","case":7,"outcome":"resolved","judicial_confirmation":1})")
                      .outcome)
                  .judicial_confirmation);
  auto failed = change<command::Resolve>(R"({"op":"resolve","case":7,"outcome":"failed"})");
  REQUIRE(std::holds_alternative<lifecycle::Failed>(failed.outcome));
  CHECK(std::get<lifecycle::Failed>(failed.outcome).next_route == lifecycle::NextRoute::litigation);
  CHECK(change<command::Withdraw>(R"({"op":"withdraw","case":7,"reason":"r"})").reason == "r");
  CHECK(change<command::Close>(R"({"op":"close","case":7,"note":"n"})").note == "n");
  auto f = change<command::Feedback>(
      R"({"op":"feedback","case":7,"rating":"基本满意","channel":"phone","comment":"c"})");
  CHECK(f.given.rating == lifecycle::Satisfaction::basically_satisfied);
  CHECK(f.given.channel == "phone");
  CHECK(f.given.comment == "c");
}

TEST_CASE("submit, get, subscribe and reload become their commands") {
  auto s = parse(
      R"({"op":"submit","dispute":{"external_id":"a","channel":"walk_in","description":"楼上漏水"}})");
  REQUIRE(s);
  const auto& submit = std::get<command::Submit>(*s);
  CHECK(submit.dispute.external_id == "a");
  CHECK(submit.format.empty());
  CHECK(submit.text == R"({"external_id":"a","channel":"walk_in","description":"楼上漏水"})");
  auto native = parse(R"({"op":"submit","format":"native","dispute":"{\"external_id\":\"b\",)"
                      R"(\"channel\":\"walk_in\",\"description\":\"x\"}"})");
  REQUIRE(native);
  CHECK(std::get<command::Submit>(*native).dispute.external_id == "b");
  auto record = parse(R"({"op":"submit","format":"hotline_12345"})");
  REQUIRE(record);
  CHECK(std::get<command::SubmitRecord>(*record).format == "hotline_12345");
  CHECK(std::get<command::SubmitRecord>(*record).record.is_null());  // refused by map_record

  auto by_key = parse(R"({"op":"get","external_id":"x","channel":7})");
  REQUIRE(by_key);
  CHECK(std::get<command::Get>(*by_key).case_id == 0);
  CHECK_FALSE(std::get<command::Get>(*by_key).channel);  // the principal's own channel
  CHECK(std::get<command::Get>(*parse(R"({"op":"get","case":3,"external_id":5})")).case_id == 3);

  auto sub =
      parse(R"({"op":"subscribe","filter":{"level":["street"],"kind":"feedback"},"body":5})");
  REQUIRE(sub);
  const auto& filter = std::get<command::Subscribe>(*sub).filter;
  CHECK(filter.levels == std::set<std::string>{"street"});
  CHECK(filter.kinds == std::set<std::string>{"feedback"});
  CHECK(filter.bodies.empty());  // the top-level fields are not read when "filter" is given

  CHECK_FALSE(std::get<command::Reload>(*parse(R"({"op":"reload","dry_run":1})")).dry_run);
  auto dry = std::get<command::Reload>(*parse(R"({"op":"reload","dry_run":true})"));
  CHECK(dry.dry_run);
  CHECK(dry.window_days == 30);
  CHECK(std::get<command::Reload>(*parse(R"({"op":"reload","dry_run":true,"window_days":7})"))
            .window_days == 7);
}

TEST_CASE("a native record is mapped only when it is an object") {
  internal::ChannelFormats formats;
  formats.formats.emplace("hotline_12345", adapters::Format{});
  DisputeSchema schema;
  auto r = map_record(command::SubmitRecord{"hotline_12345", json::value(nullptr)}, formats, schema,
                      nullptr);
  REQUIRE_FALSE(r);
  CHECK(r.error().where == "record");
  CHECK(r.error().message == "is required: the native record, an object");
}

TEST_CASE("every command says which protocol operation it is") {
  for (auto name : op_names()) {
    const Op op = *parse_op(name);
    CAPTURE(name);
    std::string line = R"({"op":")" + std::string(name) +
                       R"(","case":1,"token":"t","reason":"r","days":1,"body":"b",)"
                       R"("outcome":"resolved","rating":"满意","channel":"c",)"
                       R"("dispute":{"external_id":"a","channel":"walk_in","description":"x"}})";
    auto c = parse(line);
    REQUIRE_MESSAGE(c.has_value(), c.error().to_string());
    CHECK(op_of(*c) == op);
  }
}

#include "adapters/mapper.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "adapters_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::adapters;
namespace json = boost::json;

namespace {

const char* const k_formats[] = {"hotline_12345", "police_referral", "court_referral", "walk_in",
                                 "online_form",   "petition",        "media_lead"};

// Checks one expected canonical value: "street"/"community" may be "" for absent.
void check_expected(const MappedDispute& m, const json::object& expect) {
  const auto canonical = dispute_to_json(m.dispute);
  for (const auto& [key, want] : expect) {
    CAPTURE(key);
    if (key == "method") {
      CHECK(to_string(m.location.method) == want.as_string());
    } else if (want.is_string() && want.as_string().empty()) {
      CHECK_FALSE(canonical.contains(key));
    } else if (want.is_number()) {
      REQUIRE(canonical.contains(key));
      CHECK(canonical.at(key).to_number<double>() == doctest::Approx(want.to_number<double>()));
    } else {
      REQUIRE(canonical.contains(key));
      CHECK(json::serialize(canonical.at(key)) == json::serialize(want));
    }
  }
}

}  // namespace

TEST_CASE("every channel's sample records map to the expected canonical dispute") {
  const auto& formats = test::shipped_formats();
  int checked = 0;
  for (const char* id : k_formats) {
    const auto& format = formats.at(id);
    for (const auto& record : test::sample_records(std::string(id) + ".ndjson")) {
      CAPTURE(id);
      CAPTURE(json::serialize(record));
      auto m = map_record(format, record, &test::shipped_gazetteer());
      REQUIRE_MESSAGE(m.has_value(), m.error().to_string());
      CHECK(m->dispute.channel == format.channel);
      CHECK_FALSE(m->dispute.description.empty());
      check_expected(*m, record.at("_expect").as_object());
      // The result is a valid canonical dispute in its own right.
      auto again = parse_dispute(dispute_to_json_text(m->dispute));
      REQUIRE(again);
      CHECK(*again == m->dispute);
      ++checked;
    }
  }
  CHECK(checked >= 16);
}

TEST_CASE("every channel's malformed records are refused with the native field and the reason") {
  const auto& formats = test::shipped_formats();
  int checked = 0;
  for (const char* id : k_formats) {
    const auto& format = formats.at(id);
    for (const auto& record : test::sample_records(std::string(id) + "_bad.ndjson")) {
      CAPTURE(id);
      CAPTURE(json::serialize(record));
      auto m = map_record(format, record, &test::shipped_gazetteer());
      REQUIRE_FALSE(m.has_value());
      const auto& expect = record.at("_expect").as_object();
      CHECK(m.error().code == ErrorCode::invalid_input);
      CHECK(m.error().where == expect.at("where").as_string());
      CHECK_MESSAGE(m.error().message.find(expect.at("reason").as_string()) != std::string::npos,
                    m.error().message);
      ++checked;
    }
  }
  CHECK(checked >= 25);
}

TEST_CASE("the 12345 sample keeps the hotline's reply deadline beside the time of the call") {
  const auto& format = test::shipped_formats().at("hotline_12345");
  auto record = test::sample_records("hotline_12345.ndjson").front();
  auto m = map_record(format, record, &test::shipped_gazetteer());
  REQUIRE(m);
  CHECK(format_timestamp(*m->dispute.received_at) == "2026-11-24T09:30:00+08:00");
  CHECK(format_timestamp(*m->dispute.reply_due) == "2026-11-27T17:00:00+08:00");
  CHECK(m->dispute.claimant->phone == "138-0000-0001");
  CHECK(m->dispute.description.find("【诉求类型】劳资纠纷") != std::string::npos);
}

TEST_CASE("without a gazetteer the street is taken as given") {
  const auto& format = test::shipped_formats().at("hotline_12345");
  auto record = test::sample_records("hotline_12345.ndjson").front();
  auto m = map_record(format, record, nullptr);
  REQUIRE(m);
  CHECK(m->dispute.street == "凤阳街道");
  CHECK(m->location.method == MatchMethod::declared);
}

TEST_CASE("native paths reach into objects and arrays, and whole keys with dots win") {
  auto record = json::parse(R"({"a":{"b":[{"c":"x"},{"c":"y"}]},"a.b":"flat"})").as_object();
  REQUIRE(find_native(record, "a.b[1].c"));
  CHECK(find_native(record, "a.b[1].c")->as_string() == "y");
  CHECK(find_native(record, "a.b.0.c")->as_string() == "x");
  CHECK(find_native(record, "a.b")->as_string() == "flat");
  CHECK_FALSE(find_native(record, "a.b[2].c"));
  CHECK_FALSE(find_native(record, "a.x"));
  CHECK_FALSE(find_native(record, "a.b[x]"));
}

TEST_CASE("a new channel is a TOML file alone") {
  auto format = parse_format(R"(
[format]
id = "labour_inspection"
label = "劳动监察转办"

[[field]]
target = "external_id"
from = "转办单号"
required = true

[[field]]
target = "description"
concat = ["事由", "涉及企业"]
labels = ["", "涉及企业："]

[[field]]
target = "parties"
from = "人数"

[[field]]
target = "declared_category"
default = "labour"
)",
                             "labour_inspection.toml");
  REQUIRE_MESSAGE(format.has_value(), format.error().to_string());
  auto record = json::parse(R"({"转办单号":"LJ-1","事由":"欠薪","涉及企业":"某厂","人数":"五人"})")
                    .as_object();
  auto m = map_record(*format, record, &test::shipped_gazetteer());
  REQUIRE_MESSAGE(m.has_value(), m.error().to_string());
  CHECK(m->dispute.channel == "labour_inspection");
  CHECK(m->dispute.description == "欠薪\n涉及企业：某厂");
  CHECK(m->dispute.parties == 5);
  CHECK(m->dispute.declared_category == "labour");
}

TEST_CASE("a channel outside the daemon's known channels is refused on its channel") {
  DisputeSchema schema;
  schema.channels = {"walk_in"};
  const auto& format = test::shipped_formats().at("hotline_12345");
  auto m =
      map_record(format, test::sample_records("hotline_12345.ndjson").front(), nullptr, schema);
  REQUIRE_FALSE(m);
  CHECK(m.error().where == "channel");
}

TEST_CASE("oversize native text is refused on its native field") {
  DisputeSchema schema;
  schema.limits.max_short_text = 26;  // 25 bytes of received_at pass, 30 of the name do not
  const auto& format = test::shipped_formats().at("hotline_12345");
  auto record = test::sample_records("hotline_12345.ndjson").front();
  record["诉求人"] = "一个非常非常长的名字";
  auto m = map_record(format, record, nullptr, schema);
  REQUIRE_FALSE(m);
  CHECK(m.error().where == "诉求人");
  CHECK(m.error().message.find("too long") != std::string::npos);
  CHECK(m.error().message.find("→ claimant.name") != std::string::npos);
}

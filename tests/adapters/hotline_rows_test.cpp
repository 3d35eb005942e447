// 12345 work orders as offices write them: reply periods in the hotline's words, per-type
// default periods, an empty 诉求内容, other column names, the resolver's reason for review.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "adapters/mapper.hpp"
#include "adapters_fixture.hpp"
#include "lifecycle/calendar.hpp"

using namespace tiaojie;
using namespace tiaojie::adapters;
namespace json = boost::json;

namespace {

const lifecycle::WorkingCalendar& shipped_calendar() {
  static const auto c = [] {
    auto r = lifecycle::load_calendar_dir(test::source_dir() / "config" / "calendar");
    if (!r) throw std::runtime_error(r.error().to_string());
    return std::move(*r);
  }();
  return c;
}

json::object order(std::string_view received, std::string_view limit,
                   std::string_view type = "劳资纠纷") {
  json::object o{{"工单编号", "GZ-1"},
                 {"来电时间", received},
                 {"诉求内容", "工地老板拖欠工资三个月"},
                 {"诉求类型", type},
                 {"事发地址", "海珠区凤阳街某工地"}};
  if (!limit.empty()) o["办理时限"] = limit;
  return o;
}

Result<MappedDispute> map(const json::object& record,
                          const lifecycle::WorkingCalendar* calendar = &shipped_calendar()) {
  return map_record(test::shipped_formats().at("hotline_12345"), record, &test::shipped_gazetteer(),
                    {}, calendar);
}

std::string reply_due(const Result<MappedDispute>& m) {
  REQUIRE_MESSAGE(m.has_value(), m.error().to_string());
  return m->dispute.reply_due ? format_timestamp(*m->dispute.reply_due) : "none";
}

}  // namespace

TEST_CASE(
    "办理时限 in working days counts over the holiday calendar (domain.md's worked example)") {
  // 10 working days from Friday 2026-02-13 end on Thursday 2026-03-05 (Spring Festival, 调休).
  CHECK(reply_due(map(order("2026-02-13 09:00", "10个工作日"))) == "2026-03-05T23:59:59+08:00");
  CHECK(reply_due(map(order("2026-02-13 09:00", "十个工作日"))) == "2026-03-05T23:59:59+08:00");
  CHECK(reply_due(map(order("2026-02-13 09:00", "１０个工作日"))) == "2026-03-05T23:59:59+08:00");
}

TEST_CASE("办理时限 in calendar days, hours, a date or a date and time") {
  CHECK(reply_due(map(order("2026-11-24 09:30", "3天"))) == "2026-11-27T23:59:59+08:00");
  CHECK(reply_due(map(order("2026-11-24 09:30", "48小时"))) == "2026-11-26T09:30:00+08:00");
  CHECK(reply_due(map(order("2026-11-24 09:30", "2026年11月27日"))) == "2026-11-27T23:59:59+08:00");
  CHECK(reply_due(map(order("2026-11-24 09:30", "2026-11-27 17:00"))) ==
        "2026-11-27T17:00:00+08:00");
  // Three calendar days from Monday 2026-09-28 end on Thursday 10-01, a holiday: the next working
  // day.
  CHECK(reply_due(map(order("2026-09-28 09:30", "3天"))) == "2026-10-08T23:59:59+08:00");
}

TEST_CASE("an order without 办理时限 gets its type's period, a type naming none gets no deadline") {
  CHECK(reply_due(map(order("2026-11-24 09:30", "", "咨询"))) == "2026-11-26T23:59:59+08:00");
  CHECK(reply_due(map(order("2026-11-24 09:30", "", "求助"))) == "2026-12-08T23:59:59+08:00");
  CHECK(reply_due(map(order("2026-11-24 09:30", "", "投诉/劳资纠纷"))) ==
        "2026-12-15T23:59:59+08:00");
  CHECK(reply_due(map(order("2026-11-24 09:30", "", "劳资纠纷"))) == "none");
  auto with_kind = order("2026-11-24 09:30", "", "劳资纠纷");
  with_kind["工单类型"] = "举报";
  CHECK(reply_due(map(with_kind)) == "2026-12-15T23:59:59+08:00");
}

TEST_CASE("a year without a calendar file counts weekends only, and no calendar at all likewise") {
  // Monday 2027-03-01 + 5 working days, weekends only: Monday 03-08.
  CHECK(reply_due(map(order("2027-03-01 09:00", "5个工作日"))) == "2027-03-08T23:59:59+08:00");
  CHECK(reply_due(map(order("2027-03-01 09:00", "5个工作日"), nullptr)) ==
        "2027-03-08T23:59:59+08:00");
}

TEST_CASE("a 办理时限 that is neither a date nor a period is refused on its column") {
  auto m = map(order("2026-11-24 09:30", "尽快"));
  REQUIRE_FALSE(m);
  CHECK(m.error().where == "办理时限");
  CHECK(m.error().message.find("nor a period (N个工作日, N个自然日, N个小时)") !=
        std::string::npos);
}

TEST_CASE("an empty 诉求内容 refuses the order: the type label never stands in for it") {
  auto record = order("2026-11-24 09:30", "5个工作日");
  record["诉求内容"] = "　";
  auto m = map(record);
  REQUIRE_FALSE(m);
  CHECK(m.error().where == "诉求内容");
  CHECK(m.error().message.find("is required but missing or empty (→ description)") !=
        std::string::npos);
}

TEST_CASE("columns under another office's names are read through the format's aliases") {
  json::object record{{"工单号", "GZ-2"},
                      {"来电日期", "2026-11-24 09:30"},
                      {"反映内容", "楼上漏水"},
                      {"问题类型", "邻里纠纷"},
                      {"事发地点", "海珠区沙园街某小区"}};
  auto m = map(record);
  REQUIRE_MESSAGE(m.has_value(), m.error().to_string());
  CHECK(m->dispute.external_id == "GZ-2");
  CHECK(m->dispute.description.starts_with("楼上漏水"));
  CHECK(m->dispute.declared_category == "neighbour");
  CHECK(m->dispute.street == "沙园");
}

TEST_CASE("the 诉求类型 of the shipped formats are category ids of the rules") {
  auto record = order("2026-11-24 09:30", "5个工作日", "劳资纠纷");
  CHECK(map(record)->dispute.declared_category == "labour");
  record["诉求类型"] = "征地拆迁";
  CHECK(map(record)->dispute.declared_category == "land_demolition");
}

TEST_CASE("an address the resolver cannot place carries its reason into the dispute") {
  auto record = order("2026-11-24 09:30", "5个工作日");
  record["事发地址"] = "广州市天河区某工地";
  auto m = map(record);
  REQUIRE(m);
  CHECK_FALSE(m->dispute.street);
  CHECK(m->dispute.location_review == "the address lies in 天河区, outside 海珠区");
}

TEST_CASE("a canonical dispute with an address and no street is resolved by the same gazetteer") {
  Dispute d;
  d.address = "海珠区凤杨街某小区";
  auto m = resolve_dispute_location(d, test::shipped_gazetteer());
  CHECK(m.method == MatchMethod::fuzzy);
  CHECK(d.street == "凤阳");
  CHECK_FALSE(d.location_review);

  Dispute contradicted;
  contradicted.street = "凤阳";
  contradicted.address = "海珠区沙园街某小区";
  (void)resolve_dispute_location(contradicted, test::shipped_gazetteer());
  CHECK(contradicted.street == "凤阳");
  REQUIRE(contradicted.location_review);
  CHECK(contradicted.location_review->find("candidates: 凤阳, 沙园") != std::string::npos);
}

TEST_CASE("an order exported again after its 回访 carries the rating and what the party said") {
  auto record = order("2026-11-24 09:30", "5个工作日");
  CHECK_FALSE(map(record)->dispute.feedback.has_value());
  record["回访结果"] = "基本满意";
  record["回访意见"] = "处理较慢";
  auto m = map(record);
  REQUIRE_MESSAGE(m.has_value(), m.error().to_string());
  CHECK(m->dispute.feedback == "基本满意");
  CHECK(m->dispute.feedback_comment == "处理较慢");
  // Under the other column name, with the hotline's top grade.
  record.erase("回访结果");
  record["满意度"] = "非常满意";
  CHECK(map(record)->dispute.feedback == "非常满意");
  record["满意度"] = "很好";
  auto refused = map(record);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("满意") != std::string::npos);
}

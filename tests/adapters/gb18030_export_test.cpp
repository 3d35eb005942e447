// Issue 14's "done when": a GB18030 12345 export as an office produces it, made here, imports
// with each row where it belongs: a reply period in working days, a cell with a line break, a
// repeated order, an empty 诉求内容, a 诉求类型 whose words no rule knows, an address outside the
// district; columns in another order with one the format does not read. The mapped disputes are
// then classified and assigned with the shipped rules and graph, as the daemon does.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "adapters/import.hpp"
#include "adapters_fixture.hpp"
#include "graph/assign.hpp"
#include "graph/load.hpp"
#include "lifecycle/calendar.hpp"
#include "rules/classify.hpp"
#include "rules/rule_set.hpp"

using namespace tiaojie;
using namespace tiaojie::adapters;

namespace {

// Idempotent on (channel, external_id), as the daemon's submit is.
struct IdempotentStore {
  std::map<std::string, Dispute> stored;  // by external id
  Submitter submitter() {
    return [this](const MappedDispute& m) -> Result<SubmitOutcome> {
      if (stored.contains(m.dispute.external_id)) return SubmitOutcome{true, {}};
      stored.emplace(m.dispute.external_id, m.dispute);
      return SubmitOutcome{false, m.dispute.external_id};
    };
  }
};

// Columns in an order of the office's own, an extra one (回访结果), CRLF line ends as Excel writes.
const char* const k_export =
    "诉求类型,工单编号,来电时间,诉求人,诉求内容,事发地址,所属街道,办理时限,回访结果\r\n"
    "劳资纠纷,GZ-001,2026-11-24 "
    "09:30,王某,\"工地拖欠三十多名工人工资约四十万元\",海珠区凤阳街某工地,凤阳街道,5个工作日,\r\n"
    "邻里纠纷,GZ-002,2026-11-24 "
    "10:00,李某,\"楼上住户深夜噪音扰民，\r\n多次沟通无果\",海珠区沙园街某小区,,3个工作日,满意\r\n"
    "劳资纠纷,GZ-001,2026-11-24 "
    "09:30,王某,\"工地拖欠三十多名工人工资约四十万元\",海珠区凤阳街某工地,凤阳街道,5个工作日,\r\n"
    "邻里纠纷,GZ-004,2026-11-24 11:00,赵某,,海珠区瑞宝街某村,,5个工作日,\r\n"
    "劳资纠纷,GZ-005,2026-11-24 "
    "11:30,孙某,老板一直不给钱，说下个月再说,海珠区南洲街某厂,,10个工作日,\r\n"
    "物业管理,GZ-006,2026-11-24 14:00,周某,小区物业乱收停车费,广州市天河区某花园,,15个工作日,\r\n";

struct Imported {
  ImportSummary summary;
  std::string rejects;
};

Imported import_bytes(const std::string& bytes, IdempotentStore& receiver,
                      const lifecycle::WorkingCalendar& calendar) {
  auto decoded = decode_to_utf8(bytes, TextEncoding::auto_detect);
  REQUIRE_MESSAGE(decoded.has_value(), decoded.error().to_string());
  CHECK(decoded->detected == TextEncoding::gb18030);
  auto source = RecordSource::open(std::move(decoded->utf8), InputKind::csv);
  REQUIRE_MESSAGE(source.has_value(), source.error().to_string());
  const auto& format = test::shipped_formats().at("hotline_12345");
  REQUIRE(check_columns(format, (*source)->columns()));
  std::ostringstream rejects_out;
  RejectWriter rejects(rejects_out);
  Imported out;
  out.summary = run_import(format, &test::shipped_gazetteer(), {}, **source, receiver.submitter(),
                           rejects, nullptr, &calendar);
  out.rejects = rejects_out.str();
  return out;
}

}  // namespace

TEST_CASE("a GB18030 12345 export imports with each row where it belongs, and once only") {
  auto bytes = utf8_to_gb18030(k_export);
  REQUIRE(bytes);
  auto calendar = lifecycle::load_calendar_dir(test::source_dir() / "config" / "calendar");
  REQUIRE(calendar);
  IdempotentStore receiver;
  auto first = import_bytes(*bytes, receiver, *calendar);

  CHECK(first.summary.rows == 6);
  CHECK(first.summary.imported == 4);
  CHECK(first.summary.duplicates == 1);  // GZ-001 twice
  CHECK(first.summary.rejected == 1);    // GZ-004: no 诉求内容
  // 回访结果 is read (→ feedback, docs/adapters.md "回访"): no column is left unread.
  CHECK(first.summary.ignored_columns.empty());
  // The rejects file names the spreadsheet row, the column and the reason.
  CHECK(first.rejects.find("\r\n5,6,诉求内容,is required but missing or empty (→ description),") !=
        std::string::npos);

  REQUIRE(receiver.stored.size() == 4);
  CHECK(receiver.stored.at("GZ-002").feedback == "满意");
  CHECK_FALSE(receiver.stored.at("GZ-005").feedback.has_value());  // not yet visited: empty
  const auto& wages = receiver.stored.at("GZ-001");
  CHECK(format_timestamp(*wages.reply_due) ==
        "2026-12-01T23:59:59+08:00");  // 5 working days from Tue 11-24
  CHECK(receiver.stored.at("GZ-002").description.starts_with(
      "楼上住户深夜噪音扰民，\r\n多次沟通无果"));  // as the cell holds it

  auto rules = rules::load_rule_set(test::source_dir() / "rules");
  REQUIRE_MESSAGE(rules.has_value(), rules.error().to_string());
  auto graph = graph::load_graph(test::source_dir() / "config" / "bodies");
  REQUIRE_MESSAGE(graph.has_value(), graph.error().to_string());
  auto decide = [&](const std::string& id) {
    const auto& d = receiver.stored.at(id);
    auto c = rules::classify(*rules->rules, d);
    return std::pair{c, graph::assign(**graph, graph::LoadView{}, d, c)};
  };

  // 劳资纠纷 with no keyword of the rules in the text: the declared category decides.
  auto [unpaid, unpaid_at] = decide("GZ-005");
  CHECK(receiver.stored.at("GZ-005").declared_category == "labour");
  CHECK(unpaid.category == "labour");
  CHECK_FALSE(unpaid_at.needs_review);

  // Outside the district: to intake for review, with the resolver's reason.
  auto [elsewhere, elsewhere_at] = decide("GZ-006");
  CHECK(elsewhere_at.needs_review);
  CHECK(elsewhere_at.review_reason ==
        "location needs review: the address lies in 天河区, outside 海珠区");

  auto [noise, noise_at] = decide("GZ-002");
  CHECK(receiver.stored.at("GZ-002").street == "沙园");
  CHECK_FALSE(noise_at.needs_review);

  // The same file again: nothing new, the refused row refused again.
  auto second = import_bytes(*bytes, receiver, *calendar);
  CHECK(second.summary.imported == 0);
  CHECK(second.summary.duplicates == 5);
  CHECK(second.summary.rejected == 1);
  CHECK(receiver.stored.size() == 4);
}

#include "adapters/import.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <sstream>

#include "adapters_fixture.hpp"

using namespace tiaojie;
using namespace tiaojie::adapters;

namespace {

// A receiver that keeps what it was given and is idempotent on (channel, external_id), as the
// daemon's `submit` is: a test fake for the driver, not a stand-in for the store.
struct RecordingReceiver {
  std::map<std::pair<std::string, std::string>, Dispute> stored;
  std::size_t fail_at = 0;  // the n-th call fails with io_error (0: never)
  std::size_t calls = 0;

  Submitter submitter() {
    return [this](const MappedDispute& m) -> Result<SubmitOutcome> {
      if (++calls == fail_at)
        return std::unexpected(io_error("connection reset", "127.0.0.1:7411"));
      auto key = std::pair{m.dispute.channel, m.dispute.external_id};
      if (stored.contains(key)) return SubmitOutcome{true, {}};
      stored.emplace(key, m.dispute);
      return SubmitOutcome{false, m.dispute.external_id};
    };
  }
};

const char* k_header =
    "工单编号,来电时间,诉求人,联系电话,诉求内容,诉求类型,事发地址,所属街道,办理时限\n";

struct Run {
  ImportSummary summary;
  std::string rejects;
};

Run import_text(std::string text, InputKind kind, RecordingReceiver& receiver,
                const std::string& format_id = "hotline_12345") {
  const auto& format = test::shipped_formats().at(format_id);
  auto decoded = decode_to_utf8(text, TextEncoding::auto_detect);
  REQUIRE_MESSAGE(decoded.has_value(), decoded.error().to_string());
  auto source = RecordSource::open(std::move(decoded->utf8), kind);
  REQUIRE_MESSAGE(source.has_value(), source.error().to_string());
  std::ostringstream rejects_out;
  RejectWriter rejects(rejects_out);
  Run run;
  run.summary = run_import(format, &test::shipped_gazetteer(), {}, **source, receiver.submitter(),
                           rejects, nullptr);
  run.rejects = rejects_out.str();
  return run;
}

std::vector<std::vector<std::string>> csv_records(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvReader reader(text);
  std::vector<std::vector<std::string>> out;
  for (auto r = reader.next(); r && *r; r = reader.next()) out.push_back((*r)->fields);
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// A hotline export of `n` rows; every 1000th row has an impossible 来电时间, every 997th row a
// text amount, so the rejects are known in advance. Rows repeat nothing.
std::string generated_export(std::size_t n) {
  static const char* streets[] = {"赤岗", "新港",   "昌岗", "江南中", "滨江",   "素社",
                                  "海幢", "南华西", "龙凤", "沙园",   "南石头", "凤阳",
                                  "瑞宝", "江海",   "琶洲", "南洲",   "华洲",   "官洲"};
  std::string out = k_header;
  out.reserve(n * 200);
  for (std::size_t i = 1; i <= n; ++i) {
    const char* street = streets[i % 18];
    std::string when = i % 1000 == 0
                           ? "2026-02-30 10:00"
                           : fmt::format("2026-11-{:02} {:02}:{:02}", 1 + i % 28, i % 24, i % 60);
    std::string address =
        i % 5 == 0 ? "某路口" : fmt::format("海珠区{}街第{}社区某小区", street, 1 + i % 18);
    out += fmt::format(
        "GZ-{:08},{},测试{}号,138-0000-{:04},\"第{}号工单：楼上漏水，\n多次协商未果\",邻里纠纷,{},,"
        "{}\n",
        i, when, i, i % 10000, i, address, i % 997 == 0 ? "明天" : "");
  }
  return out;
}

}  // namespace

TEST_CASE("CSV rows become records keyed by the header, numbered as the spreadsheet shows them") {
  auto source = RecordSource::open("a,b\n1,\"x\ny\"\n2,z\n", InputKind::csv);
  REQUIRE(source);
  CHECK((*source)->columns() == std::vector<std::string>{"a", "b"});
  auto r = (*source)->next();
  REQUIRE((r && *r));
  CHECK((*r)->row == 2);
  CHECK((*r)->line == 2);
  CHECK((*r)->record->at("b").as_string() == "x\ny");
  r = (*source)->next();
  REQUIRE((r && *r));
  CHECK((*r)->row == 3);   // the third spreadsheet row …
  CHECK((*r)->line == 4);  // … starts on the fourth line of the file
  CHECK((*r)->raw == "2,z");
}

TEST_CASE("a bad header is refused before any row") {
  auto s = RecordSource::open("a,b,a\n1,2,3\n", InputKind::csv);
  REQUIRE_FALSE(s);
  CHECK(s.error().where == "line 1, column 3");
  s = RecordSource::open("", InputKind::csv);
  REQUIRE_FALSE(s);
  CHECK(s.error().message.find("empty") != std::string::npos);
  CHECK(
      RecordSource::open("a,b,,\n1,2\n", InputKind::csv));  // trailing empty header cells are fine
}

// Issue 16's leftovers: Boost.JSON kept the last copy of a repeated key, so an NDJSON record
// {"受伤情况":"有人受伤","受伤情况":"不详"} was imported as "不详" without a word.
TEST_CASE("an NDJSON record that repeats a key is refused naming the key, the others read") {
  auto s = RecordSource::open("{\"a\":1,\"b\":2}\n{\"a\":1,\"a\":2}\n{\"x\":{\"y\":1,\"y\":1}}\n",
                              InputKind::ndjson);
  REQUIRE(s);
  auto first = (*s)->next();
  REQUIRE((first && *first));
  CHECK((*first)->record.has_value());
  auto second = (*s)->next();
  REQUIRE((second && *second));
  CHECK((*second)->line == 2);
  REQUIRE_FALSE((*second)->record.has_value());
  CHECK((*second)->record.error().where == "a");
  CHECK((*second)->record.error().message.find("repeated") != std::string::npos);
  auto third = (*s)->next();
  REQUIRE((third && *third));
  REQUIRE_FALSE((*third)->record.has_value());
  CHECK((*third)->record.error().where == "x.y");
}

TEST_CASE("a CSV without a required column is refused naming it") {
  const auto& format = test::shipped_formats().at("hotline_12345");
  auto cols = check_columns(format, {"来电时间", "诉求内容"});
  REQUIRE_FALSE(cols);
  CHECK(cols.error().message.find(
            "missing column 工单编号 (→ external_id; also read as 工单号, 受理编号)") !=
        std::string::npos);
  // 诉求内容 is required on its own: the type column cannot stand in for it.
  cols = check_columns(format, {"工单编号", "受理时间", "诉求类型"});
  REQUIRE_FALSE(cols);
  CHECK(cols.error().message.find("missing column 诉求内容 (→ description") != std::string::npos);
  CHECK(check_columns(format, {"工单编号", "受理时间", "诉求内容"}));
  // Under another office's names, in any order.
  CHECK(check_columns(format, {"反映内容", "来电日期", "工单号"}));
  CHECK(unread_columns(format, {"反映内容", "回访人", "工单号"}) ==
        std::vector<std::string>{"回访人"});
}

TEST_CASE("an import maps, submits, rejects with row and reason, and sums up") {
  std::string text =
      std::string(k_header) +
      "A1,2026-11-24 09:30,王某,13800000001,欠薪,劳资纠纷,海珠区凤阳街第3社区,,\n"
      "A2,昨天,李某,13800000002,漏水,邻里纠纷,,,\n"
      "A3,2026-11-24 10:00,赵某,13800000003,\"噪音\n扰民\",邻里纠纷,某路口,,2026-11-26\n"
      "A4,2026-11-24 10:00,钱某,13800000004,,,,,\n"
      "A5,2026-11-24 10:00,孙某,13800000005,漏水,邻里纠纷,,,,多余\n";
  RecordingReceiver receiver;
  auto run = import_text(text, InputKind::csv, receiver);
  CHECK(run.summary.rows == 5);
  CHECK(run.summary.imported == 2);
  CHECK(run.summary.rejected == 3);
  CHECK(run.summary.unresolved_location == 1);
  CHECK(run.summary.by_street.at("凤阳") == 1);
  CHECK_FALSE(run.summary.stopped);
  auto lines = lines_of(run.rejects);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "\xEF\xBB\xBFrow,line,field,reason,record\r");
  CHECK(lines[1].starts_with("3,3,来电时间,"));
  CHECK(lines[2].starts_with("5,6,诉求内容,is required"));
  CHECK(lines[3].starts_with("6,7,,the row has 10 cells but the header has 9 columns"));
  const auto& a3 = receiver.stored.at({"hotline_12345", "A3"});
  CHECK(a3.description == "噪音\n扰民\n【诉求类型】邻里纠纷");
  CHECK(format_timestamp(*a3.reply_due) == "2026-11-26T23:59:59+08:00");
  auto summary = format_summary(run.summary, "x.rejects.csv");
  CHECK(summary.starts_with(
      "import: 5 rows: 2 imported, 0 duplicates, 3 rejected (see x.rejects.csv)\n"));
  CHECK(summary.find("location unresolved, sent to district intake for review: 1") !=
        std::string::npos);
}

TEST_CASE("re-importing the same file imports nothing twice") {
  std::string text = std::string(k_header) +
                     "B1,2026-11-24 09:30,王某,13800000001,欠薪,劳资纠纷,,,\n" +
                     "B2,2026-11-24 09:31,李某,13800000002,漏水,邻里纠纷,,,\n";
  RecordingReceiver receiver;
  auto first = import_text(text, InputKind::csv, receiver);
  CHECK(first.summary.imported == 2);
  auto second = import_text(text, InputKind::csv, receiver);
  CHECK(second.summary.imported == 0);
  CHECK(second.summary.duplicates == 2);
  CHECK(receiver.stored.size() == 2);
}

TEST_CASE("a receiver that fails stops the import, a re-run completes it without doubles") {
  std::string text = std::string(k_header);
  for (int i = 1; i <= 5; ++i)
    text += fmt::format("C{},2026-11-24 09:30,某,13800000001,欠薪,劳资纠纷,,,\n", i);
  RecordingReceiver receiver;
  receiver.fail_at = 3;
  auto first = import_text(text, InputKind::csv, receiver);
  REQUIRE(first.summary.stopped);
  CHECK(first.summary.stopped->where == "row 4");
  CHECK(first.summary.imported == 2);
  CHECK(first.summary.rejected == 0);
  auto second = import_text(text, InputKind::csv, receiver);
  CHECK_FALSE(second.summary.stopped);
  CHECK(second.summary.imported == 3);
  CHECK(second.summary.duplicates == 2);
  CHECK(receiver.stored.size() == 5);
}

TEST_CASE("NDJSON imports: a line that is not JSON is a rejected row, the others go in") {
  std::string text =
      "{\"警情编号\":\"N1\",\"报警时间\":\"2026-11-24 "
      "21:40\",\"简要案情\":\"打架\",\"受伤情况\":\"无人受伤\"}\n"
      "\n"
      "{\"警情编号\":\"N2\",\"报警时间\":\n"
      "[1,2]\n"
      "{\"警情编号\":\"N3\",\"报警时间\":\"2026-11-24 "
      "21:40\",\"简要案情\":\"打架\",\"受伤情况\":\"一人受伤\"}\n";
  RecordingReceiver receiver;
  auto run = import_text(text, InputKind::ndjson, receiver, "police_referral");
  CHECK(run.summary.rows == 4);
  CHECK(run.summary.imported == 2);
  CHECK(run.summary.rejected == 2);
  auto lines = lines_of(run.rejects);
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].starts_with("3,3,,invalid JSON"));
  CHECK(lines[2].starts_with("4,4,,a record must be a JSON object"));
  CHECK(receiver.stored.at({"police_referral", "N3"}).injuries);
}

TEST_CASE(
    "the sample records of every channel import from NDJSON, the malformed ones are all rejected") {
  for (const char* id : {"hotline_12345", "police_referral", "court_referral", "walk_in",
                         "online_form", "petition", "media_lead"}) {
    CAPTURE(id);
    std::ifstream good(test::source_dir() / "tests/data/adapters" / (std::string(id) + ".ndjson"));
    std::ifstream bad(test::source_dir() / "tests/data/adapters" /
                      (std::string(id) + "_bad.ndjson"));
    std::stringstream g, b;
    g << good.rdbuf();
    b << bad.rdbuf();
    RecordingReceiver receiver;
    auto ok_run = import_text(g.str(), InputKind::ndjson, receiver, id);
    CHECK(ok_run.summary.rejected == 0);
    CHECK(ok_run.summary.imported == ok_run.summary.rows);
    auto bad_run = import_text(b.str(), InputKind::ndjson, receiver, id);
    CHECK(bad_run.summary.imported == 0);
    CHECK(bad_run.summary.rejected == bad_run.summary.rows);
  }
}

TEST_CASE(
    "a 50,000-row hotline export in GB18030 imports with its known rejects, and re-imports "
    "nothing") {
  constexpr std::size_t n = 50000;
  auto gb = utf8_to_gb18030(generated_export(n));
  REQUIRE(gb);
  RecordingReceiver receiver;
  auto run = import_text(*gb, InputKind::csv, receiver);
  const std::size_t bad_time = n / 1000;
  std::size_t bad_due = 0;
  for (std::size_t i = 997; i <= n; i += 997) bad_due += i % 1000 != 0;
  CHECK(run.summary.rows == n);
  CHECK(run.summary.rejected == bad_time + bad_due);
  CHECK(run.summary.imported == n - bad_time - bad_due);
  CHECK(run.summary.unresolved_location > 0);
  CHECK(run.summary.by_street.size() == 19);  // 18 streets and the unresolved ""
  // The rejects file is CSV itself (its record cells hold line breaks): read it back as CSV.
  auto rejects = csv_records(run.rejects);
  REQUIRE(rejects.size() == 1 + run.summary.rejected);
  // Row 1000 of the data is spreadsheet row 1001; each record spans two lines after the header.
  auto has = [&](const char* row, const char* line, const char* field) {
    return std::count_if(rejects.begin(), rejects.end(), [&](const auto& r) {
             return r[0] == row && r[1] == line && r[2] == field;
           }) == 1;
  };
  CHECK(has("1001", "2000", "来电时间"));
  CHECK(has("998", "1994", "办理时限"));
  CHECK(rejects[1][4].starts_with("GZ-00000997,"));
  const auto& one = receiver.stored.at({"hotline_12345", "GZ-00000001"});
  CHECK(one.street == "新港");
  CHECK(one.community == "新港街第2社区");
  CHECK(one.claimant->name == "测试1号");

  auto again = import_text(*gb, InputKind::csv, receiver);
  CHECK(again.summary.imported == 0);
  CHECK(again.summary.duplicates == run.summary.imported);
}

namespace {
// A pipelined fake: holds outcomes until the importer waits, then hands them all back.
struct WindowedReceiver final : Receiver {
  RecordingReceiver inner;
  Submitter submit = inner.submitter();
  std::vector<std::pair<std::size_t, Result<SubmitOutcome>>> held;
  std::size_t max_in_flight = 0;
  Result<void> send(std::size_t tag, const MappedDispute& m) override {
    held.emplace_back(tag, submit(m));
    max_in_flight = std::max(max_in_flight, held.size());
    return ok;
  }
  Result<std::vector<std::pair<std::size_t, Result<SubmitOutcome>>>> collect(bool wait) override {
    if (!wait) return std::vector<std::pair<std::size_t, Result<SubmitOutcome>>>{};
    return std::exchange(held, {});
  }
  std::size_t in_flight() const override { return held.size(); }
};
}  // namespace

TEST_CASE(
    "a pipelined import keeps at most its window in flight and settles every row, even when the "
    "input breaks off") {
  std::string text = std::string(k_header);
  for (int i = 1; i <= 20; ++i)
    text += fmt::format("P{},2026-11-24 09:30,某,13800000001,欠薪,劳资纠纷,,,\n", i);
  text += "P21,2026-11-24 09:30,某,13800000001,\"never closed\n";
  const auto& format = test::shipped_formats().at("hotline_12345");
  auto source = RecordSource::open(text, InputKind::csv);
  REQUIRE(source);
  std::ostringstream rejects_out;
  RejectWriter rejects(rejects_out);
  WindowedReceiver receiver;
  auto s = run_import(format, nullptr, {}, **source, receiver, 8, rejects, nullptr);
  CHECK(receiver.max_in_flight == 8);
  CHECK(s.rows == 20);
  CHECK(s.imported == 20);
  REQUIRE(s.stopped);
  CHECK(s.stopped->message.find("not closed") != std::string::npos);
  CHECK(receiver.inner.stored.size() == 20);
}

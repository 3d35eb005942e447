#include "adapters/csv.hpp"

#include <doctest/doctest.h>

#include "adapters/encoding.hpp"

using namespace tiaojie;
using namespace tiaojie::adapters;

namespace {
std::vector<CsvRecord> read_all(std::string_view text, char delimiter = ',') {
  CsvReader reader(text, delimiter);
  std::vector<CsvRecord> out;
  for (;;) {
    auto r = reader.next();
    REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
    if (!*r) break;
    out.push_back(std::move(**r));
  }
  return out;
}
}  // namespace

TEST_CASE("CSV as Excel writes it: quotes, doubled quotes, line breaks in cells, CRLF") {
  auto rows =
      read_all("a,b,c\r\n1,\"他说\"\"你好\"\"\",\"第一行\r\n第二行\"\r\n\r\n2,,\"\"\r\n3,x,y");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(rows[1].fields == std::vector<std::string>{"1", "他说\"你好\"", "第一行\r\n第二行"});
  CHECK(rows[1].line == 2);
  CHECK(rows[2].fields == std::vector<std::string>{"2", "", ""});
  CHECK(rows[2].line == 5);  // after the two-line cell and a blank line
  CHECK(rows[3].fields == std::vector<std::string>{"3", "x", "y"});
}

TEST_CASE("a quote inside an unquoted cell is kept as text, as Excel reads it") {
  auto rows = read_all("a,b\n5\"寸,x\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].fields[0] == "5\"寸");
}

TEST_CASE("a quoted cell left open is an error at the line it starts") {
  CsvReader reader("a,b\n1,\"open\n2,3\n");
  REQUIRE(reader.next());
  auto r = reader.next();
  REQUIRE_FALSE(r);
  CHECK(r.error().where == "line 2");
  CHECK(r.error().message.find("not closed") != std::string::npos);
}

TEST_CASE("tab-separated text is recognised by its header") {
  CHECK(sniff_delimiter("工单编号\t来电时间\n1\t2") == '\t');
  CHECK(sniff_delimiter("工单编号,来电时间\n") == ',');
  auto rows = read_all("a\tb\n1\t2\n", '\t');
  CHECK(rows[1].fields == std::vector<std::string>{"1", "2"});
}

TEST_CASE("GB18030 files decode to UTF-8, detected or named") {
  auto gb = utf8_to_gb18030("工单编号,诉求内容\n1,楼上漏水\n");
  REQUIRE(gb);
  CHECK(gb->size() <
        std::string_view("工单编号,诉求内容\n1,楼上漏水\n").size());  // two bytes a character
  auto text = decode_to_utf8(*gb, TextEncoding::auto_detect);
  REQUIRE(text);
  CHECK(text->detected == TextEncoding::gb18030);
  CHECK(text->utf8 == "工单编号,诉求内容\n1,楼上漏水\n");
  text = decode_to_utf8(*gb, TextEncoding::gb18030);
  REQUIRE(text);
  CHECK(text->utf8 == "工单编号,诉求内容\n1,楼上漏水\n");
}

TEST_CASE("a UTF-8 byte-order mark is dropped and UTF-16LE with a BOM is read") {
  auto text = decode_to_utf8("\xEF\xBB\xBF工单编号", TextEncoding::auto_detect);
  REQUIRE(text);
  CHECK(text->utf8 == "工单编号");
  // "工单" in UTF-16LE: U+5DE5 U+5355.
  text = decode_to_utf8(std::string_view("\xFF\xFE\xE5\x5D\x55\x53", 6), TextEncoding::auto_detect);
  REQUIRE(text);
  CHECK(text->detected == TextEncoding::utf16le);
  CHECK(text->utf8 == "工单");
}

TEST_CASE("bytes that are not text in the encoding are refused with their offset") {
  auto text = decode_to_utf8("ok\xff\xfe", TextEncoding::utf8);
  REQUIRE_FALSE(text);
  CHECK(text.error().where == "byte 2");
  text = decode_to_utf8("ab\x81", TextEncoding::gb18030);  // a lead byte with nothing after it
  REQUIRE_FALSE(text);
  CHECK(text.error().where == "byte 2");
  CHECK(parse_encoding("GBK") == TextEncoding::gb18030);
  CHECK_FALSE(parse_encoding("latin1"));
}

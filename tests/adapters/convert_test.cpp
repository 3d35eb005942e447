#include "adapters/convert.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace tiaojie;
using namespace tiaojie::adapters;

TEST_CASE("amounts are read in the ways Chinese forms write them") {
  struct Case {
    const char* text;
    double yuan;
  };
  const Case cases[] = {
      {"400000", 400000},   {"400,000", 400000},  {"400,000.50", 400000.5},
      {"¥400,000", 400000}, {"￥1200", 1200},     {"人民币40万元", 400000},
      {"40万元", 400000},   {"40.5万", 405000},   {"1.2亿元", 1.2e8},
      {"四十万元", 400000}, {"约3千元", 3000},    {"８０００元", 8000},
      {" 9000元整 ", 9000}, {"三千五百元", 3500}, {"两万", 20000},
      {"十万", 100000},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto v = parse_amount(c.text);
    REQUIRE(v);
    CHECK(*v == doctest::Approx(c.yuan));
  }
  for (const char* bad : {"", "若干", "五万美元", "-500", "40万万", "1.2.3", "元"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_amount(bad));
  }
}

TEST_CASE("counts of people accept numbers, units and lower bounds") {
  CHECK(parse_count("32") == 32);
  CHECK(parse_count("32人") == 32);
  CHECK(parse_count("三十二人") == 32);
  CHECK(parse_count("30余人") == 30);
  CHECK(parse_count("30多名") == 30);
  CHECK(parse_count("约30户") == 30);
  CHECK(parse_count("双方") == 2);
  CHECK(parse_count("１２人") == 12);
  CHECK_FALSE(parse_count("很多人"));
  CHECK_FALSE(parse_count("-3"));
  CHECK_FALSE(parse_count(""));
}

TEST_CASE("Chinese numerals read as integers") {
  CHECK(parse_chinese_integer("十") == 10);
  CHECK(parse_chinese_integer("十二") == 12);
  CHECK(parse_chinese_integer("两千零五") == 2005);
  CHECK(parse_chinese_integer("一亿两千万") == 120000000);
  CHECK(parse_chinese_integer("三万五千") == 35000);
  CHECK_FALSE(parse_chinese_integer("十二个"));
  CHECK_FALSE(parse_chinese_integer(""));
}

TEST_CASE("Chinese numerals past 2^53 are refused before they overflow") {
  // The fuzzer's 涉及人数 "三千二亿亿人": 3002 亿 times 亿 overflowed int64 (UBSan).
  CHECK_FALSE(parse_chinese_integer("三千二亿亿"));
  CHECK_FALSE(parse_count("三千二亿亿人"));
  CHECK_FALSE(parse_chinese_integer("九千万亿亿"));
  CHECK(parse_chinese_integer("九千万亿") == 9000000000000000);  // 9e15 < 2^53, exact
}

TEST_CASE("local date-times are read with the channel's layouts as Asia/Shanghai time") {
  const std::vector<std::string> layouts = {"%Y年%m月%d日 %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d"};
  auto t = parse_local_datetime("2026年11月24日 09:30", layouts);
  REQUIRE(t);
  CHECK(t->has_time);
  CHECK(format_timestamp(t->instant) == "2026-11-24T09:30:00+08:00");
  t = parse_local_datetime("2026/11/24 9:30:00", layouts);
  REQUIRE(t);
  CHECK(format_timestamp(t->instant) == "2026-11-24T09:30:00+08:00");
  t = parse_local_datetime("２０２６年１１月２４日　09:30",
                           layouts);  // full-width digits and space
  REQUIRE(t);
  CHECK(format_timestamp(t->instant) == "2026-11-24T09:30:00+08:00");
  t = parse_local_datetime("2026-11-24", layouts);
  REQUIRE(t);
  CHECK_FALSE(t->has_time);
  CHECK(format_timestamp(t->instant) == "2026-11-24T00:00:00+08:00");
  CHECK_FALSE(parse_local_datetime("2026-02-30", layouts));
  CHECK_FALSE(parse_local_datetime("2026年11月24日 24:30", layouts));
  CHECK_FALSE(parse_local_datetime("2026年11月24日 09:30 extra", layouts));
  CHECK_FALSE(parse_local_datetime("24/11/2026", layouts));
}

TEST_CASE("trim removes ideographic and no-break spaces around cell text") {
  CHECK(trim("\xE3\x80\x80 凤阳 \xC2\xA0") == "凤阳");
  CHECK(trim("   ").empty());
  CHECK(fold_full_width("１２３，ＡＢ") == "123,AB");
}

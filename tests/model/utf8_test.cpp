#include "model/utf8.hpp"

#include <doctest/doctest.h>

using namespace tiaojie;

TEST_CASE("well-formed UTF-8 is accepted, including four-byte sequences") {
  CHECK(is_valid_utf8("海珠区 Haizhu"));
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));
  CHECK(utf8_length("海珠区") == 3);
}

TEST_CASE("ill-formed UTF-8 is found at its first bad byte") {
  CHECK(first_invalid_utf8("ab\xff") == 2);
  CHECK(first_invalid_utf8("\xC0\xAF") == 0);          // overlong '/'
  CHECK(first_invalid_utf8("x\xED\xA0\x80") == 1);     // encoded surrogate U+D800
  CHECK(first_invalid_utf8("\xE6\xB5") == 0);          // truncated
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 0);  // above U+10FFFF
}

TEST_CASE("prefixes never cut a code point") {
  CHECK(utf8_prefix("海珠区", 4) == "海");
  CHECK(utf8_prefix("海珠区", 6) == "海珠");
  CHECK(utf8_prefix("ab", 10) == "ab");
}

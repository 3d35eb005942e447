// The log's second line of defence (daemon/log.hpp): personal numbers are starred by their shape;
// identifiers operators copy out of the log (rule-set versions, work-order numbers) are left alone.
#include <doctest/doctest.h>

#include "daemon/log.hpp"

using tiaojie::daemon::mask_personal_data;

TEST_CASE(
    "mobile numbers are masked: 1[3-9] and nine digits, alone, after +86 or inside Chinese text") {
  CHECK(mask_personal_data("13800001234") == "138******34");
  CHECK(mask_personal_data("call 19912345678 now") == "call 199******78 now");
  CHECK(mask_personal_data("联系电话13800001234，请回电") == "联系电话138******34，请回电");
  CHECK(mask_personal_data("+86 13800001234") == "+86 138******34");
  CHECK(mask_personal_data("+8613800001234") == "+86138******34");
  CHECK(mask_personal_data("phone=15000001234;") == "phone=150******34;");
  // Not mobiles: 12 as the prefix, ten or twelve digits.
  CHECK(mask_personal_data("12800001234") == "12800001234");
  CHECK(mask_personal_data("1380000123") == "1380000123");
  CHECK(mask_personal_data("138000012345") == "138000012345");
}

TEST_CASE("resident ID numbers are masked when the check character is valid (GB 11643)") {
  CHECK(mask_personal_data("身份证11010519491231002X") == "身份证110*************2X");
  CHECK(mask_personal_data("id 11010519491231002x.") == "id 110*************2x.");
  CHECK(mask_personal_data("440106199003071231") == "440*************31");
  // A wrong check character: 18 digits that are not an ID number stay.
  CHECK(mask_personal_data("440106199003071232") == "440106199003071232");
  CHECK(mask_personal_data("11010519491231002Y") == "11010519491231002Y");
}

TEST_CASE(
    "landline numbers are masked: area code with -, space or parentheses, or written together") {
  CHECK(mask_personal_data("020-84123456") == "020-******56");
  CHECK(mask_personal_data("0755-1234567") == "0755-*****67");
  CHECK(mask_personal_data("tel 010 61234567") == "tel 010 ******67");
  CHECK(mask_personal_data("(020)84123456") == "(020)******56");
  CHECK(mask_personal_data("(020) 84123456") == "(020) ******56");
  CHECK(mask_personal_data("电话02084123456") == "电话020******56");
  CHECK(mask_personal_data("07551234567") == "0755*****67");
}

TEST_CASE("bank card numbers with a valid Luhn digit are masked") {
  CHECK(mask_personal_data("card 6222021234567890128") == "card 622**************28");
  CHECK(mask_personal_data("6222021234567890123") == "6222021234567890123");
}

TEST_CASE("hex ids and work-order numbers are left alone (the old mask starred any 7 digits)") {
  // Rule-set versions, as logged ("rules version OLD -> NEW") and then given to `rules export`.
  CHECK(mask_personal_data("rules version eb0280a1288f2ebf -> 6019dbb1eac7b78c") ==
        "rules version eb0280a1288f2ebf -> 6019dbb1eac7b78c");
  CHECK(mask_personal_data("eb0280a1288f2ebfb") == "eb0280a1288f2ebfb");
  CHECK(mask_personal_data("v 1288123456789012a") == "v 1288123456789012a");
  // 12345 work orders and other external ids.
  CHECK(mask_personal_data("external_id 12345-20261124-000123") ==
        "external_id 12345-20261124-000123");
  CHECK(mask_personal_data("WO-13800001234") == "WO-13800001234");
  CHECK(mask_personal_data("GD13800001234") == "GD13800001234");
  CHECK(mask_personal_data("hotline_13800001234") == "hotline_13800001234");
  // Dates, times, case ids and counts.
  CHECK(mask_personal_data("2026-11-24T09:30:00+08:00 case 466 took 1234567 us") ==
        "2026-11-24T09:30:00+08:00 case 466 took 1234567 us");
  CHECK(mask_personal_data("") == "");
}

#include "model/time.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace tiaojie {
namespace {

using namespace std::chrono;

// Reads exactly `digits` decimal digits at `pos`, advancing it. Only digits: std::from_chars
// alone would take "-1" as two digits ("T-1:00" read as the previous day's 23:00).
std::optional<int> read_number(std::string_view text, std::size_t& pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  pos += digits;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

std::optional<CivilDate> read_date(std::string_view text, std::size_t& pos) {
  auto y = read_number(text, pos, 4);
  if (!y || !expect(text, pos, '-')) return std::nullopt;
  auto m = read_number(text, pos, 2);
  if (!m || !expect(text, pos, '-')) return std::nullopt;
  auto d = read_number(text, pos, 2);
  if (!d) return std::nullopt;
  CivilDate date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  std::size_t pos = 0;
  auto date = read_date(text, pos);
  if (!date) return std::nullopt;
  if (!(expect(text, pos, 'T') || expect(text, pos, 't') || expect(text, pos, ' ')))
    return std::nullopt;
  auto hh = read_number(text, pos, 2);
  if (!hh || !expect(text, pos, ':')) return std::nullopt;
  auto mm = read_number(text, pos, 2);
  if (!mm) return std::nullopt;
  int ss = 0;
  if (expect(text, pos, ':')) {
    auto s = read_number(text, pos, 2);
    if (!s) return std::nullopt;
    ss = *s;
  }
  if (*hh > 23 || *mm > 59 || ss > 60) return std::nullopt;  // 60: a leap second, folded below
  if (expect(text, pos, '.') || expect(text, pos, ',')) {
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos, ++digits;
    if (digits == 0) return std::nullopt;
  }
  seconds offset = k_shanghai_offset;
  if (pos < text.size()) {
    char sign = text[pos];
    if (sign == 'Z' || sign == 'z') {
      offset = seconds{0};
      ++pos;
    } else if (sign == '+' || sign == '-') {
      ++pos;
      auto oh = read_number(text, pos, 2);
      if (!oh) return std::nullopt;
      expect(text, pos, ':');
      auto om = read_number(text, pos, 2);
      if (!om || *oh > 23 || *om > 59) return std::nullopt;
      offset = hours{*oh} + minutes{*om};
      if (sign == '-') offset = -offset;
    } else {
      return std::nullopt;
    }
  }
  if (pos != text.size()) return std::nullopt;
  auto local = sys_days{*date} + hours{*hh} + minutes{*mm} + seconds{std::min(ss, 59)};
  return time_point_cast<seconds>(local - offset);
}

std::string format_timestamp(Timestamp t) {
  auto local = t + k_shanghai_offset;
  auto days = floor<std::chrono::days>(local);
  CivilDate date{days};
  hh_mm_ss<seconds> tod{local - days};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     tod.hours().count(), tod.minutes().count(), tod.seconds().count());
}

CivilDate shanghai_date(Timestamp t) { return CivilDate{floor<days>(t + k_shanghai_offset)}; }

std::chrono::seconds shanghai_time_of_day(Timestamp t) {
  auto local = t + k_shanghai_offset;
  return local - floor<days>(local);
}

Timestamp shanghai_midnight(CivilDate date) {
  return time_point_cast<seconds>(sys_days{date}) - k_shanghai_offset;
}

std::string format_date(CivilDate date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::optional<CivilDate> parse_date(std::string_view text) {
  std::size_t pos = 0;
  auto date = read_date(text, pos);
  if (!date || pos != text.size()) return std::nullopt;
  return date;
}

}  // namespace tiaojie

#include "adapters/convert.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace tiaojie::adapters {
namespace {

using namespace std::chrono;

bool consume_prefix(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool consume_suffix(std::string_view& s, std::string_view suffix) {
  if (!s.ends_with(suffix)) return false;
  s.remove_suffix(suffix.size());
  return true;
}

// Strips any of `affixes` from the front (or back) until none applies, so that "约共计" and
// "元整" both go.
void strip_prefixes(std::string_view& s, std::span<const std::string_view> affixes) {
  for (bool again = true; again;) {
    again = false;
    for (auto a : affixes) again = consume_prefix(s, a) || again;
    s = trim(s);
  }
}
void strip_suffixes(std::string_view& s, std::span<const std::string_view> affixes) {
  for (bool again = true; again;) {
    again = false;
    for (auto a : affixes) again = consume_suffix(s, a) || again;
    s = trim(s);
  }
}

std::optional<double> parse_decimal(std::string_view s) {
  std::string digits;
  for (char c : s) {
    if (c == ',' || c == ' ') continue;  // thousands separators
    if (!((c >= '0' && c <= '9') || c == '.')) return std::nullopt;
    digits.push_back(c);
  }
  if (digits.empty() || digits.front() == '.' || digits.back() == '.') return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// One Chinese numeral character: a digit 0–9, or a unit (10, 100, …) when `unit` is set.
struct Numeral {
  std::string_view text;
  std::int64_t value;
  bool unit;
};
constexpr std::array<Numeral, 17> k_numerals{{
    {"零", 0, false},
    {"〇", 0, false},
    {"一", 1, false},
    {"二", 2, false},
    {"两", 2, false},
    {"三", 3, false},
    {"四", 4, false},
    {"五", 5, false},
    {"六", 6, false},
    {"七", 7, false},
    {"八", 8, false},
    {"九", 9, false},
    {"十", 10, true},
    {"百", 100, true},
    {"千", 1000, true},
    {"万", 10000, true},
    {"亿", 100000000, true},
}};

std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t min,
                               std::size_t max) {
  std::size_t n = 0;
  int value = 0;
  while (n < max && pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++n;
  }
  if (n < min) return std::nullopt;
  return value;
}

}  // namespace

std::string_view trim(std::string_view s) {
  constexpr std::string_view k_spaces[] = {" ",  "\t",           "\r",       "\n",          "\v",
                                           "\f", "\xE3\x80\x80", "\xC2\xA0", "\xEF\xBB\xBF"};
  for (bool again = true; again;) {
    again = false;
    for (auto sp : k_spaces) {
      if (consume_prefix(s, sp) || consume_suffix(s, sp)) again = true;
    }
  }
  return s;
}

std::string fold_full_width(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b == 0xEF && i + 2 < text.size()) {
      unsigned cp = ((b & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                    (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFEE0));
        i += 2;
        continue;
      }
    } else if (b == 0xE3 && text.substr(i, 3) == "\xE3\x80\x80") {
      out.push_back(' ');
      i += 2;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

std::optional<LocalDateTime> parse_local_datetime(std::string_view raw,
                                                  std::span<const std::string> layouts) {
  std::string folded = fold_full_width(trim(raw));
  std::string_view text = folded;
  for (const auto& layout : layouts) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    bool has_time = false, ok = true;
    std::size_t pos = 0;
    for (std::size_t i = 0; ok && i < layout.size(); ++i) {
      char c = layout[i];
      if (c == '%' && i + 1 < layout.size() && layout[i + 1] != '%') {
        char field = layout[++i];
        std::optional<int> v =
            field == 'Y' ? read_digits(text, pos, 4, 4) : read_digits(text, pos, 1, 2);
        if (!v) {
          ok = false;
          break;
        }
        switch (field) {
          case 'Y':
            y = *v;
            break;
          case 'm':
            mo = *v;
            break;
          case 'd':
            d = *v;
            break;
          case 'H':
            h = *v;
            has_time = true;
            break;
          case 'M':
            mi = *v;
            break;
          case 'S':
            s = *v;
            break;
          default:
            ok = false;
        }
      } else if (c == ' ') {
        if (pos >= text.size() || text[pos] != ' ') {
          ok = false;
          break;
        }
        while (pos < text.size() && text[pos] == ' ') ++pos;
      } else {
        if (c == '%') ++i;  // "%%"
        if (pos >= text.size() || text[pos] != c) {
          ok = false;
          break;
        }
        ++pos;
      }
    }
    if (!ok || pos != text.size()) continue;
    year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
    Timestamp t = sys_days{date} + hours{h} + minutes{mi} + seconds{s} - k_shanghai_offset;
    return LocalDateTime{t, has_time};
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_chinese_integer(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // Beyond 2^53 a double (parse_amount's result) is no longer exact: refused. Checked before
  // each multiplication by a unit, which would overflow first ("三千二亿亿" is 3.002e19).
  constexpr std::int64_t k_max = std::int64_t{1} << 53;
  std::int64_t total = 0, section = 0, number = 0;
  bool any = false;
  while (!text.empty()) {
    const Numeral* hit = nullptr;
    for (const auto& n : k_numerals) {
      if (text.starts_with(n.text)) {
        hit = &n;
        break;
      }
    }
    if (!hit) return std::nullopt;
    text.remove_prefix(hit->text.size());
    any = true;
    if (!hit->unit) {
      number = hit->value;
    } else if (hit->value < 10000) {
      if (number == 0 && hit->value == 10) number = 1;  // "十二" = 12
      section += number * hit->value;
      number = 0;
    } else if (hit->value == 10000) {
      if (section + number > k_max / 10000) return std::nullopt;
      total += (section + number) * 10000;
      section = number = 0;
    } else {
      if (total + section + number > k_max / 100000000) return std::nullopt;
      total = (total + section + number) * 100000000;
      section = number = 0;
    }
    if (total > k_max) return std::nullopt;
  }
  if (!any) return std::nullopt;
  return total + section + number;
}

std::optional<double> parse_amount(std::string_view raw) {
  std::string folded = fold_full_width(trim(raw));
  std::string_view s = trim(folded);
  static constexpr std::string_view k_prefixes[] = {"人民币", "RMB",  "CNY", "¥",  "￥",  "约",
                                                    "共计",   "合计", "共",  "计", "大约"};
  static constexpr std::string_view k_suffixes[] = {"整", "元",   "圆", "块钱",
                                                    "块", "左右", "余", "多"};
  strip_prefixes(s, k_prefixes);
  strip_suffixes(s, k_suffixes);
  if (s.empty()) return std::nullopt;
  if (auto v = parse_decimal(s)) return v;
  // "40万", "1.2亿", "3千": a decimal then one Chinese unit.
  static constexpr std::pair<std::string_view, double> k_units[] = {
      {"亿", 1e8}, {"万", 1e4}, {"千", 1e3}};
  for (auto [unit, factor] : k_units) {
    std::string_view head = s;
    if (consume_suffix(head, unit)) {
      if (auto v = parse_decimal(trim(head))) return *v * factor;
    }
  }
  if (auto v = parse_chinese_integer(s)) return static_cast<double>(*v);
  return std::nullopt;
}

std::optional<std::int64_t> parse_count(std::string_view raw) {
  std::string folded = fold_full_width(trim(raw));
  std::string_view s = trim(folded);
  if (s == "双方") return 2;
  static constexpr std::string_view k_prefixes[] = {"约", "共计", "共", "计", "大约"};
  static constexpr std::string_view k_suffixes[] = {"人", "名", "户", "位",  "个",
                                                    "方", "余", "多", "左右"};
  strip_prefixes(s, k_prefixes);
  strip_suffixes(s, k_suffixes);
  if (s.empty()) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc{} && end == s.data() + s.size()) {
    if (value < 0) return std::nullopt;
    return value;
  }
  return parse_chinese_integer(s);
}

}  // namespace tiaojie::adapters

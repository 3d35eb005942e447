// mask_personal_data (daemon/log.hpp): recognises the shapes of personal numbers instead of
// starring every long run of digits, which also starred rule-set versions ("eb028***88f2ebfb",
// then useless to `rules export --version`) and work-order numbers.
#include <array>
#include <string>
#include <string_view>

#include "daemon/log.hpp"

namespace tiaojie::daemon {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// A character that joins an identifier: a number next to one is part of a longer id (a hex
// version, a work order "12345-20261124-000123"), not a number on its own.
bool joins_token(char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; }

bool at_start(std::string_view t, std::size_t i) { return i == 0 || !joins_token(t[i - 1]); }
bool at_end(std::string_view t, std::size_t j) { return j >= t.size() || !joins_token(t[j]); }

std::size_t digits_from(std::string_view t, std::size_t i) {
  std::size_t j = i;
  while (j < t.size() && is_digit(t[j])) ++j;
  return j - i;
}

// 1[3-9] and nine more digits.
bool is_mobile(std::string_view d) {
  return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

// GB 11643 (ISO 7064 MOD 11-2): 17 digits and a check character 0-9 or X.
bool is_resident_id(std::string_view id) {
  static constexpr std::array<int, 17> weights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view checks = "10X98765432";
  if (id.size() != 18) return false;
  int sum = 0;
  for (std::size_t k = 0; k < 17; ++k) {
    if (!is_digit(id[k])) return false;
    sum += (id[k] - '0') * weights[k];
  }
  char last = id[17] == 'x' ? 'X' : id[17];
  return checks[static_cast<std::size_t>(sum % 11)] == last;
}

// Bank card numbers: 16 to 19 digits with a valid Luhn check digit.
bool is_bank_card(std::string_view d) {
  if (d.size() < 16 || d.size() > 19) return false;
  int sum = 0;
  for (std::size_t k = 0; k < d.size(); ++k) {
    int v = d[d.size() - 1 - k] - '0';
    if (k % 2 == 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  return sum % 10 == 0;
}

// The first three and last two characters kept: "13800001234" -> "138******34".
void append_masked(std::string& out, std::string_view s, std::size_t head = 3,
                   std::size_t tail = 2) {
  out += s.substr(0, head);
  out.append(s.size() - head - tail, '*');
  out += s.substr(s.size() - tail);
}

// A landline at `i`: an area code 0NN or 0NNN, alone or in parentheses, then "-", " " or ")" and
// 7 or 8 digits; or the same digits written together (0 and 9 to 11 more). Returns the length of
// the match (0: none) and appends its masked form: the area code stays, the number is starred
// but for its last two digits.
std::size_t match_landline(std::string_view t, std::size_t i, std::string& out) {
  std::size_t p = i;
  bool paren = t[p] == '(';
  if (paren) ++p;
  std::size_t area = digits_from(t, p);
  if (p >= t.size() || t[p] != '0') return 0;
  if (!paren && area >= 10 && area <= 12 && at_end(t, p + area)) {  // 02012345678
    std::size_t code = t[p + 1] == '1' || t[p + 1] == '2' ? 3 : 4;  // 010, 02X: three digits
    out += t.substr(i, p + code - i);
    append_masked(out, t.substr(p + code, area - code), 0, 2);
    return p + area - i;
  }
  if (area != 3 && area != 4) return 0;
  std::size_t q = p + area;
  if (paren) {
    if (q >= t.size() || t[q] != ')') return 0;
    ++q;
    if (q < t.size() && t[q] == ' ') ++q;
  } else {
    if (q >= t.size() || (t[q] != '-' && t[q] != ' ')) return 0;
    ++q;
  }
  std::size_t number = digits_from(t, q);
  if ((number != 7 && number != 8) || !at_end(t, q + number)) return 0;
  out += t.substr(i, q - i);
  append_masked(out, t.substr(q, number), 0, 2);
  return q + number - i;
}

}  // namespace

std::string mask_personal_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!at_start(text, i) || (!is_digit(c) && c != '(')) {
      // Not the start of a number: copy a whole identifier at once, so that no digits inside a hex
      // version or a work-order number are looked at.
      std::size_t j = i + 1;
      if (joins_token(c)) {
        while (j < text.size() && joins_token(text[j])) ++j;
      }
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    if (std::size_t n = match_landline(text, i, out)) {
      i += n;
      continue;
    }
    if (c == '(') {
      out.push_back(c);
      ++i;
      continue;
    }
    const std::size_t run = digits_from(text, i);
    std::string_view digits = text.substr(i, run);
    std::size_t len = run;
    if (run == 17 && i + 17 < text.size() && (text[i + 17] == 'X' || text[i + 17] == 'x')) len = 18;
    std::string_view token = text.substr(i, len);
    if (!at_end(text, i + len)) {
      // Digits that run into letters: an identifier (a hex version), left as it is.
      std::size_t j = i + len;
      while (j < text.size() && joins_token(text[j])) ++j;
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    if (is_mobile(token) || is_resident_id(token) || is_bank_card(token)) {
      append_masked(out, token);
    } else if (digits.size() == 13 && digits.starts_with("86") && is_mobile(digits.substr(2))) {
      append_masked(out, token, 5, 2);  // 86 and a mobile: 8613800001234
    } else {
      out.append(token);
    }
    i += len;
  }
  return out;
}

}  // namespace tiaojie::daemon

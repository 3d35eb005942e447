#include "replay/internal/stored_dispute.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "model/dispute_json.hpp"
#include "model/time.hpp"
#include "model/utf8.hpp"

namespace tiaojie::replay::internal {
namespace {

const DisputeLimits k_limits{};  // the strict parser's defaults

// is_valid_utf8 with a fast path for what descriptions are made of: ASCII and the three-byte
// sequences E1–EC / EE–EF (all CJK). Anything else is left to is_valid_utf8 from that point.
bool valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = s[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
               (s[i + 2] & 0xC0) == 0x80) {
      i += 3;
    } else {
      return is_valid_utf8(text.substr(i));
    }
  }
  return true;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool at(char c) const { return p_ < end_ && *p_ == c; }
  bool eat(char c) {
    if (!at(c)) return false;
    ++p_;
    return true;
  }
  bool done() const { return p_ == end_; }

  // A key, as the raw bytes between its quotes: the caller compares it with the field names, so
  // a key that is not exactly one of them (an escape, any other byte) declines.
  bool key(std::string_view& out) {
    if (!eat('"')) return false;
    const void* close = std::memchr(p_, '"', static_cast<std::size_t>(end_ - p_));
    if (close == nullptr) return false;
    const char* start = p_;
    p_ = static_cast<const char*>(close);
    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return eat(':');
  }

  // A string value of at most `max` bytes of valid UTF-8 into `out`; escapes other than \uXXXX
  // are decoded, control bytes refused.
  bool string(std::string& out, std::size_t max) {
    // The usual string (no escape, ASCII and CJK only) is checked in one pass and copied whole.
    if (const char* close = plain_run(); close != nullptr) {
      if (static_cast<std::size_t>(close - p_) > max) return false;
      out.assign(p_, close);
      p_ = close + 1;
      return true;
    }
    return string_into(out) && out.size() <= max && valid_utf8(out);
  }
  // The same, as a view: into the text for the usual string, into a scratch copy (valid until
  // the next call) for one with escapes. Timestamps are read this way: at 25 bytes they are past
  // std::string's in-place buffer, and a copy cost an allocation per field.
  bool string_view(std::string_view& out, std::size_t max) {
    if (const char* close = plain_run(); close != nullptr) {
      if (static_cast<std::size_t>(close - p_) > max) return false;
      out = std::string_view(p_, static_cast<std::size_t>(close - p_));
      p_ = close + 1;
      return true;
    }
    if (!string(scratch_, max)) return false;
    out = scratch_;
    return true;
  }

  // The same, checked and skipped (the usual string is not copied).
  bool skip_string(std::size_t max) {
    if (const char* close = plain_run(); close != nullptr) {
      if (static_cast<std::size_t>(close - p_) > max) return false;
      p_ = close + 1;
      return true;
    }
    return string(scratch_, max);
  }

  bool boolean(bool& out) {
    if (literal("true")) return out = true, true;
    if (literal("false")) return out = false, true;
    return false;
  }

  // A non-negative integer of at most 15 digits (what parties is written as).
  bool count(std::int64_t& out) {
    const char* start = p_;
    std::int64_t n = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') n = n * 10 + (*p_++ - '0');
    const auto digits = p_ - start;
    if (digits == 0 || digits > 15 || (digits > 1 && *start == '0')) return false;
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    out = n;
    return true;
  }

  // A JSON number as a double. std::from_chars rounds correctly, as Boost.JSON's parser does for
  // the shortest round-trip form the canonical writer emits.
  bool number(double& out) {
    const char* start = p_;
    if (at('-')) return false;  // amounts are never negative
    while (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '.' || *p_ == 'e' || *p_ == 'E' ||
                         *p_ == '+' || *p_ == '-')) {
      ++p_;
    }
    if (p_ == start || *start == '.' || (p_ - start > 1 && *start == '0' && start[1] != '.'))
      return false;
    auto [ptr, ec] = std::from_chars(start, p_, out);
    return ec == std::errc{} && ptr == p_;
  }

  // Skips a party object: name, phone, id_number, strings.
  bool party() {
    if (!eat('{')) return false;
    if (eat('}')) return true;
    std::string_view k;
    do {
      if (!key(k) || !(k == "name" || k == "phone" || k == "id_number") ||
          !skip_string(k_limits.max_short_text)) {
        return false;
      }
    } while (eat(','));
    return eat('}');
  }

 private:
  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // When a string value starts here whose bytes are printable ASCII other than backslash and
  // well-formed three-byte sequences E1–EC / EE–EF (all of CJK), steps past its opening quote and
  // returns its closing quote; otherwise nullptr and nothing is consumed.
  const char* plain_run() {
    if (!at('"')) return nullptr;
    const auto* s = reinterpret_cast<const unsigned char*>(p_ + 1);
    const auto* end = reinterpret_cast<const unsigned char*>(end_);
    while (s < end) {
      const unsigned c = *s;
      if (c == '"') {
        ++p_;
        return reinterpret_cast<const char*>(s);
      }
      if (c >= 0x20 && c < 0x80 && c != '\\') {
        ++s;
        // Runs of ASCII (ids, phone numbers, times) eight bytes at a time.
        while (end - s >= 8 && plain_ascii8(s)) s += 8;
      } else if (c >= 0xE1 && c <= 0xEF && c != 0xED && end - s > 2 && (s[1] & 0xC0) == 0x80 &&
                 (s[2] & 0xC0) == 0x80) {
        s += 3;
      } else {
        return nullptr;
      }
    }
    return nullptr;
  }

  // True when the eight bytes at `s` are all printable ASCII other than '"' and backslash
  // (SWAR: a byte's high bit is set in `bad` where one of the tests finds it; a test may also
  // flag a byte after a true hit, never when there is none).
  static bool plain_ascii8(const unsigned char* s) {
    std::uint64_t v = 0;
    std::memcpy(&v, s, 8);
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const std::uint64_t bad =
        v | ((v - ones * 0x20) & ~v) | has_zero(v ^ (ones * '"')) | has_zero(v ^ (ones * '\\'));
    return (bad & highs) == 0;
  }

  // The general string: escapes decoded into `out` (UTF-8 checked by the caller).
  bool string_into(std::string& out) {
    if (!eat('"')) return false;
    out.clear();
    const char* run = p_;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out.append(run, p_);
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        out.append(run, p_);
        if (++p_ == end_) return false;
        char decoded = 0;
        switch (*p_) {
          case '"':
            decoded = '"';
            break;
          case '\\':
            decoded = '\\';
            break;
          case '/':
            decoded = '/';
            break;
          case 'b':
            decoded = '\b';
            break;
          case 'f':
            decoded = '\f';
            break;
          case 'n':
            decoded = '\n';
            break;
          case 'r':
            decoded = '\r';
            break;
          case 't':
            decoded = '\t';
            break;
          default:
            return false;  // \u: the strict parser decodes it
        }
        out += decoded;
        run = ++p_;
        continue;
      }
      ++p_;
    }
    return false;
  }

  const char* p_;
  const char* end_;
  std::string scratch_;
};

// A timestamp as the canonical writer spells it ("2026-01-01T00:02:37+08:00") without the general
// parser (which was a sixth of the scanner's time); any other spelling goes to parse_timestamp.
// The same answer for the same text: the fields here are plain digits, which parse_timestamp
// reads to the same numbers and checks the same way (a leap second 60 is folded to 59).
std::optional<Timestamp> timestamp(std::string_view t) {
  using namespace std::chrono;
  constexpr std::string_view shape = "0000-00-00T00:00:00+08:00";
  if (t.size() != shape.size()) return parse_timestamp(t);
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const bool ok =
        shape[i] == '0' && i < 19 ? static_cast<unsigned>(t[i] - '0') <= 9 : t[i] == shape[i];
    if (!ok) return parse_timestamp(t);
  }
  auto number = [t](std::size_t at, std::size_t digits) {
    int v = 0;
    for (std::size_t i = at; i < at + digits; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  const CivilDate date{year{number(0, 4)}, month{static_cast<unsigned>(number(5, 2))},
                       day{static_cast<unsigned>(number(8, 2))}};
  const int hh = number(11, 2), mm = number(14, 2), ss = number(17, 2);
  if (!date.ok() || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  return time_point_cast<seconds>(sys_days{date} + hours{hh} + minutes{mm} +
                                  seconds{std::min(ss, 59)} - hours{8});
}

bool channel_id(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

// Fields, as bits of the `seen` mask (a repeated key declines).
enum Bit : unsigned {
  external_id = 1U << 0,
  channel = 1U << 1,
  description = 1U << 2,
  received_at = 1U << 3,
  reply_due = 1U << 4,
  parties = 1U << 5,
  amount = 1U << 6,
  injuries = 1U << 7,
  street = 1U << 8,
  community = 1U << 9,
  address = 1U << 10,
  claimant = 1U << 11,
  respondent = 1U << 12,
  declared = 1U << 13,
};

// An optional text field: empty means absent, as parse_dispute has it.
bool optional_text(Scanner& in, std::optional<std::string>& field, std::size_t max) {
  if (!field) field.emplace();
  if (!in.string(*field, max)) return false;
  if (field->empty()) field.reset();
  return true;
}

}  // namespace

bool scan_canonical_dispute(std::string_view json, Dispute& out) {
  Scanner in(json);
  if (!in.eat('{')) return false;
  unsigned seen = 0;
  auto once = [&seen](unsigned bit) {
    if (seen & bit) return false;
    seen |= bit;
    return true;
  };
  // Optional fields keep their strings' capacity across calls: they are reset only at the end.
  bool has_street = false, has_community = false, has_address = false, has_declared = false;
  out.parties.reset();
  out.amount_claimed.reset();
  out.injuries = false;
  out.received_at.reset();
  out.reply_due.reset();
  out.claimant.reset();
  out.respondent.reset();
  std::string_view time_text;
  if (!in.eat('}')) {
    std::string_view k;
    do {
      if (!in.key(k)) return false;
      bool good = false;
      if (k == "description") {
        good = once(description) && in.string(out.description, k_limits.max_description) &&
               !out.description.empty();
      } else if (k == "external_id") {
        good = once(external_id) && in.string(out.external_id, k_limits.max_external_id) &&
               !out.external_id.empty();
      } else if (k == "channel") {
        good = once(channel) && in.string(out.channel, k_limits.max_channel) &&
               !out.channel.empty() && channel_id(out.channel);
      } else if (k == "received_at") {
        good = once(received_at) && in.string_view(time_text, k_limits.max_short_text) &&
               (out.received_at = timestamp(time_text)).has_value();
      } else if (k == "reply_due") {
        good = once(reply_due) && in.string_view(time_text, k_limits.max_short_text) &&
               (out.reply_due = timestamp(time_text)).has_value();
      } else if (k == "parties") {
        std::int64_t n = 0;
        good = once(parties) && in.count(n) && n <= k_limits.max_parties;
        if (good) out.parties = n;
      } else if (k == "amount_claimed") {
        double x = 0;
        good =
            once(amount) && in.number(x) && std::isfinite(x) && x >= 0 && x <= k_limits.max_amount;
        if (good) out.amount_claimed = to_fen(x);
      } else if (k == "injuries") {
        good = once(injuries) && in.boolean(out.injuries);
      } else if (k == "street") {
        good = once(street) && optional_text(in, out.street, k_limits.max_short_text);
        has_street = good && out.street.has_value();
      } else if (k == "community") {
        good = once(community) && optional_text(in, out.community, k_limits.max_short_text);
        has_community = good && out.community.has_value();
      } else if (k == "address") {
        good = once(address) && optional_text(in, out.address, k_limits.max_address);
        has_address = good && out.address.has_value();
      } else if (k == "declared_category") {
        good = once(declared) && optional_text(in, out.declared_category, k_limits.max_short_text);
        has_declared = good && out.declared_category.has_value();
      } else if (k == "claimant") {
        good = once(claimant) && in.party();
      } else if (k == "respondent") {
        good = once(respondent) && in.party();
      }
      if (!good) return false;
    } while (in.eat(','));
    if (!in.eat('}')) return false;
  }
  if (!in.done()) return false;
  const unsigned required = external_id | channel | description;
  if ((seen & required) != required) return false;
  if (out.reply_due && out.received_at && *out.reply_due < *out.received_at) return false;
  if (!has_street) out.street.reset();
  if (!has_community) out.community.reset();
  if (!has_address) out.address.reset();
  if (!has_declared) out.declared_category.reset();
  return true;
}

Result<void> read_stored_dispute(std::string_view json, Dispute& out) {
  if (scan_canonical_dispute(json, out)) return ok;
  auto strict = parse_dispute(json);
  if (!strict) return std::unexpected(strict.error());
  out = std::move(*strict);
  return ok;
}

}  // namespace tiaojie::replay::internal

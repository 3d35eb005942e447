#include "daemon/repeat_keys.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "daemon/secret_file.hpp"
#include "rules/rule_set.hpp"

namespace tiaojie::daemon {
namespace {

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Reads one UTF-8 code point at `i` (the input is valid UTF-8: the dispute was checked).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < n && i + k < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += static_cast<std::size_t>(n);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool dropped_from_address(char32_t cp) {
  static constexpr std::u32string_view k_dropped =
      U" \t\r\n\u3000,\uFF0C.\u3002\u3001-\u2014\u2013()\uFF08\uFF09#\uFF03";
  return k_dropped.find(cp) != std::u32string_view::npos;
}

}  // namespace

std::string normalise_phone(std::string_view phone) {
  std::string digits;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (is_ascii_digit(c)) {
      digits += c;
    } else if (c == '+' && digits.empty()) {
      continue;  // the country code's plus sign
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return {};
    }
  }
  // A mobile number is 11 digits starting with 1; the country code before it is dropped.
  for (std::string_view code : {"0086", "86"}) {
    if (digits.size() == 11 + code.size() && digits.starts_with(code) &&
        digits[code.size()] == '1') {
      digits.erase(0, code.size());
      break;
    }
  }
  return digits.size() >= 7 ? digits : std::string{};
}

std::string normalise_id_number(std::string_view id) {
  std::string out;
  for (char c : id) {
    if (c == ' ') continue;
    out += c == 'x' ? 'X' : c;
  }
  const auto digits = [&](std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!is_ascii_digit(out[i])) return false;
    }
    return true;
  };
  if (out.size() == 15 && digits(15)) return out;
  if (out.size() == 18 && digits(17) && (is_ascii_digit(out[17]) || out[17] == 'X')) return out;
  return {};
}

std::string normalise_address(std::string_view address) {
  std::string out;
  for (std::size_t i = 0; i < address.size();) {
    char32_t cp = next_code_point(address, i);
    if (dropped_from_address(cp)) continue;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII forms
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    append_utf8(out, cp);
  }
  return out;
}

Result<RepeatSecret> load_or_create_repeat_secret(const std::filesystem::path& file) {
  if (sodium_init() < 0) return std::unexpected(internal_error("libsodium did not initialise"));
  RepeatSecret secret{};
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    randombytes_buf(secret.data(), secret.size());
    // O_EXCL: two daemons starting on one folder never overwrite each other's secret.
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      return std::unexpected(
          io_error(fmt::format("cannot create the repeat key file: {}", std::strerror(errno)),
                   file.string()));
    }
    const auto written = ::write(fd, secret.data(), secret.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (written != static_cast<ssize_t>(secret.size()) || !synced) {
      return std::unexpected(io_error("cannot write the repeat key file", file.string()));
    }
    return secret;
  }
  if (auto mode = check_secret_file_mode(file); !mode) return std::unexpected(mode.error());
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof())
    return std::unexpected(io_error("cannot read the repeat key file", file.string()));
  if (bytes.size() != secret.size()) {
    return std::unexpected(invalid_input(
        fmt::format("the repeat key file holds {} bytes, not {}: restore it from a backup (a new "
                    "key would link no new dispute to the earlier ones)",
                    bytes.size(), secret.size()),
        file.string()));
  }
  std::memcpy(secret.data(), bytes.data(), secret.size());
  return secret;
}

std::string RepeatHasher::key(char prefix, std::string_view text) const {
  std::array<unsigned char, 16> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), secret_.data(), secret_.size());
  std::string out{prefix, ':'};
  for (auto b : hash) out += fmt::format("{:02x}", b);
  return out;
}

std::vector<std::string> RepeatHasher::party_keys(const Dispute& d) const {
  std::vector<std::string> keys;
  if (!d.claimant) return keys;
  // Each kind of number under its own label: a phone number never equals an ID number.
  if (auto phone = normalise_phone(d.claimant->phone); !phone.empty())
    keys.push_back(key('p', "phone:" + phone));
  if (auto id = normalise_id_number(d.claimant->id_number); !id.empty())
    keys.push_back(key('p', "id:" + id));
  return keys;
}

std::optional<std::string> RepeatHasher::subject_key(const Dispute& d,
                                                     std::string_view category) const {
  if (!d.address || category.empty()) return std::nullopt;
  const std::string address = normalise_address(*d.address);
  if (address.empty()) return std::nullopt;
  const std::string street = d.street ? std::string(rules::normalise_street(*d.street)) : "";
  // The unit separator keeps "a"+"bc" and "ab"+"c" apart.
  return key('s', fmt::format("{}\x1f{}\x1f{}", category, street, address));
}

lifecycle::RepeatReason repeat_reason(std::string_view key) {
  return key.starts_with("p:") ? lifecycle::RepeatReason::same_party
                               : lifecycle::RepeatReason::same_subject;
}

}  // namespace tiaojie::daemon

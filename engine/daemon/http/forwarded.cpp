#include "daemon/http/forwarded.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <optional>

namespace tiaojie::daemon::http {
namespace ip = boost::asio::ip;

namespace {

// ::ffff:a.b.c.d as a.b.c.d, so that a dual-stack listener's peers match IPv4 entries.
ip::address plain(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<ip::address> address_of(std::string_view text) {
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(trim(text)), ec);
  if (ec) return std::nullopt;
  return plain(a);
}

template <std::size_t N>
bool prefix_matches(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b,
                    unsigned prefix) {
  for (std::size_t i = 0; i < N && prefix > 0; ++i) {
    const unsigned bits = prefix >= 8 ? 8 : prefix;
    const auto mask = static_cast<unsigned char>(0xFFu << (8 - bits));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    prefix -= bits;
  }
  return true;
}

}  // namespace

bool Network::contains(const ip::address& a) const {
  const ip::address p = plain(a);
  if (p.is_v4() != base.is_v4()) return false;
  if (p.is_v4()) return prefix_matches(p.to_v4().to_bytes(), base.to_v4().to_bytes(), prefix);
  return prefix_matches(p.to_v6().to_bytes(), base.to_v6().to_bytes(), prefix);
}

Result<Network> parse_network(std::string_view text) {
  const auto slash = text.find('/');
  auto bad = [&](std::string_view why) {
    return std::unexpected(invalid_input(
        fmt::format("'{}' is not an IP address or network ({})", text, why), "trusted_proxies"));
  };
  auto base = address_of(text.substr(0, slash));
  if (!base) return bad("e.g. \"127.0.0.1\", \"10.0.0.0/8\", \"::1\"");
  const unsigned width = base->is_v4() ? 32 : 128;
  Network n{*base, width};
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    unsigned prefix = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
        prefix > width)
      return bad(fmt::format("the prefix must be a number from 0 to {}", width));
    n.prefix = prefix;
    // 10.1.0.0/8 names 10.0.0.0/8 with a typo somewhere: say so rather than guess.
    Network zeroed = n;
    if (base->is_v4()) {
      auto bytes = base->to_v4().to_bytes();
      for (unsigned bit = prefix; bit < 32; ++bit) bytes[bit / 8] &= ~(0x80u >> (bit % 8));
      zeroed.base = ip::address_v4(bytes);
    } else {
      auto bytes = base->to_v6().to_bytes();
      for (unsigned bit = prefix; bit < 128; ++bit) bytes[bit / 8] &= ~(0x80u >> (bit % 8));
      zeroed.base = ip::address_v6(bytes);
    }
    if (zeroed.base != *base) return bad("bits are set beyond the prefix");
  }
  return n;
}

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries) {
  TrustedProxies t;
  for (const auto& e : entries) {
    auto n = parse_network(e);
    if (!n) return std::unexpected(n.error());
    t.networks_.push_back(*n);
  }
  return t;
}

bool TrustedProxies::trusts(const ip::address& peer) const {
  for (const auto& n : networks_) {
    if (n.contains(peer)) return true;
  }
  return false;
}

ClientInfo resolve_client(const ip::address& peer, std::string_view x_forwarded_for,
                          std::string_view x_forwarded_proto, const TrustedProxies& proxies) {
  const ip::address p = plain(peer);
  ClientInfo info{p.to_string(), false, false};
  if (!proxies.trusts(p)) return info;
  // Right to left: the nearest hop first.
  std::string_view rest = x_forwarded_for;
  while (!trim(rest).empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view item = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    auto a = address_of(item);
    if (!a) break;
    info.address = a->to_string();
    info.forwarded = true;
    if (!proxies.trusts(*a)) break;
  }
  if (!trim(x_forwarded_proto).empty()) {
    const auto comma = x_forwarded_proto.rfind(',');
    const auto last = trim(comma == std::string_view::npos ? x_forwarded_proto
                                                           : x_forwarded_proto.substr(comma + 1));
    info.secure = last == "https";
    info.forwarded = true;
  }
  return info;
}

}  // namespace tiaojie::daemon::http

// Who the client of an HTTP request is, when a reverse proxy stands between it and the daemon.
//
// A proxy (nginx terminating TLS, docs/workbench.md) connects from its own address and names the
// real client in X-Forwarded-For, the scheme it was reached by in X-Forwarded-Proto. Anyone can
// send those headers, so they are believed only from the configured proxies ([http]
// trusted_proxies): from any other peer the client is the peer and the scheme is plain http.
// Used for the access log and, later, for the Secure flag of session cookies.
//
// Thread-safety: plain values; TrustedProxies is immutable after parse and may be read from any
// thread.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"

namespace tiaojie::daemon::http {

// An address ("10.1.2.3", "::1") or a network ("10.0.0.0/8", "fd00::/8").
struct Network {
  boost::asio::ip::address base;
  unsigned prefix = 0;  // bits that must match: 32 (or 128) for a single address

  // Whether `a` lies in the network. An IPv4 address written as IPv6 (::ffff:10.1.2.3, what a
  // dual-stack socket reports) is compared as IPv4.
  [[nodiscard]] bool contains(const boost::asio::ip::address& a) const;
};

// Errors: invalid_input naming the text when it is neither an address nor address/prefix with a
// prefix within the family's width, or when the address has bits set beyond the prefix.
[[nodiscard]] Result<Network> parse_network(std::string_view text);

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody
  // Errors: parse_network's, for the first entry that is not an address or network.
  [[nodiscard]] static Result<TrustedProxies> parse(const std::vector<std::string>& entries);

  [[nodiscard]] bool trusts(const boost::asio::ip::address& peer) const;
  [[nodiscard]] bool empty() const { return networks_.empty(); }

 private:
  std::vector<Network> networks_;
};

// The client as the daemon should see it.
struct ClientInfo {
  std::string address;     // the client's IP address, as text
  bool secure = false;     // reached over https (by the proxy's word), so cookies may be Secure
  bool forwarded = false;  // address and scheme come from a trusted proxy's headers
};

// From the connection's peer and the request's headers (empty when absent). With a trusted peer,
// the X-Forwarded-For list is read from the right, skipping the trusted proxies it names, and the
// first other address is the client (nginx's real_ip_recursive): a client cannot pass for another
// by putting an address of its choosing first. X-Forwarded-Proto's last value says the scheme.
// Entries that are not addresses end the walk: the client is then the last trusted hop.
[[nodiscard]] ClientInfo resolve_client(const boost::asio::ip::address& peer,
                                        std::string_view x_forwarded_for,
                                        std::string_view x_forwarded_proto,
                                        const TrustedProxies& proxies);

}  // namespace tiaojie::daemon::http

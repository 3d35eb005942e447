#include "store/location.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace tiaojie::store {
namespace {

constexpr std::string_view k_known_schemes =
    "sqlite (sqlite:///ABSOLUTE/PATH or sqlite:RELATIVE/PATH) and postgresql or postgres "
    "(postgresql://USER@HOST:PORT/DATABASE, as libpq reads it)";

// The scheme of `text` per RFC 3986 (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"), lower case;
// empty when there is none.
std::string scheme_of(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  if (!std::isalpha(static_cast<unsigned char>(text[0]))) return {};
  std::string scheme;
  for (char c : text.substr(0, colon)) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '+' && c != '-' && c != '.') return {};
    scheme += static_cast<char>(std::tolower(u));
  }
  return scheme;
}

bool is_postgresql(std::string_view scheme) {
  return scheme == "postgresql" || scheme == "postgres";
}

Result<StoreLocation> parse_sqlite(std::string_view rest, const std::filesystem::path& base_dir) {
  std::string_view path = rest;
  if (rest.starts_with("//")) {
    const auto slash = rest.find('/', 2);
    const auto host = rest.substr(2, slash == std::string_view::npos ? rest.npos : slash - 2);
    if (!host.empty()) {
      return std::unexpected(invalid_input(fmt::format(
          "a sqlite URL names a local file, not a host ('{}'): write sqlite:///ABSOLUTE/PATH "
          "(three slashes) or sqlite:RELATIVE/PATH",
          host)));
    }
    path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  }
  for (char c : {'%', '?', '#'}) {
    if (path.find(c) == std::string_view::npos) continue;
    return std::unexpected(invalid_input(
        c == '%' ? std::string("a sqlite URL's path is taken as written: percent-encoding ('%') is "
                               "not supported, write the characters themselves")
                 : fmt::format("a sqlite URL takes no query string or fragment ('{}'): the store's "
                               "settings come from the daemon",
                               c)));
  }
  if (path.empty() || path == "/") {
    return std::unexpected(invalid_input(
        "the sqlite URL names no file: write sqlite:///ABSOLUTE/PATH or sqlite:RELATIVE/PATH"));
  }
  if (path.ends_with('/')) {
    return std::unexpected(
        invalid_input(fmt::format("the sqlite URL names a folder ('{}'), not a file", path)));
  }
  std::filesystem::path file(path);
  if (file.is_relative() && !base_dir.empty()) file = base_dir / file;
  return StoreLocation{.backend = Backend::sqlite, .path = std::move(file)};
}

// A postgresql URL, kept as written for libpq, which reads every part of it (host, port, user,
// database, the query's parameters). Only what libpq cannot tell apart from a typo is checked
// here: that something follows the scheme.
Result<StoreLocation> parse_postgresql(std::string_view url) {
  const auto rest = url.substr(url.find(':') + 1);
  if (!rest.starts_with("//")) {
    return std::unexpected(invalid_input(
        "a postgresql URL starts with postgresql:// (postgresql://USER@HOST:PORT/DATABASE)"));
  }
  return StoreLocation{.backend = Backend::postgresql, .path = {}, .url = std::string(url)};
}

}  // namespace

std::string_view to_string(Backend backend) {
  switch (backend) {
    case Backend::sqlite:
      return "sqlite";
    case Backend::postgresql:
      return "postgresql";
  }
  return "?";
}

std::string to_string(const StoreLocation& location) {
  if (location.backend == Backend::sqlite) return location.path.string();
  // The password of postgresql://user:password@host is not for logs and messages.
  std::string shown = location.url;
  const auto authority = shown.find("//") + 2;
  const auto at = shown.find('@', authority);
  const auto end = shown.find_first_of("/?", authority);
  if (at != std::string::npos && (end == std::string::npos || at < end)) {
    const auto colon = shown.find(':', authority);
    if (colon != std::string::npos && colon < at) shown.replace(colon + 1, at - colon - 1, "***");
  }
  return shown;
}

Result<StoreLocation> parse_store_url(std::string_view url, const std::filesystem::path& base_dir) {
  const std::string scheme = scheme_of(url);
  if (scheme.empty()) {
    return std::unexpected(invalid_input(
        fmt::format("'{}' is not a store URL (no scheme): write sqlite:///ABSOLUTE/PATH or "
                    "sqlite:RELATIVE/PATH",
                    url)));
  }
  if (scheme == "sqlite") return parse_sqlite(url.substr(scheme.size() + 1), base_dir);
  if (is_postgresql(scheme)) return parse_postgresql(url);
  return std::unexpected(invalid_input(
      fmt::format("unknown store URL scheme '{}': known are {}", scheme, k_known_schemes)));
}

Result<StoreLocation> parse_store_argument(std::string_view text) {
  if (text.empty()) return std::unexpected(invalid_input("the store is empty: name a file or URL"));
  const std::string scheme = scheme_of(text);
  const bool url = scheme == "sqlite" || is_postgresql(scheme) ||
                   (!scheme.empty() && text.substr(scheme.size() + 1).starts_with("//"));
  if (url) return parse_store_url(text, {});
  return StoreLocation{.backend = Backend::sqlite, .path = std::filesystem::path(text)};
}

Result<std::filesystem::path> sqlite_file(const StoreLocation& location, std::string_view what) {
  if (location.backend != Backend::sqlite) {
    return std::unexpected(invalid_input(
        fmt::format("{} works on a SQLite store only, not {}", what, to_string(location.backend))));
  }
  return location.path;
}

}  // namespace tiaojie::store

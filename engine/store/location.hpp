// Where a store is: a backend and what that backend needs to find it, parsed from a store URL (the
// daemon's `[store] url`, a command's --store). Pure values: nothing here opens a file.
//
//   sqlite:///var/lib/tiaojie/tiaojie.sqlite   an absolute path (an empty host, three slashes)
//   sqlite:/var/lib/tiaojie/tiaojie.sqlite     the same
//   sqlite:data/tiaojie.sqlite                 relative: resolved against a base folder (the
//                                              config file's, as every path of the config)
//   postgresql://… or postgres://…             a PostgreSQL database, the URL kept as written
//                                              for libpq (postgresql://USER@HOST:PORT/DATABASE,
//                                              postgresql:///DATABASE?host=/run/postgresql)
//
// A sqlite path is taken as written: percent-encoding, a query string (`?…`) and a fragment (`#…`)
// are refused rather than guessed at (the SQLite settings come from the daemon, not the URL), and a
// host (`sqlite://host/…`) is refused: a SQLite store is a local file. docs/operators.md, [store].
// Thread-safety: plain values and pure functions.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace tiaojie::store {

// The store implementations a location can name.
enum class Backend {
  sqlite,      // SqliteStore: one file (store/sqlite_store.hpp)
  postgresql,  // PostgresStore: a database on a server (store/postgres_store.hpp)
};
[[nodiscard]] std::string_view to_string(Backend backend);

struct StoreLocation {
  Backend backend = Backend::sqlite;
  // sqlite: the database file, absolute or relative to the process's working folder (a relative
  // URL path was already joined to its base).
  std::filesystem::path path = {};
  // postgresql: the URL as written (libpq's connection URI).
  std::string url = {};
  friend bool operator==(const StoreLocation&, const StoreLocation&) = default;
};

// How messages name the store: the file, for sqlite; the URL with its password masked, for
// postgresql.
[[nodiscard]] std::string to_string(const StoreLocation& location);

// Parses a store URL (the forms above). A relative sqlite path is joined to `base_dir` (unchanged
// when `base_dir` is empty). Errors, all invalid_input with `where` empty (the caller knows where
// the text came from): not a URL (no scheme); an unknown scheme (the message lists the known
// ones); a postgresql/postgres URL without "//"; a sqlite URL with a host, no path, a path ending
// in '/', or a '%', '?' or '#'.
[[nodiscard]] Result<StoreLocation> parse_store_url(std::string_view url,
                                                    const std::filesystem::path& base_dir);

// A command line's store (--store, --db): a URL when the text starts with a scheme this build
// knows (sqlite:, postgresql:, postgres:) or with any `scheme://`, parsed as parse_store_url does
// against the working folder; anything else is a plain SQLite file path, taken as it is (so
// "backup:2026.sqlite" stays a file name). Errors: invalid_input for an empty text, and
// parse_store_url's.
[[nodiscard]] Result<StoreLocation> parse_store_argument(std::string_view text);

// The SQLite file of a location, for the tools that work on SQLite's files themselves (backup,
// restore, the repeat backfill's and the case list's own queries). Errors: invalid_input naming
// `what` (the command) when the location is another backend's.
[[nodiscard]] Result<std::filesystem::path> sqlite_file(const StoreLocation& location,
                                                        std::string_view what);

}  // namespace tiaojie::store

// A connection to PostgreSQL through libpq, as the PostgreSQL store uses it: text parameters and
// results, whole columns of a batch sent as arrays (one statement per table, not per row), and
// long reads through a cursor so that memory stays flat.
//
// Why libpq and not libpqxx: the store needs little of a database API (parameters, results,
// SQLSTATE) and keeps its own Result errors; libpq is the server's own client library, so nothing
// stands between the store and what the server documents.
//
// Errors are thrown as PgError (the store's methods turn them into Result errors at their edge, as
// the SQLite store does with SQLiteCpp's exceptions). Not thread-safe: one thread per connection.
//
// A lost connection (the server restarted, the backend was terminated, the network dropped) fails
// the statement that meets it; the next statement connects again first (PQreset, then the session
// settings again), so that a daemon goes on once the server is back instead of failing every
// request until it is restarted. Whatever lived with the old session (its advisory locks, an open
// transaction) is gone: resets() counts the reconnections, so that the store can tell.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"

struct pg_conn;
struct pg_result;

namespace tiaojie::store::internal {

// What the server (or libpq) refused, with the statement's SQLSTATE ("" when the connection
// itself failed).
class PgError : public std::runtime_error {
 public:
  PgError(const std::string& message, std::string sqlstate)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  [[nodiscard]] const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// The store's error for an exception from a PostgreSQL call: io_error naming what was being done.
[[nodiscard]] Error pg_error(const std::exception& e, std::string_view doing);

// A statement's rows, as text. Owns the libpq result.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pg_result* result) : result_(result, &clear) {}
  [[nodiscard]] int rows() const;
  [[nodiscard]] bool is_null(int row, int column) const;
  // The column's text ("" for NULL), valid while this result lives.
  [[nodiscard]] std::string_view text(int row, int column) const;
  // The column as an integer. Throws PgError for a value that is not one (0 for NULL).
  [[nodiscard]] std::int64_t int64(int row, int column) const;

 private:
  static void clear(pg_result* result);
  std::shared_ptr<pg_result> result_;
};

// One array parameter (a column of a batch) in PostgreSQL's text form: `{"a","b",NULL}`. Bound as
// `$n::text[]` or `$n::bigint[]` and read by unnest(), so that a batch of rows is one statement.
class PgArray {
 public:
  PgArray& add(std::string_view text);
  PgArray& add(std::int64_t value);
  PgArray& add_null();
  [[nodiscard]] std::string text() const { return body_ + "}"; }
  [[nodiscard]] bool empty() const { return body_.size() == 1; }

 private:
  std::string body_ = "{";
};

// A statement's parameters, in order, as text; nullopt is NULL.
class PgParams {
 public:
  PgParams& add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
  }
  PgParams& add(std::int64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
  }
  PgParams& add(const PgArray& array) {
    values_.emplace_back(array.text());
    return *this;
  }
  PgParams& add_null() {
    values_.emplace_back(std::nullopt);
    return *this;
  }
  [[nodiscard]] const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

class PgConnection {
 public:
  // Connects with a libpq connection string or URL ("postgresql://…"), the client encoding UTF8.
  // Errors: io_error with libpq's message (the password, if any, is not in it).
  [[nodiscard]] static Result<PgConnection> connect(const std::string& conninfo);

  PgConnection(PgConnection&&) noexcept = default;
  PgConnection& operator=(PgConnection&&) noexcept = default;
  ~PgConnection();

  // Runs `sql`, a session setting ("SET …"), now and again after every reconnection.
  void set_session(const std::string& sql);
  // How many times the connection was made again after it was lost.
  [[nodiscard]] std::uint64_t resets() const { return resets_; }

  // Runs `sql`: one or more statements without parameters; the last one's result.
  PgResult exec(const std::string& sql);
  // Runs one statement with parameters ($1, $2, … as text).
  PgResult exec(const std::string& sql, const PgParams& params);
  // Calls `row` for every row of a query, read `batch` rows at a time through a cursor, so that
  // memory stays flat however many rows there are; stops early when `row` returns false. Runs in
  // the current transaction, or in a read-only one of its own when there is none.
  void scan(const std::string& sql, const PgParams& params,
            const std::function<bool(const PgResult&, int)>& row, int batch = 4096);

  // Whether a transaction block is open on the connection.
  [[nodiscard]] bool in_transaction() const;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  PgResult check(pg_result* result, std::string_view sql);
  // Connects again when the connection was lost; when that fails too, the statement about to run
  // fails with libpq's message.
  void restore_if_lost();
  struct Finish {
    void operator()(pg_conn* conn) const;
  };
  std::unique_ptr<pg_conn, Finish> conn_;
  int cursors_ = 0;                   // names cursors uniquely on this connection
  std::vector<std::string> session_;  // set_session's statements, run again after a reset
  std::uint64_t resets_ = 0;
};

}  // namespace tiaojie::store::internal

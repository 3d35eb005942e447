#include "store/internal/pg_connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>

namespace tiaojie::store::internal {

Error pg_error(const std::exception& e, std::string_view doing) {
  return io_error(fmt::format("{}: {}", doing, e.what()), "postgresql");
}

void PgResult::clear(pg_result* result) { PQclear(result); }

int PgResult::rows() const { return result_ ? PQntuples(result_.get()) : 0; }

bool PgResult::is_null(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string_view PgResult::text(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::int64_t PgResult::int64(int row, int column) const {
  if (is_null(row, column)) return 0;
  const auto t = text(row, column);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || end != t.data() + t.size()) {
    throw PgError(fmt::format("column {} holds \"{}\", not an integer", column, t), "");
  }
  return v;
}

namespace {

// An element of an array literal: quoted, with the two characters that matter inside quotes
// (backslash and the double quote) escaped, so any text, "NULL" and braces included, stays itself.
void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

PgArray& PgArray::add(std::string_view text) {
  if (body_.size() > 1) body_ += ',';
  append_quoted(body_, text);
  return *this;
}

PgArray& PgArray::add(std::int64_t value) {
  if (body_.size() > 1) body_ += ',';
  body_ += std::to_string(value);
  return *this;
}

PgArray& PgArray::add_null() {
  if (body_.size() > 1) body_ += ',';
  body_ += "NULL";
  return *this;
}

void PgConnection::Finish::operator()(pg_conn* conn) const { PQfinish(conn); }

Result<PgConnection> PgConnection::connect(const std::string& conninfo) {
  PgConnection c(PQconnectdb(conninfo.c_str()));
  if (!c.conn_) return std::unexpected(io_error("libpq could not allocate a connection"));
  if (PQstatus(c.conn_.get()) != CONNECTION_OK) {
    std::string message = PQerrorMessage(c.conn_.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    return std::unexpected(io_error(fmt::format("cannot connect to PostgreSQL: {}", message)));
  }
  if (PQsetClientEncoding(c.conn_.get(), "UTF8") != 0) {
    return std::unexpected(io_error("PostgreSQL refused the client encoding UTF8"));
  }
  return c;
}

PgConnection::~PgConnection() = default;

PgResult PgConnection::check(pg_result* raw, std::string_view sql) {
  PgResult result(raw);
  const auto status = raw == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  std::string message = raw != nullptr ? PQresultErrorMessage(raw) : PQerrorMessage(conn_.get());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const char* state = raw != nullptr ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  // The statement's first line names it without its parameters (which may hold personal data).
  const auto line = sql.substr(0, sql.find('\n'));
  throw PgError(fmt::format("{} (in: {})", message, line.substr(0, 80)), state ? state : "");
}

void PgConnection::restore_if_lost() {
  if (PQstatus(conn_.get()) != CONNECTION_BAD) return;
  PQreset(conn_.get());
  if (PQstatus(conn_.get()) != CONNECTION_OK) return;
  ++resets_;
  if (PQsetClientEncoding(conn_.get(), "UTF8") != 0) {
    throw PgError("PostgreSQL refused the client encoding UTF8", "");
  }
  for (const auto& sql : session_) check(PQexec(conn_.get(), sql.c_str()), sql);
}

void PgConnection::set_session(const std::string& sql) {
  exec(sql);
  session_.push_back(sql);
}

PgResult PgConnection::exec(const std::string& sql) {
  restore_if_lost();
  return check(PQexec(conn_.get(), sql.c_str()), sql);
}

PgResult PgConnection::exec(const std::string& sql, const PgParams& params) {
  restore_if_lost();
  std::vector<const char*> values;
  values.reserve(params.values().size());
  for (const auto& v : params.values()) values.push_back(v ? v->c_str() : nullptr);
  return check(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0),
               sql);
}

bool PgConnection::in_transaction() const {
  // PQTRANS_UNKNOWN: the connection is lost, and the server ended its transaction with it.
  const auto status = PQtransactionStatus(conn_.get());
  return status != PQTRANS_IDLE && status != PQTRANS_UNKNOWN;
}

void PgConnection::scan(const std::string& sql, const PgParams& params,
                        const std::function<bool(const PgResult&, int)>& row, int batch) {
  const bool own = !in_transaction();
  if (own) exec("BEGIN READ ONLY");
  const auto cursor = fmt::format("tiaojie_scan_{}", ++cursors_);
  try {
    exec(fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", cursor, sql), params);
    const auto fetch = fmt::format("FETCH {} FROM {}", batch, cursor);
    bool more = true;
    while (more) {
      auto rows = exec(fetch);
      for (int i = 0; i < rows.rows() && more; ++i) more = row(rows, i);
      if (rows.rows() < batch) break;
    }
    exec(fmt::format("CLOSE {}", cursor));
    if (own) exec("COMMIT");
  } catch (...) {
    if (own) PQclear(PQexec(conn_.get(), "ROLLBACK"));
    throw;
  }
}

}  // namespace tiaojie::store::internal

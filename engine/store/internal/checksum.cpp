#include "store/internal/checksum.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <boost/crc.hpp>

namespace tiaojie::store::internal {

std::uint32_t crc32c(std::string_view bytes) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

bool row_checksum_ok(sqlite3_stmt* row, int text, int crc) {
  if (sqlite3_column_type(row, crc) == SQLITE_NULL) return false;
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(row, text));
  const auto size = static_cast<std::size_t>(sqlite3_column_bytes(row, text));
  return static_cast<std::uint32_t>(sqlite3_column_int64(row, crc)) ==
         crc32c(std::string_view(data ? data : "", size));
}

bool row_checksum_ok(SQLite::Statement& row, int text, int crc) {
  const auto sum = row.getColumn(crc);
  if (sum.isNull()) return false;
  const auto column = row.getColumn(text);
  const char* data = column.getText();
  return static_cast<std::uint32_t>(sum.getInt64()) ==
         crc32c(std::string_view(data, static_cast<std::size_t>(column.getBytes())));
}

void register_crc32c(sqlite3* db) {
  sqlite3_create_function_v2(
      db, "crc32c", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
      [](sqlite3_context* ctx, int, sqlite3_value** argv) {
        const auto* data = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
        const auto size = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
        sqlite3_result_int64(ctx, crc32c(std::string_view(data ? data : "", size)));
      },
      nullptr, nullptr, nullptr);
}

}  // namespace tiaojie::store::internal

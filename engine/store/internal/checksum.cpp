#include "store/internal/checksum.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <boost/crc.hpp>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace tiaojie::store::internal {

std::uint32_t crc32c_portable(std::string_view bytes) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

namespace {

#if defined(__x86_64__)
// Compiled for SSE4.2 alone (the rest of the build keeps the baseline x86-64), called only when
// the CPU says it has the instruction.
__attribute__((target("sse4.2"))) std::uint32_t crc32c_sse42(std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  std::uint64_t crc = 0xFFFFFFFFu;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, 8);  // unaligned, little-endian as the instruction wants
    crc = _mm_crc32_u64(crc, word);
  }
  auto crc32 = static_cast<std::uint32_t>(crc);
  for (; n > 0; ++p, --n) crc32 = _mm_crc32_u8(crc32, static_cast<unsigned char>(*p));
  return crc32 ^ 0xFFFFFFFFu;
}

using Crc32c = std::uint32_t (*)(std::string_view);
Crc32c best_crc32c() { return __builtin_cpu_supports("sse4.2") ? crc32c_sse42 : crc32c_portable; }
#else
using Crc32c = std::uint32_t (*)(std::string_view);
Crc32c best_crc32c() { return crc32c_portable; }
#endif

}  // namespace

std::uint32_t crc32c(std::string_view bytes) {
  static const Crc32c chosen = best_crc32c();
  return chosen(bytes);
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

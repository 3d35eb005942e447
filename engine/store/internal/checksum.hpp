// Per-row checksums (schema v8): CRC32C of each stored dispute's JSON (disputes.json_crc) and of
// each event's payload (events.data_crc), written in the same statement as the row. SQLite's own
// checks (integrity_check) see pages, not values: 16 random bytes written into a row's JSON pass
// them, and the row would be served as if stored so.
// Thread-safety: pure functions; the SQL function is registered per connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

struct sqlite3;
namespace SQLite {
class Statement;
}
struct sqlite3_stmt;

namespace tiaojie::store::internal {

// CRC32C (Castagnoli, as iSCSI, ext4 and LevelDB use) of `bytes`: with the SSE4.2 instruction
// where the CPU has it (every row written and read is summed: in software it was 8% of the store
// thread's time at ingest), else crc32c_portable.
[[nodiscard]] std::uint32_t crc32c(std::string_view bytes);
// The same in portable code (Boost.CRC's table): the reference the instruction is tested against.
[[nodiscard]] std::uint32_t crc32c_portable(std::string_view bytes);

// True when the text column `text` of `row` matches the checksum column `crc` (a NULL checksum
// never matches: every row gets one at write or in the v8 migration).
[[nodiscard]] bool row_checksum_ok(sqlite3_stmt* row, int text, int crc);
[[nodiscard]] bool row_checksum_ok(SQLite::Statement& row, int text, int crc);

// Registers crc32c(text) as an SQL function on `db`, for the v8 migration's fill.
void register_crc32c(sqlite3* db);

}  // namespace tiaojie::store::internal

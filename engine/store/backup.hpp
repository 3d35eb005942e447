// Online backup and restore of a SQLite store file (`tiaojie store backup|restore`).
//
// A backup is taken through SQLite's online backup API from a second, read-only connection, in a
// single step: that step reads one snapshot of the WAL-mode file, so the copy is consistent (every
// commit is in it whole or not at all) while the daemon keeps writing, and the daemon is never
// blocked (WAL readers do not block the writer). The copy is written beside its destination,
// checked with PRAGMA integrity_check, synced, and only then renamed into place, so a backup file
// that exists is complete.
//
// Restore replaces a store that nobody has open: it refuses while another connection (the daemon,
// a report) holds the target, keeps the replaced file as `<target>.pre-restore`, and brings the
// backup in the same write-beside-then-rename way.
#pragma once

#include <cstdint>
#include <filesystem>

#include "model/error.hpp"

namespace tiaojie::store {

// What a backup or restore wrote: enough for an operator to see that it holds what they expect.
struct BackupSummary {
  std::int64_t bytes = 0;     // size of the written file
  int schema_version = 0;     // PRAGMA user_version of the copy
  std::int64_t cases = 0;     // rows of the disputes table (one per case)
  std::int64_t last_seq = 0;  // the highest event seq in the copy: the point in the log it holds
};

// How a backup copies the file.
enum class BackupLayout {
  // Page for page (SQLite's online backup API): the fastest copy, the source's layout kept.
  as_is,
  // Rewritten table by table (VACUUM INTO, from the same read snapshot): each table's and index's
  // pages together and no free pages. A store's tables grow side by side, so their pages
  // interleave, and a cold read of one table (replay, a report) drags the others in with the
  // kernel's read-ahead; restoring a compact backup gives the daemon the compact file
  // (docs/store.md "Backup and restore": a cold replay of 10M cases in 21 s instead of 57).
  compact,
};

// Copies the store at `source` to `destination`, which must not exist.
// Errors: not_found (no source), conflict (destination exists), invalid_input (source is not a
// tiaojie store or fails integrity_check), io_error.
[[nodiscard]] Result<BackupSummary> backup_store(const std::filesystem::path& source,
                                                 const std::filesystem::path& destination,
                                                 BackupLayout layout = BackupLayout::as_is);

// Replaces the store at `target` (which may not exist) with the backup at `backup`; the replaced
// store is kept as `<target>.pre-restore`, which must not exist yet.
// Errors: not_found (no backup), conflict (target in use by another connection, or
// .pre-restore exists), invalid_input (backup fails integrity_check, or its schema is newer than
// this build), io_error.
[[nodiscard]] Result<BackupSummary> restore_store(const std::filesystem::path& backup,
                                                  const std::filesystem::path& target);

}  // namespace tiaojie::store

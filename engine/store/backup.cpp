// Online backup and restore of a SQLite store file: see backup.hpp.
#include "store/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "store/internal/private_file.hpp"
#include "store/internal/schema.hpp"
#include "store/sqlite_store.hpp"

namespace tiaojie::store {
namespace {

namespace fs = std::filesystem;

// How long a backup step waits out a writer's lock before giving up. A one-step WAL backup only
// needs a read snapshot, so this is only reached when a checkpoint holds the file.
constexpr int k_busy_retries = 50;
constexpr auto k_busy_pause = std::chrono::milliseconds(100);

Result<void> sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return std::unexpected(io_error("cannot open to sync", path.string()));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return std::unexpected(io_error("fsync failed", path.string()));
  return {};
}

// The directory entry of a rename is durable only once its folder is synced.
Result<void> rename_durably(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) return std::unexpected(io_error("cannot rename to " + to.string(), from.string()));
  const auto dir = to.has_parent_path() ? to.parent_path() : fs::path(".");
  return sync_path(dir, O_RDONLY | O_DIRECTORY);
}

Result<void> check_integrity(SQLite::Database& db, const fs::path& path) {
  const std::string verdict = db.execAndGet("PRAGMA integrity_check").getString();
  if (verdict != "ok") {
    return std::unexpected(
        invalid_input("the file fails SQLite's integrity_check: " + verdict, path.string()));
  }
  return {};
}

// Reads what BackupSummary reports; the file must hold tiaojie's tables.
Result<BackupSummary> summarize(SQLite::Database& db, const fs::path& path) {
  BackupSummary s;
  s.schema_version = db.execAndGet("PRAGMA user_version").getInt();
  if (s.schema_version < 1 || !db.tableExists("disputes") || !db.tableExists("events")) {
    return std::unexpected(
        invalid_input("not a tiaojie store (no schema version or no disputes "
                      "and events tables)",
                      path.string()));
  }
  if (s.schema_version > k_schema_version) {
    return std::unexpected(
        invalid_input(fmt::format("the store has schema version {}, newer than this build's {}",
                                  s.schema_version, k_schema_version),
                      path.string()));
  }
  s.cases = db.execAndGet("SELECT count(*) FROM disputes").getInt64();
  s.last_seq = db.execAndGet("SELECT coalesce(max(seq), 0) FROM events").getInt64();
  return s;
}

// Opens an existing store file read-only and checks that it is a sound tiaojie store.
Result<BackupSummary> check_source(SQLite::Database& db, const fs::path& path) {
  auto summary = summarize(db, path);
  if (!summary) return summary;
  if (auto ok = check_integrity(db, path); !ok) return std::unexpected(ok.error());
  return summary;
}

// Copies `source` (open, read-only) into a new file at `partial` from one snapshot (the backup
// API in one step, or VACUUM INTO, which reads in one transaction), checks the copy and syncs it.
// The caller renames it into place.
Result<BackupSummary> copy_to(SQLite::Database& source, const fs::path& partial,
                              BackupLayout layout = BackupLayout::as_is) {
  fs::remove(partial);  // a leftover of an interrupted run: never a finished file (see rename)
  if (auto created = internal::create_private_file(partial); !created) {
    return std::unexpected(created.error());
  }
  if (layout == BackupLayout::compact) {
    // VACUUM INTO writes into an empty file, so the private file's mode stays. Its file is an
    // expression: bound, so that any path is taken as it is.
    SQLite::Statement vacuum(source, "VACUUM INTO ?");
    vacuum.bind(1, partial.string());
    vacuum.exec();
  } else {
    SQLite::Database copy(partial.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(copy, source);
    int rc = backup.executeStep(-1);
    for (int tries = 0; (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < k_busy_retries;
         ++tries) {
      std::this_thread::sleep_for(k_busy_pause);
      rc = backup.executeStep(-1);
    }
    if (rc != SQLITE_DONE) {
      return std::unexpected(
          io_error(fmt::format("the online backup did not finish: {}", sqlite3_errstr(rc)),
                   partial.string()));
    }
  }
  // Reopened so that the check reads the file as a later open will, not the copy's page cache.
  SQLite::Database copy(partial.string(), SQLite::OPEN_READONLY);
  auto summary = check_source(copy, partial);
  if (!summary) return summary;
  if (auto synced = sync_path(partial, O_RDONLY); !synced) return std::unexpected(synced.error());
  summary->bytes = static_cast<std::int64_t>(fs::file_size(partial));
  return summary;
}

fs::path with_suffix(const fs::path& p, const char* suffix) {
  return fs::path(p.string() + suffix);
}

// Proves that no other connection has `target` open (the daemon keeps its connection for its whole
// life), then checkpoints its WAL into the main file so that the file alone is the whole store.
Result<void> take_over(const fs::path& target) {
  SQLite::Database db(target.string(), SQLite::OPEN_READWRITE);
  db.exec("PRAGMA locking_mode = EXCLUSIVE");
  try {
    db.exec("BEGIN EXCLUSIVE");
    db.exec("SELECT count(*) FROM sqlite_schema");
    db.exec("COMMIT");
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED) {
      return std::unexpected(
          conflict("the store is in use by another process (stop the daemon before restoring)",
                   target.string()));
    }
    throw;
  }
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return {};
}

}  // namespace

Result<BackupSummary> backup_store(const fs::path& source, const fs::path& destination,
                                   BackupLayout layout) {
  if (!fs::exists(source)) return std::unexpected(not_found("no store file", source.string()));
  if (fs::exists(destination)) {
    return std::unexpected(
        conflict("the backup file already exists; choose a new name", destination.string()));
  }
  try {
    SQLite::Database db(source.string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    if (auto s = summarize(db, source); !s) return s;
    const auto partial = with_suffix(destination, ".partial");
    auto summary = copy_to(db, partial, layout);
    if (!summary) return summary;
    if (auto moved = rename_durably(partial, destination); !moved) {
      return std::unexpected(moved.error());
    }
    return summary;
  } catch (const std::exception& e) {
    return std::unexpected(internal::sqlite_error(e, "backing up " + source.string()));
  }
}

Result<BackupSummary> restore_store(const fs::path& backup, const fs::path& target) {
  if (!fs::exists(backup)) return std::unexpected(not_found("no backup file", backup.string()));
  const auto kept = with_suffix(target, ".pre-restore");
  if (fs::exists(target) && fs::exists(kept)) {
    return std::unexpected(
        conflict("a replaced store is already kept there; move it away first", kept.string()));
  }
  try {
    SQLite::Database db(backup.string(), SQLite::OPEN_READONLY);
    if (auto s = check_source(db, backup); !s) return s;
    if (fs::exists(target)) {
      if (auto mine = take_over(target); !mine) return std::unexpected(mine.error());
    }
    const auto partial = with_suffix(target, ".partial");
    auto summary = copy_to(db, partial);
    if (!summary) return summary;
    if (fs::exists(target)) {
      if (auto moved = rename_durably(target, kept); !moved) return std::unexpected(moved.error());
      // take_over's clean close removed the WAL; should one remain, it belongs to the kept file
      // (and would otherwise be read as the restored file's log).
      if (fs::exists(with_suffix(target, "-wal"))) {
        fs::rename(with_suffix(target, "-wal"), with_suffix(kept, "-wal"));
      }
      fs::remove(with_suffix(target, "-shm"));
    }
    if (auto moved = rename_durably(partial, target); !moved) return std::unexpected(moved.error());
    return summary;
  } catch (const std::exception& e) {
    return std::unexpected(internal::sqlite_error(e, "restoring " + backup.string()));
  }
}

}  // namespace tiaojie::store

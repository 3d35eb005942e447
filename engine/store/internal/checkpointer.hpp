// Checkpoints a WAL-mode store on its own connection and thread, so that the committing thread
// never copies WAL pages into the database file nor waits for that file's fsync: with SQLite's
// automatic checkpoint those ran inside every ~1000-page commit, on the group-commit path.
//
// The committing connection's WAL hook (install()) wakes the checkpointer after each commit that
// leaves at least `threshold` pages in the WAL; the checkpointer runs a PASSIVE checkpoint (it
// never blocks the writer). Should the WAL still grow past 16 × threshold pages (a checkpoint that
// cannot keep up), the committing connection checkpoints itself once, as SQLite would have.
// Durability is unchanged: a commit is durable when its WAL frames are synced, which the
// committing connection still does (synchronous=FULL); a checkpoint only moves durable pages.
//
// Thread-safety: construct, install and destroy on the owning thread; the hook runs on the thread
// that commits.
#pragma once

#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace tiaojie::store::internal {

class Checkpointer {
 public:
  // Opens a second connection to `path` with PRAGMA synchronous = `synchronous` (the store's).
  // Throws SQLite::Exception when the file cannot be opened.
  Checkpointer(const std::string& path, std::string_view synchronous, int threshold);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Replaces `writer`'s automatic checkpoint by this checkpointer. REQUIRES: `writer` outlives
  // this object's use of it (the store destroys the checkpointer first).
  void install(SQLite::Database& writer);

 private:
  static int on_wal_commit(void* self, struct sqlite3* db, const char* name, int pages);
  void loop();

  SQLite::Database db_;
  int threshold_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tiaojie::store::internal

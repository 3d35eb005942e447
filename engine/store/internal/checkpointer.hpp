// Checkpoints a WAL-mode store on its own connection and thread, so that the committing thread
// never copies WAL pages into the database file nor waits for that file's fsync: with SQLite's
// automatic checkpoint those ran inside every ~1000-page commit, on the group-commit path.
//
// The committing connection's WAL hook (install()) wakes the checkpointer after each commit that
// leaves at least `threshold` frames in the WAL that no checkpoint has copied yet; the checkpointer
// runs a PASSIVE checkpoint (it never blocks the writer). Counting only frames not yet copied
// matters: the WAL starts over only when a write begins with every frame copied, which a writer
// committing back to back rarely finds, and counting all frames woke a checkpoint (two fsyncs)
// after every commit once the WAL had `threshold` frames (1,773 checkpoints in a 3 s run).
// So that the WAL does start over, the committing connection itself copies the few frames left
// once the WAL holds 4 × threshold frames and at most threshold / 4 of them are uncopied (a short
// checkpoint, between two commits); should the WAL still grow past 16 × threshold frames, it
// checkpoints whatever is left, as SQLite would have.
// Durability is unchanged: a commit is durable when its WAL frames are synced, which the
// committing connection still does (synchronous=FULL); a checkpoint only moves durable pages.
//
// Thread-safety: construct, install and destroy on the owning thread; the hook runs on the thread
// that commits.
#pragma once

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "support/thread_annotations.hpp"

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

  // Frames copied by the last checkpoint, of the WAL as it was then (0: none, or the WAL started
  // over since). Written by both threads; a stale value only shifts when the next one runs.
  std::atomic<int> backfilled_{0};
  std::atomic<bool> running_{false};
  int last_frames_ = 0;  // the WAL's frames after the previous commit (hook only)

  SQLite::Database db_;
  int threshold_;
  Mutex mu_;
  CondVar cv_{mu_};
  bool due_ GUARDED_BY(mu_) = false;
  bool stopping_ GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace tiaojie::store::internal

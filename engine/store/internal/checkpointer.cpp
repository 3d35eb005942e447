#include "store/internal/checkpointer.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>

#include "support/thread_name.hpp"

namespace tiaojie::store::internal {

Checkpointer::Checkpointer(const std::string& path, std::string_view synchronous, int threshold)
    : db_(path, SQLite::OPEN_READWRITE), threshold_(threshold > 0 ? threshold : 1000) {
  db_.exec(fmt::format("PRAGMA synchronous = {}", synchronous));
  thread_ = std::thread([this] {
    name_this_thread("tiaojie-ckpt");
    loop();
  });
}

Checkpointer::~Checkpointer() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void Checkpointer::install(SQLite::Database& writer) {
  // Replaces the automatic checkpoint: PRAGMA wal_autocheckpoint is itself a WAL hook.
  sqlite3_wal_hook(writer.getHandle(), &Checkpointer::on_wal_commit, this);
}

int Checkpointer::on_wal_commit(void* self_ptr, sqlite3* db, const char* name, int frames) {
  auto* self = static_cast<Checkpointer*>(self_ptr);
  if (frames < self->last_frames_) self->backfilled_ = 0;  // the WAL started over
  self->last_frames_ = frames;
  const int uncopied = frames - std::min(self->backfilled_.load(), frames);
  const int t = self->threshold_;
  if (frames >= 16 * t || (frames >= 4 * t && uncopied <= t / 4 && !self->running_)) {
    // Copy the rest here, with no commit running, so that the next commit starts the WAL over.
    int log = 0, copied = 0;
    if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) ==
        SQLITE_OK) {
      self->backfilled_ = copied;
    }
    return SQLITE_OK;
  }
  if (uncopied >= t) {
    {
      MutexLock lock(self->mu_);
      self->due_ = true;
    }
    self->cv_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::loop() {
  for (;;) {
    {
      MutexLock lock(mu_);
      while (!due_ && !stopping_) cv_.wait();
      if (stopping_) return;
      due_ = false;
    }
    // PASSIVE: copies what no reader still needs, never waits for the writer. A failure (busy,
    // an I/O error) leaves the pages in the WAL, where they are durable; the next commit retries.
    running_ = true;
    int log = 0, copied = 0;
    if (sqlite3_wal_checkpoint_v2(db_.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log,
                                  &copied) == SQLITE_OK) {
      backfilled_ = copied;
    }
    running_ = false;
  }
}

}  // namespace tiaojie::store::internal

// The store thread: the only thread that touches the Store. Group commit: every change that
// arrived while the previous commit ran goes into the next commit, as one transaction, so that the
// cost of a durable commit (an fsync) is shared by the whole batch.
//
// Pacing: under sustained load a group commit starts no sooner than `min_interval` after the
// previous one started, unless `enough` changes are already waiting; a writer that was idle
// commits at once. Back to back, each commit carried a few changes and paid the fixed part of a
// commit for them (the ends of ~15 tables and indexes rewritten to the WAL, the sync): at 10,000
// disputes/s that kept the store thread 98% busy, and any hiccup queued requests behind it
// (docs/benchmarks.md "ingest").
//
// Completions of one batch are delivered together, in submission order, by one post to the
// completion executor (the engine's strand): the engine sees "these changes are durable" only
// after the transaction committed, and only then acknowledges them.
//
// Thread-safety: commit() and run() may be called from any thread; stop() from one thread. The
// queue and the stats are guarded by mu_ (GUARDED_BY); the store is the store thread's alone.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <variant>

#include "daemon/internal/histogram.hpp"
#include "store/store.hpp"
#include "support/thread_annotations.hpp"

namespace tiaojie::daemon::internal {

struct WriterStats {
  std::uint64_t commits = 0;         // transactions
  std::uint64_t changes = 0;         // changes committed (accepted or refused)
  std::uint64_t largest_batch = 0;   // most changes in one transaction
  std::uint64_t failed_commits = 0;  // transactions that failed as a whole (io_error)
  std::uint64_t catch_ups = 0;       // store::Store::catch_up calls that wrote deferred work
  std::uint64_t failed_catch_ups = 0;
  // Time the store thread spent committing and running tasks (not waiting for work): with the
  // wall time, it tells whether the store thread is what limits the intake.
  std::chrono::nanoseconds busy{0};
  std::chrono::nanoseconds busy_cpu{
      0};                           // of it, on the CPU (the rest: waiting for the disk, or a core)
  bool last_commit_failed = false;  // the latest transaction failed as a whole (/readyz)
};

struct Pacing {
  std::chrono::microseconds min_interval{1000};  // Default: 1 ms; 0 = commit back to back.
  std::size_t enough = 64;                       // Default: 64 waiting changes go at once.
  // A store that defers work (store::Store::catch_up, the SQLite store's lean write path) is
  // caught up once this many cases wait, between two rounds of commits: the deferred rows of
  // hundreds of cases share pages (and one sync). The commits queued meanwhile wait for it: at
  // 4,096 a catch-up took ~200 ms on the 2026-12-04 machine and the p99 at 5,000/s offered went
  // from 55–114 ms to 280–290 ms. Default: 512.
  std::size_t catch_up_at = 512;
  // ... and when no work arrived for this long. Default: 50 ms.
  std::chrono::milliseconds idle_catch_up{50};
};

class Writer {
 public:
  static constexpr std::size_t k_default_max_batch = 8192;

  // Called on the completion executor with the change's outcome.
  using Done = std::function<void(store::ChangeOutcome)>;
  // Runs on the store thread with exclusive use of the store (reads, rule-set versions, …).
  using Task = std::function<void(store::Store&)>;

  // REQUIRES: store != nullptr. `max_batch` bounds a transaction (latency of the first change).
  Writer(std::unique_ptr<store::Store> store, boost::asio::any_io_executor completions,
         std::size_t max_batch = k_default_max_batch, Pacing pacing = {});
  ~Writer();

  void start();
  // Runs `f` with the store on the calling thread. REQUIRES: start() not called yet (the engine
  // reads its open cases this way before serving).
  template <class F>
  auto with_store_unstarted(F&& f) {
    return f(*store_);
  }
  // Queues a change for the next group commit, prepared first (store::prepare) on the calling
  // thread.
  void commit(store::Change change, Done done) EXCLUDES(mu_);
  // Queues a task; it runs after every change queued before it has been committed, and before
  // every change queued after it.
  void run(Task task) EXCLUDES(mu_);
  // Queues a read-only task (a client's `get`): it runs after every change queued before it has
  // been committed, but changes and tasks queued after it may go first. Reads wait in a queue of
  // their own and at most k_reads_per_round run between two rounds of commits: in the one queue,
  // 16 clients pipelining `get`s put thousands of reads ahead of every submit, and a steady
  // client's acknowledgement waited up to a second (tests/abuse, slow readers).
  void read(Task task) EXCLUDES(mu_);
  static constexpr std::size_t k_reads_per_round = 32;
  // Commits what is queued, runs queued tasks, then ends the thread. Idempotent.
  void stop() EXCLUDES(mu_);

  [[nodiscard]] WriterStats stats() const EXCLUDES(mu_);
  [[nodiscard]] std::size_t queued() const EXCLUDES(mu_);
  // Changes per transaction (group-commit size), for /metrics. Any thread.
  [[nodiscard]] HistogramSnapshot batch_sizes() const { return batch_sizes_.snapshot(); }

 private:
  struct Pending {
    store::Change change;
    Done done;
  };
  using Item = std::variant<Pending, Task>;

  void loop() EXCLUDES(mu_);
  void flush(std::vector<Pending>& batch) EXCLUDES(mu_);
  // Writes the store's deferred work (store thread only).
  void catch_up() EXCLUDES(mu_);

  std::unique_ptr<store::Store> store_;
  boost::asio::any_io_executor completions_;
  std::size_t max_batch_;
  Pacing pacing_;

  mutable Mutex mu_;
  CondVar cv_{mu_};
  std::deque<Item> queue_ GUARDED_BY(mu_);
  std::deque<Task> reads_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  // The store thread waits for work (not pacing): wake it on any change.
  bool idle_ GUARDED_BY(mu_) = false;
  WriterStats stats_ GUARDED_BY(mu_);
  Histogram batch_sizes_{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};  // atomic
  std::thread thread_;
};

}  // namespace tiaojie::daemon::internal

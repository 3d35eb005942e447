#include "daemon/internal/writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <ctime>

#include "support/thread_name.hpp"

namespace tiaojie::daemon::internal {
namespace {

std::chrono::nanoseconds thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

Writer::Writer(std::unique_ptr<store::Store> store, boost::asio::any_io_executor completions,
               std::size_t max_batch, Pacing pacing)
    : store_(std::move(store)),
      completions_(std::move(completions)),
      max_batch_(max_batch),
      pacing_(pacing) {}

Writer::~Writer() { stop(); }

void Writer::start() {
  thread_ = std::thread([this] {
    name_this_thread("tiaojie-store");
    loop();
  });
}

void Writer::commit(store::Change change, Done done) {
  // On the caller's thread (the engine's strand): the store thread, which limits the intake, then
  // only looks up, binds and steps.
  store::prepare(change);
  bool wake = false;
  {
    MutexLock lock(mu_);
    queue_.emplace_back(Pending{std::move(change), std::move(done)});
    // A pacing store thread wakes at its time or when enough is waiting, not for every change.
    wake = idle_ || queue_.size() == pacing_.enough;
  }
  if (wake) cv_.notify_one();
}

void Writer::run(Task task) {
  {
    MutexLock lock(mu_);
    queue_.emplace_back(std::move(task));
  }
  cv_.notify_one();
}

void Writer::read(Task task) {
  {
    MutexLock lock(mu_);
    reads_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void Writer::stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

WriterStats Writer::stats() const {
  MutexLock lock(mu_);
  return stats_;
}

std::size_t Writer::queued() const {
  MutexLock lock(mu_);
  return queue_.size() + reads_.size();
}

void Writer::loop() {
  std::deque<Item> work;
  std::vector<Task> reads;
  std::vector<Pending> batch;
  auto last_start = std::chrono::steady_clock::now() - pacing_.min_interval;
  for (;;) {
    // What to do when no work came: wait, write the store's deferred work once the intake has
    // paused for idle_catch_up, or (stopping) write it and end.
    enum class Idle { work, catch_up, stop } next = Idle::work;
    {
      MutexLock lock(mu_);
      idle_ = true;
      const bool deferred = store_->deferred() > 0;  // the store is this thread's own
      const auto catch_up_by = std::chrono::steady_clock::now() + pacing_.idle_catch_up;
      while (!stopping_ && queue_.empty() && reads_.empty()) {
        if (!deferred) {
          cv_.wait();
        } else if (!cv_.wait_until(catch_up_by) && queue_.empty() && reads_.empty()) {
          next = Idle::catch_up;
          break;
        }
      }
      idle_ = false;
      if (queue_.empty() && reads_.empty() && stopping_) next = Idle::stop;
    }
    if (next != Idle::work) {
      catch_up();
      if (next == Idle::stop) return;
      continue;
    }
    {
      MutexLock lock(mu_);
      const auto due = last_start + pacing_.min_interval;
      // Pacing gathers changes into fewer commits; reads waiting are served meanwhile instead.
      if (!stopping_ && reads_.empty() && queue_.size() < pacing_.enough &&
          std::chrono::steady_clock::now() < due) {
        while (!stopping_ && queue_.size() < pacing_.enough &&
               std::chrono::steady_clock::now() < due)
          cv_.wait_until(due);
      }
      if (!queue_.empty()) last_start = std::chrono::steady_clock::now();
      work.swap(queue_);  // everything that arrived while the last commit ran
      // Reads queued before this round's changes see them: they run after them.
      while (!reads_.empty() && reads.size() < k_reads_per_round) {
        reads.push_back(std::move(reads_.front()));
        reads_.pop_front();
      }
    }
    const auto began = std::chrono::steady_clock::now();
    const auto began_cpu = thread_cpu();
    // Sized once: growing it by doubling moved every pending change several times per batch.
    batch.reserve(std::min(work.size(), max_batch_));
    for (auto& item : work) {
      if (auto* p = std::get_if<Pending>(&item)) {
        batch.push_back(std::move(*p));
        if (batch.size() >= max_batch_) flush(batch);
      } else {
        flush(batch);  // a task sees every change queued before it
        std::get<Task>(item)(*store_);
      }
    }
    work.clear();
    flush(batch);
    for (auto& task : reads) task(*store_);
    reads.clear();
    if (store_->deferred() >= pacing_.catch_up_at) catch_up();
    const auto spent = std::chrono::steady_clock::now() - began;
    const auto spent_cpu = thread_cpu() - began_cpu;
    MutexLock lock(mu_);
    stats_.busy += spent;
    stats_.busy_cpu += spent_cpu;
  }
}

void Writer::catch_up() {
  if (store_->deferred() == 0) return;
  auto done = store_->catch_up();
  if (!done) spdlog::error("writing deferred store work failed: {}", done.error().to_string());
  MutexLock lock(mu_);
  if (done) {
    ++stats_.catch_ups;
  } else {
    ++stats_.failed_catch_ups;
  }
}

void Writer::flush(std::vector<Pending>& batch) {
  if (batch.empty()) return;
  std::vector<store::Change> changes;
  changes.reserve(batch.size());
  for (auto& p : batch) changes.push_back(std::move(p.change));
  auto outcomes = store_->commit(changes);
  {
    MutexLock lock(mu_);
    ++stats_.commits;
    stats_.changes += batch.size();
    if (batch.size() > stats_.largest_batch) stats_.largest_batch = batch.size();
    if (!outcomes) ++stats_.failed_commits;
    stats_.last_commit_failed = !outcomes;
  }
  batch_sizes_.observe(batch.size());
  if (!outcomes)
    spdlog::error("commit of {} changes failed: {}", batch.size(), outcomes.error().to_string());
  // One post per batch: the engine handles the whole batch's completions in one go. The changes
  // go along to be freed there, off the store thread, which is the intake's bottleneck.
  boost::asio::post(completions_, [dones = std::move(batch), results = std::move(outcomes),
                                   freed_here = std::move(changes)]() mutable {
    for (std::size_t i = 0; i < dones.size(); ++i) {
      if (results) {
        dones[i].done(std::move((*results)[i]));
      } else {
        dones[i].done(std::unexpected(results.error()));
      }
    }
  });
  batch = {};  // moved away; loop() reserves the next one
}

}  // namespace tiaojie::daemon::internal

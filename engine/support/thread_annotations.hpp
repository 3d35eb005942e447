// Clang's thread-safety annotations (-Wthread-safety), as LevelDB's port/thread_annotations.h and
// Abseil's absl/base/thread_annotations.h define them, and the mutex types that carry them.
//
// The convention (docs/threads.md):
//   - a member touched by more than one thread is either std::atomic, or GUARDED_BY the Mutex
//     that protects it;
//   - a function that must be called with a mutex held says REQUIRES(mu), one that takes it
//     itself says EXCLUDES(mu);
//   - a member touched on one strand or one thread only says so in its comment ("strand only");
//     the analysis cannot see strands, ThreadSanitizer (.ci/tsan) checks those at run time.
//
// The checks run under clang only (.ci/thread-safety: clang -fsyntax-only -Wthread-safety over
// the daemon's sources); under GCC, which builds the project, every macro expands to nothing.
//
// libstdc++'s std::mutex carries no capability attribute (libc++'s does, on request), so the
// analysis cannot follow it: annotated code locks a tiaojie::Mutex through a MutexLock, and waits
// on a CondVar, which wrap std::mutex and std::condition_variable at no cost.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#if defined(__clang__)
#define TIAOJIE_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define TIAOJIE_THREAD_ANNOTATION(x)
#endif

// A type that is a capability (a mutex).
#define CAPABILITY(x) TIAOJIE_THREAD_ANNOTATION(capability(x))
// An RAII type that holds a capability for its lifetime.
#define SCOPED_CAPABILITY TIAOJIE_THREAD_ANNOTATION(scoped_lockable)
// The member is read and written only with `x` held.
#define GUARDED_BY(x) TIAOJIE_THREAD_ANNOTATION(guarded_by(x))
// What the pointer points at is read and written only with `x` held.
#define PT_GUARDED_BY(x) TIAOJIE_THREAD_ANNOTATION(pt_guarded_by(x))
// The caller must hold the capabilities.
#define REQUIRES(...) TIAOJIE_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// The caller must not hold the capabilities (the function takes them itself).
#define EXCLUDES(...) TIAOJIE_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// The function takes (releases) the capabilities and returns holding (not holding) them.
#define ACQUIRE(...) TIAOJIE_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) TIAOJIE_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
// The function takes the capability when it returns `x`.
#define TRY_ACQUIRE(...) TIAOJIE_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
// Tells the analysis that the capability is held here (checked at run time, if at all).
#define ASSERT_CAPABILITY(x) TIAOJIE_THREAD_ANNOTATION(assert_capability(x))
// The function returns a reference to the capability.
#define RETURN_CAPABILITY(x) TIAOJIE_THREAD_ANNOTATION(lock_returned(x))
// Opts a function out of the analysis. Every use says why in a comment.
#define NO_THREAD_SAFETY_ANALYSIS TIAOJIE_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace tiaojie {

// std::mutex with the capability attribute. Thread-safe.
class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() ACQUIRE() { mu_.lock(); }
  void unlock() RELEASE() { mu_.unlock(); }
  [[nodiscard]] bool try_lock() TRY_ACQUIRE(true) { return mu_.try_lock(); }

 private:
  friend class CondVar;
  std::mutex mu_;
};

// Holds a Mutex for its scope (std::lock_guard for Mutex).
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  ~MutexLock() RELEASE() { mu_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mu_;
};

// std::condition_variable over a Mutex (LevelDB's port::CondVar). Waits take no predicate: the
// caller loops (`while (!ready) cv.wait();`), so that the condition is read where the analysis
// sees the mutex held, which it does not inside a lambda.
// Thread-safety: notify from any thread; wait with the mutex held. The waits carry no REQUIRES:
// the analysis cannot tell that the caller's mutex and the one bound here are the same (LevelDB
// leaves its CondVar::Wait unannotated for the same reason); the caller's own guarded reads around
// the wait are what it checks.
class CondVar {
 public:
  explicit CondVar(Mutex& mu) : mu_(mu) {}
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // Releases the mutex while waiting; holds it again on return (spurious wake-ups included).
  void wait() {
    std::unique_lock lock(mu_.mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();
  }
  // As wait(), until `deadline` at the latest. Returns false once the deadline has passed.
  template <class Clock, class Duration>
  bool wait_until(std::chrono::time_point<Clock, Duration> deadline) {
    std::unique_lock lock(mu_.mu_, std::adopt_lock);
    const bool woken = cv_.wait_until(lock, deadline) == std::cv_status::no_timeout;
    lock.release();
    return woken;
  }
  void notify_one() { cv_.notify_one(); }
  void notify_all() { cv_.notify_all(); }

 private:
  Mutex& mu_;
  std::condition_variable cv_;
};

}  // namespace tiaojie

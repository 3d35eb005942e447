// One computation of a view shared by every request that asks for it within `max_age` (the
// workbench's dashboard: 20 browsers refreshing it every second need one backlog count a second,
// not twenty, each of which walks every open case on the engine's strand). Requests that arrive
// while a computation runs wait for it rather than starting another.
// Thread-safety: get() from any thread; `compute` is called without the lock held, and the
// answers are called on the thread that completes the computation.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "model/error.hpp"
#include "support/thread_annotations.hpp"

namespace tiaojie::daemon::http {

template <class T>
class SharedView {
 public:
  using Answer = std::function<void(Result<std::shared_ptr<const T>>)>;
  // Starts one computation; calls its argument once with the result.
  using Compute = std::function<void(std::function<void(Result<T>)>)>;
  using Now = std::function<std::chrono::steady_clock::time_point()>;

  SharedView(
      std::chrono::milliseconds max_age, Compute compute,
      Now now = [] { return std::chrono::steady_clock::now(); })
      : max_age_(max_age), compute_(std::move(compute)), now_(std::move(now)) {}

  void get(Answer answer) EXCLUDES(mu_) {
    std::shared_ptr<const T> fresh;
    {
      MutexLock lock(mu_);
      if (last_ && now_() - at_ < max_age_) {
        fresh = last_;
      } else {
        waiting_.push_back(std::move(answer));
        if (computing_) return;
        computing_ = true;
      }
    }
    if (fresh) {
      answer(std::move(fresh));
      return;
    }
    compute_([this](Result<T> result) { finish(std::move(result)); });
  }

 private:
  void finish(Result<T> result) EXCLUDES(mu_) {
    std::vector<Answer> answers;
    Result<std::shared_ptr<const T>> shared =
        result ? Result<std::shared_ptr<const T>>(std::make_shared<const T>(std::move(*result)))
               : std::unexpected(result.error());
    {
      MutexLock lock(mu_);
      computing_ = false;
      if (shared) {
        last_ = *shared;
        at_ = now_();
      }
      answers.swap(waiting_);
    }
    for (auto& a : answers) a(shared);
  }

  const std::chrono::milliseconds max_age_;
  const Compute compute_;
  const Now now_;
  Mutex mu_;
  std::shared_ptr<const T> last_ GUARDED_BY(mu_);
  std::chrono::steady_clock::time_point at_ GUARDED_BY(mu_);
  bool computing_ GUARDED_BY(mu_) = false;
  std::vector<Answer> waiting_ GUARDED_BY(mu_);
};

}  // namespace tiaojie::daemon::http

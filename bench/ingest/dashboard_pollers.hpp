// Browsers keeping the workbench's dashboard open: K threads, each signed in as its own session,
// asking for /dashboard once a second over a kept-alive HTTP connection until stopped, as a
// dashboard page that refreshes itself would. Issue 18's target: durable TCP ingest with 20 of them
// stays at 90% of ingest without them, in the same run.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

namespace tiaojie::bench {

class DashboardPollers {
 public:
  // Signs `count` sessions in as `name` / `password` on 127.0.0.1:`port` (each sign-in is an
  // Argon2 check: done before any timing) and returns when all are in; polling starts with
  // set_active(true).
  DashboardPollers(unsigned short port, int count, const std::string& name,
                   const std::string& password);
  ~DashboardPollers();  // stops and joins
  DashboardPollers(const DashboardPollers&) = delete;
  DashboardPollers& operator=(const DashboardPollers&) = delete;

  void set_active(bool active) { active_ = active; }

  // Dashboards answered 200, and those that were not (or failed), so far.
  [[nodiscard]] std::size_t answered() const { return answered_; }
  [[nodiscard]] std::size_t failed() const { return failed_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> active_{false};
  std::atomic<int> signed_in_{0};
  std::atomic<std::size_t> answered_{0}, failed_{0};
  std::vector<std::thread> threads_;
};

}  // namespace tiaojie::bench

// The one way a test waits for something another thread or process does.
#pragma once

#include <chrono>
#include <thread>

namespace tiaojie::test {

// Waits (up to about fifteen seconds) until `pred` holds: for effects of timers, file watches,
// sessions and other processes. Not a timing assertion: the test fails only if it never holds,
// and a passing test waits no longer than its effect takes. The limit is generous because the
// same tests run under ThreadSanitizer, in CI beside a build on the same two cores.
template <class F>
bool eventually(F&& pred) {
  for (int i = 0; i < 750; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace tiaojie::test

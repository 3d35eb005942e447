// SharedView: one computation serves every request within its age, and requests that arrive while
// one runs wait for it.
#include "daemon/http/shared_view.hpp"

#include <doctest/doctest.h>

namespace tiaojie::test {

TEST_CASE("a shared view is computed once per max_age, and waiters share the running one") {
  using namespace std::chrono_literals;
  std::chrono::steady_clock::time_point now{};
  int computed = 0;
  std::function<void(Result<int>)> pending;  // the computation in progress, completed by hand
  daemon::http::SharedView<int> view(
      1000ms,
      [&](std::function<void(Result<int>)> done) {
        ++computed;
        pending = std::move(done);
      },
      [&] { return now; });
  std::vector<int> got;  // each answer's value, -1 for an error
  auto answer = [&](Result<std::shared_ptr<const int>> r) { got.push_back(r ? **r : -1); };
  view.get(answer);
  view.get(answer);  // arrives while the first runs: waits for it
  CHECK(computed == 1);
  CHECK(got.empty());
  pending(Result<int>(7));
  CHECK(got == std::vector<int>{7, 7});
  now += 999ms;
  view.get(answer);  // fresh: no computation
  CHECK(computed == 1);
  CHECK(got.back() == 7);
  now += 2ms;
  view.get(answer);  // stale: computed again
  CHECK(computed == 2);
  pending(std::unexpected(io_error("store stopping")));
  CHECK(got == std::vector<int>{7, 7, 7, -1});
  view.get(answer);  // an error is not kept: the next request computes again
  CHECK(computed == 3);
}

}  // namespace tiaojie::test

// The store thread's queue: reads (a client's `get`) wait in a queue of their own and go a few per
// round, so that a change is not committed only after every read queued before it.
#include "daemon/internal/writer.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <thread>

#include "store/memory_store.hpp"

using namespace tiaojie;
using tiaojie::daemon::internal::Writer;

namespace {

// How many of `n` tasks queued through `queue` (each counting itself) ran before a task queued
// after them with Writer::run: the store thread is held while they are queued.
template <class Queue>
int queued_ahead_that_ran_first(int n, Queue queue) {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread completions([&] { io.run(); });
  std::atomic<int> ran{0};
  int ran_first = -1;
  {
    Writer w(std::make_unique<store::MemoryStore>(), io.get_executor());
    w.start();
    std::promise<void> go;
    auto gate = go.get_future().share();
    w.run([gate](store::Store&) { gate.wait(); });
    for (int i = 0; i < n; ++i) queue(w, [&ran](store::Store&) { ++ran; });
    w.run([&](store::Store&) { ran_first = ran.load(); });
    go.set_value();
    w.stop();
    CHECK(ran.load() == n);  // every read still runs
  }
  guard.reset();
  completions.join();
  return ran_first;
}

}  // namespace

// Found by tests/abuse (slow readers): with `get` in the one queue, 16 clients pipelining gets put
// thousands of reads ahead of every submit, whose acknowledgement waited up to a second.
TEST_CASE("work queued after many reads does not wait for all of them") {
  const int n = 1000;
  // In the one queue (Writer::run, what `get` used): strictly in order.
  CHECK(queued_ahead_that_ran_first(n, [](Writer& w, Writer::Task t) { w.run(std::move(t)); }) ==
        n);
  // As reads: at most a round of them first.
  CHECK(queued_ahead_that_ran_first(n, [](Writer& w, Writer::Task t) { w.read(std::move(t)); }) <=
        static_cast<int>(Writer::k_reads_per_round));
}

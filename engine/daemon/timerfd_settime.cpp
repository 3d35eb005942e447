// Asio's epoll reactor keeps its timers on one timerfd (CLOCK_MONOTONIC). This definition of
// timerfd_settime, linked into every binary that runs the daemon's event loop, takes Asio's calls
// straight to the kernel, as glibc's own wrapper does.
//
// Why: libfaketime, which moves the wall clock for the date tests (.ci/dates, and the
// `FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f +400d …` any date-proof check runs), wraps
// timerfd_settime and moves every absolute time by the fake offset as if the timer were on
// CLOCK_REALTIME (0.9.10, timer_settime_common: "only CLOCK_REALTIME is handled"). Asio arms a
// timer that is already due as the absolute time 1 ns; moved back 400 days it is negative, the
// kernel refuses it (EINVAL, seen with strace), Asio does not check, and the due timer waited for
// the next one to be armed. Under `faketime -f +400d` that failed `a client that stops reading its
// answers is closed after the idle timeout` in 5 runs of 5, and hung two other daemon tests for
// their 300 s. A definition in the executable is found before the preloaded library's, so the
// wrapper is never reached; the monotonic clock is the real one anyway
// (FAKETIME_DONT_FAKE_MONOTONIC), and nothing of ours arms a CLOCK_REALTIME timerfd. The
// sanitizers' interceptors of timerfd_settime are passed by too: all they add is a check of the
// two structs' memory, which is Asio's own, on its stack.
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

extern "C" int timerfd_settime(int fd, int flags, const struct itimerspec* new_value,
                               struct itimerspec* old_value) noexcept {
  return static_cast<int>(::syscall(SYS_timerfd_settime, fd, flags, new_value, old_value));
}
